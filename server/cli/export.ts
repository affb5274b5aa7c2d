import { basename, join } from "node:path";
import type { BatchSpec, FileResult } from "../../shared/threads";
import { type LanguageService, toCsv } from "../src/index";
import { CliError, type Io, isFsError } from "./files";
import { arrayElement, type Gatherer, JsonArray, printLines, type Work } from "./work";
import { OutputFile, outputFolderProblem, writeOutput } from "./write";

/**
 * `verbatim export`: each record as data, from its cleaned text. `--format json` (the default)
 * writes one JSON array on standard output (schemas/export.schema.json), or records.json in
 * `--out DIR`; `--format akn` writes an Akoma Ntoso debate per record: on standard output for one
 * file, or `NAME.akn.xml` in `--out DIR` (no file is written twice in a run: a second record named
 * NAME is written as `NAME-2.akn.xml`); `--format csv` writes `speeches.csv` and `votes.csv` of all
 * the records into `--out DIR`. Each record is made where its file is read (a batch thread with
 * --jobs); the main thread writes them, in input order, a record at a time.
 */
export function exportWork(service: LanguageService, spec: Pick<BatchSpec, "format" | "out">): Work {
  return (doc, file, _read, io, result) => {
    if (spec.format === "json") {
      result.json = arrayElement(service.exportRecord(doc, file));
      return;
    }
    if (spec.format === "csv") {
      const { speeches, votes } = toCsv([service.exportRecord(doc, file)]);
      // Less the header rows: the main thread writes those once.
      const s = speeches.slice(CSV_HEADERS.speeches.length);
      const v = votes.slice(CSV_HEADERS.votes.length);
      result.csv = { speeches: s, votes: v, speechRows: rows(s), voteRows: rows(v) };
      return;
    }
    const xml = service.exportAkomaNtoso(doc, file);
    if (spec.out) result.xml = xml;
    else io.out(xml.trimEnd());
  };
}

const CSV_HEADERS = toCsv([]);
const rows = (csv: string) => csv.split("\r\n").length - 1;

/** Why an export cannot run with these options (several: more than one file to export). */
export function exportProblem(spec: Pick<BatchSpec, "format" | "out">, several: boolean): string | undefined {
  if (spec.format === "akn" && several && !spec.out) return "--format akn with several files needs --out DIR";
  if (spec.format === "csv" && !spec.out)
    return "--format csv writes two tables (speeches.csv, votes.csv) and needs --out DIR";
  if (spec.out) {
    const problem = outputFolderProblem(spec.out);
    if (problem) return `--out ${spec.out}: ${problem}`;
  }
  return undefined;
}

/** Each record's export written in input order; the tables and records.json put in place at the end. */
export class ExportOutput implements Gatherer {
  /** The names written in this run (in lower case: a folder may not tell case apart), and by what. */
  private readonly taken = new Map<string, string>();
  private readonly array: JsonArray | undefined;
  private readonly records: OutputFile | undefined;
  private readonly tables:
    | { speeches: OutputFile; votes: OutputFile; speechRows: number; voteRows: number }
    | undefined;

  constructor(
    private readonly spec: Pick<BatchSpec, "format" | "out">,
    private readonly io: Io,
  ) {
    const out = spec.out;
    if (spec.format === "json") {
      this.records = out ? new OutputFile(join(out, "records.json")) : undefined;
      const records = this.records;
      this.array = new JsonArray(records ? (s) => records.write(`${s}\n`) : io.out);
    }
    if (spec.format === "csv" && out) {
      this.tables = {
        speeches: new OutputFile(join(out, "speeches.csv")),
        votes: new OutputFile(join(out, "votes.csv")),
        speechRows: 0,
        voteRows: 0,
      };
      this.tables.speeches.write(CSV_HEADERS.speeches);
      this.tables.votes.write(CSV_HEADERS.votes);
    }
  }

  take(file: string, result: FileResult): number {
    printLines(this.io, result);
    if (result.json !== undefined) this.array?.add(result.json);
    if (result.csv && this.tables) {
      this.tables.speeches.write(result.csv.speeches);
      this.tables.votes.write(result.csv.votes);
      this.tables.speechRows += result.csv.speechRows;
      this.tables.voteRows += result.csv.voteRows;
    }
    if (result.xml !== undefined && this.spec.out) {
      try {
        this.writeAkn(file, result.xml);
      } catch (e) {
        if (e instanceof CliError) this.io.err(`verbatim: ${e.message}`);
        else if (isFsError(e)) this.io.err(`verbatim: ${file}: ${e.message}`);
        else throw e;
        return 2;
      }
    }
    return result.exit;
  }

  private writeAkn(file: string, xml: string): void {
    const out = this.spec.out as string;
    // Two records of one name (in different folders) are both written: the second as NAME-2.
    const name = basename(file).replace(/\.(?:txt|transcript)$/i, "");
    let target = join(out, `${name}.akn.xml`);
    const first = this.taken.get(target.toLowerCase());
    for (let n = 2; this.taken.has(target.toLowerCase()); n++) target = join(out, `${name}-${n}.akn.xml`);
    this.taken.set(target.toLowerCase(), file);
    writeOutput(target, Buffer.from(xml));
    this.io.err(`${file}: ${target}${first ? ` (${name}.akn.xml is ${first}'s)` : ""}`);
  }

  end(): number {
    this.array?.end();
    // A file written at the end of the run: a failure is one line and exit status 2.
    const committed = (file: OutputFile): boolean => {
      try {
        file.commit();
        return true;
      } catch (e) {
        if (!(e instanceof CliError) && !isFsError(e)) throw e;
        this.io.err(`verbatim: ${file.path}: ${e.message}`);
        return false;
      }
    };
    if (this.tables) {
      const { speeches, votes, speechRows, voteRows } = this.tables;
      if (!committed(speeches)) {
        votes.abort();
        return 2;
      }
      this.io.err(`${speeches.path}: ${speechRows} rows`);
      if (!committed(votes)) return 2;
      this.io.err(`${votes.path}: ${voteRows} rows`);
    }
    if (this.records && !committed(this.records)) return 2;
    return 0;
  }
}
