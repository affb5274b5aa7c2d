// The batch commands (`check`, `outline`, `fix`, `export`) as two halves: the work on one file,
// which runs wherever the file is read (this thread, or a batch thread with --jobs), and what the
// main thread does with each file's result, in input order: print it, count it for the summary,
// write the outputs that gather every file (export's tables).
import type { BatchSpec, FileResult } from "../../shared/threads";
import {
  DEFAULT_SETTINGS,
  type LanguageService,
  type Speech,
  type TranscriptModel,
  voteDetail,
  voteName,
} from "../src/index";
import { ExportOutput, exportWork } from "./export";
import type { Io } from "./files";
import { fixWork } from "./fix";
import { plural, type Style, styleFor, visible } from "./style";
import { arrayElement, type Gatherer, JsonArray, printLines, type Work } from "./work";

/** The style a spec's output is printed in. */
export function specStyle(spec: BatchSpec): Style {
  return styleFor({ isTTY: spec.color }, {});
}

/** The work on one file for a command. */
export function workFor(spec: BatchSpec, service: LanguageService): Work {
  const style = specStyle(spec);
  if (spec.command === "check") return checkWork(service, spec.json, style);
  if (spec.command === "outline") return outlineWork(service, spec.json, style);
  if (spec.command === "fix") return fixWork(service, spec);
  return exportWork(service, spec);
}

/** What the main thread does with each file's result for a command. */
export function gathererFor(spec: BatchSpec, io: Io): Gatherer {
  if (spec.command === "check") return new CheckSummary(spec.json, io, specStyle(spec));
  if (spec.command === "export") return new ExportOutput(spec, io);
  return new Printer(spec.json, io);
}

/** Prints each file's lines, and its elements of the JSON array with --json. */
class Printer implements Gatherer {
  private readonly array: JsonArray | undefined;
  constructor(
    json: boolean,
    protected readonly io: Io,
  ) {
    this.array = json ? new JsonArray(io.out) : undefined;
  }

  take(_file: string, result: FileResult): number {
    printLines(this.io, result);
    if (result.json !== undefined) this.array?.add(result.json);
    return result.exit;
  }

  end(): number {
    this.array?.end();
    return 0;
  }
}

function speechJson(s: Speech, m: TranscriptModel) {
  const h = s.header;
  const start = m.lines.positionAt(h.span.start);
  return {
    line: start.line + 1,
    column: start.character + 1,
    endLine: s.endLine + 1,
    speaker: h.display,
    title: h.title,
    name: h.name,
    entity: h.entity,
    role: h.role,
    note: h.note,
    words: s.wordCount,
  };
}

/** Why a record has no speeches, in a line a person reads. */
const NO_SPEECHES =
  "0 speeches: no speaker header found (such as `The President:` or `Mrs. Aitimova (Kazakhstan):`), " +
  "so the text reads as plain text; every check still runs";

function outlineWork(service: LanguageService, json: boolean, style: Style): Work {
  return (doc, file, _read, io, result) => {
    const model = service.model(doc);
    const c = model.cover;
    const record = c
      ? {
          symbol: c.symbol?.text ?? null,
          organ: c.organ?.text ?? null,
          period: c.period?.text ?? null,
          meeting: c.meeting?.number ?? null,
          date: c.date?.text ?? null,
          time: c.time?.text ?? null,
          president: c.president ? `${c.president.name} (${c.president.entity})` : null,
        }
      : null;
    if (json) {
      result.json = arrayElement({
        file,
        language: model.language,
        record,
        agendaItems: model.agendaItems.map((a) => ({ line: a.startLine + 1, label: a.label, title: a.title })),
        speeches: model.speeches.map((s) => speechJson(s, model)),
        votes: model.votes.map((v) => ({ line: v.startLine + 1, name: voteName(v), detail: voteDetail(v) })),
      });
      return;
    }
    const about = record
      ? `  ${visible([record.symbol, record.organ, record.meeting ? `meeting ${record.meeting}` : null, record.date].filter(Boolean).join(" · "))}`
      : "";
    io.out(`${style.bold(visible(file))}${style.dim(about)}`);
    // Agenda items, speeches and votes in the record's order; speeches and votes under their item.
    const rows = [
      ...model.agendaItems.map((a) => ({
        line: a.startLine,
        text: `  ${visible(a.label)}${a.title ? `: ${visible(a.title)}` : ""}`,
      })),
      ...model.speeches.map((s) => ({
        line: s.startLine,
        text: `    ${visible(s.header.display)}${s.header.note ? ` (${visible(s.header.note)})` : ""} — ${s.wordCount} words`,
      })),
      ...model.votes.map((v) => ({ line: v.startLine, text: `    ${visible(voteName(v))} (${voteDetail(v)})` })),
    ].sort((a, b) => a.line - b.line);
    for (const r of rows) io.out(`  ${String(r.line + 1).padStart(5)}${r.text}`);
    io.out(`  ${model.speeches.length ? plural(model.speeches.length, "speech", "speeches") : NO_SPEECHES}`);
  };
}

/** `4 page-artifact, 2 broken-hyphenation`: counts per code, the most frequent first. */
function byCode(counts: Map<string, number>): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([code, n]) => `${n} ${code}`)
    .join(", ");
}

function checkWork(service: LanguageService, json: boolean, style: Style): Work {
  return (doc, file, _read, io, result) => {
    const { diagnostics, counts } = service.diagnostics(doc, {
      ...DEFAULT_SETTINGS,
      maxProblems: Number.MAX_SAFE_INTEGER,
    });
    result.exit = diagnostics.length > 0 ? 1 : 0;
    if (json) {
      result.json = arrayElement({
        file,
        counts,
        diagnostics: diagnostics.map((d) => ({
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: d.severity,
          code: d.code,
          message: d.message,
          ...(d.data ? { fix: { title: d.data.title, safe: d.data.safe, edits: d.data.edits } } : {}),
        })),
      });
      return;
    }
    // In the order of the text, as a person reads the file (the service gives them by rule).
    const ordered = diagnostics
      .map((d, k) => ({ d, k }))
      .sort(
        (a, b) =>
          a.d.range.start.line - b.d.range.start.line ||
          a.d.range.start.character - b.d.range.start.character ||
          a.k - b.k,
      );
    const mine = new Map<string, number>();
    const name = visible(file);
    for (const { d } of ordered) {
      io.out(
        `${name}:${d.range.start.line + 1}:${d.range.start.character + 1} ${style.severity(d.severity, d.code)} ${visible(d.message)}`,
      );
      mine.set(d.code, (mine.get(d.code) ?? 0) + 1);
    }
    io.out(
      ordered.length
        ? style.bold(`${name}: ${plural(ordered.length, "problem")} (${byCode(mine)})`)
        : `${name}: ${style.green("no problems")}`,
    );
    result.codes = [...mine];
  };
}

/** check: each file's lines (a blank line between files), then a total when several were checked. */
class CheckSummary implements Gatherer {
  private checked = 0;
  private found = 0;
  private withProblems = 0;
  private readonly total = new Map<string, number>();
  private readonly array: JsonArray | undefined;

  constructor(
    json: boolean,
    private readonly io: Io,
    private readonly style: Style,
  ) {
    this.array = json ? new JsonArray(io.out) : undefined;
  }

  take(_file: string, result: FileResult): number {
    if (result.analysed && result.json !== undefined) this.array?.add(result.json);
    // A blank line between files: each file's lines and its summary read as one block.
    else if (result.analysed && this.checked > 0) this.io.out("");
    printLines(this.io, result);
    if (!result.analysed) return result.exit;
    this.checked++;
    let found = 0;
    for (const [code, n] of result.codes ?? []) {
      found += n;
      this.total.set(code, (this.total.get(code) ?? 0) + n);
    }
    this.found += found;
    if (found) this.withProblems++;
    return result.exit;
  }

  end(): number {
    if (this.array) this.array.end();
    else if (this.checked > 1) {
      const { checked, found, withProblems, style } = this;
      this.io.out("");
      const clean = checked - withProblems;
      this.io.out(
        style.bold(
          found
            ? `${plural(checked, "file")} checked: ${plural(found, "problem")} in ${plural(withProblems, "file")} (${byCode(this.total)})` +
                (clean ? `; ${plural(clean, "file")} with none` : "")
            : `${plural(checked, "file")} checked: no problems`,
        ),
      );
    }
    return 0;
  }
}
