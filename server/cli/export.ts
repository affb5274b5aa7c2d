import { basename, join } from "node:path";
import { type LanguageService, type RecordExport, toCsv } from "../src/index";
import { CliError, eachDocument, type Io, isFsError } from "./files";
import { outputFolderProblem, writeOutput } from "./write";

/**
 * `verbatim export`: each record as data, from its cleaned text. `--format json` (the default)
 * writes one JSON array on standard output (schemas/export.schema.json); `--format akn` writes an
 * Akoma Ntoso debate per record: on standard output for one file, or `NAME.akn.xml` in `--out DIR`
 * (no file is written twice in a run: a second record named NAME is written as `NAME-2.akn.xml`);
 * `--format csv` writes `speeches.csv` and `votes.csv` of all the records into `--out DIR`.
 */
export function exportFiles(
  service: LanguageService,
  files: string[],
  options: { format: string; out?: string },
  io: Io,
): number {
  const records: RecordExport[] = [];
  if (options.format === "akn" && files.length > 1 && !options.out) {
    io.err("verbatim: --format akn with several files needs --out DIR");
    return 2;
  }
  if (options.format === "csv" && !options.out) {
    io.err("verbatim: --format csv writes two tables (speeches.csv, votes.csv) and needs --out DIR");
    return 2;
  }
  if (options.out) {
    const problem = outputFolderProblem(options.out);
    if (problem) {
      io.err(`verbatim: --out ${options.out}: ${problem}`);
      return 2;
    }
  }
  // The names written in this run (in lower case: a folder may not tell case apart), and by what.
  const taken = new Map<string, string>();
  const status = eachDocument(service, files, io, (doc, file) => {
    if (options.format === "json" || options.format === "csv") {
      records.push(service.exportRecord(doc, file));
      return;
    }
    const xml = service.exportAkomaNtoso(doc, file);
    if (options.out) {
      // Two records of one name (in different folders) are both written: the second as NAME-2.
      const name = basename(file).replace(/\.(?:txt|transcript)$/i, "");
      let target = join(options.out, `${name}.akn.xml`);
      const first = taken.get(target.toLowerCase());
      for (let n = 2; taken.has(target.toLowerCase()); n++) target = join(options.out, `${name}-${n}.akn.xml`);
      taken.set(target.toLowerCase(), file);
      writeOutput(target, Buffer.from(xml));
      io.err(`${file}: ${target}${first ? ` (${name}.akn.xml is ${first}'s)` : ""}`);
    } else io.out(xml.trimEnd());
  });
  // A file written at the end of the run: a failure is one line and exit status 2.
  const written = (target: string, text: string): boolean => {
    try {
      writeOutput(target, Buffer.from(text));
      return true;
    } catch (e) {
      if (!(e instanceof CliError) && !isFsError(e)) throw e;
      io.err(`verbatim: ${target}: ${e.message}`);
      return false;
    }
  };
  if (options.format === "csv" && options.out) {
    const tables = toCsv(records);
    for (const [name, text] of [
      ["speeches.csv", tables.speeches],
      ["votes.csv", tables.votes],
    ] as const) {
      const target = join(options.out, name);
      if (!written(target, text)) return 2;
      io.err(`${target}: ${text.split("\r\n").length - 2} rows`);
    }
  }
  if (options.format === "json") {
    const json = `${JSON.stringify(records, null, 2)}\n`;
    if (!options.out) io.out(json.trimEnd());
    else if (!written(join(options.out, "records.json"), json)) return 2;
  }
  return status;
}
