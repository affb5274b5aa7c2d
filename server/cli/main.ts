// `verbatim`: the command line on the same language service as the editor.

import { VERSION } from "../../shared/constants";
import {
  createLanguageService,
  DEFAULT_GLOSSARY_PATH,
  DEFAULT_SETTINGS,
  GLOSSARY_MAX_BYTES,
  type LanguageService,
  parseTeamGlossary,
  readTeamGlossaryFile,
  type Speech,
  type TranscriptModel,
  voteDetail,
  voteName,
} from "../src/index";
import { exportFiles } from "./export";
import { CliError, eachDocument, expandPaths, type Io, RECORD_MAX_BYTES, recordLimit } from "./files";
import { fix } from "./fix";
import { type ImportIo, importCommand } from "./import";
import { OutputError, ProcessOutput } from "./output";
import { plural, type Style, styleFor, visible } from "./style";
import { setV8Flags } from "./v8flags";

const USAGE = `Usage: verbatim <command> [options] FILE|DIR…

Commands:
  outline FILE|DIR…   list the speeches of each record (speaker, line, words)
  check FILE|DIR…     print diagnostics as file:line:col code message, in line order
                      (1-based line and column; columns count UTF-16 units, as LSP does),
                      then a summary line per file and a total
  fix FILE|DIR…       apply every safe fix: a unified diff by default, the files
                      changed with --write; a summary per code on standard error
  export FILE|DIR…    each record as data from its cleaned text: --format json
                      (default; one array), --format akn (Akoma Ntoso debate XML) or
                      --format csv (speeches.csv and votes.csv in --out DIR)
  import FILE.pdf…    a record's PDF as a transcript (verbatim import --help)

Options:
  --json              machine-readable output
  --write             fix: change the files (atomically, in their encoding),
                      keeping the first backup FILE.bak
  --no-backup         fix --write: keep no backup
  --unwrap            fix: also put each paragraph on one line
  --format json|akn|csv
                      export: the format
  --out DIR           export: write files into DIR instead of standard output
  --glossary FILE     the team glossary (default: ${DEFAULT_GLOSSARY_PATH} if it exists,
                      inside the current folder); a regular file of at most ${GLOSSARY_MAX_BYTES / 1024 / 1024} MB
  -h, --help          show this help
  -v, --version       show the version
  --                  the end of the options: what follows is a path, even one starting with -

Folders are searched for *.txt and *.transcript files. A file larger than ${RECORD_MAX_BYTES / 1024 / 1024} MB is
refused (VERBATIM_MAX_MB=N reads files of up to N MB). Output is plain text unless it goes
to a terminal (NO_COLOR: never coloured; FORCE_COLOR=1: always).
Exit status: 0 nothing found (check) or done (outline, fix), 1 diagnostics found (check),
2 usage error, a file that cannot be read or written, or a fix refused (the other files
are still processed), or the output could not be written (a full disk).`;

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

function outline(service: LanguageService, files: string[], json: boolean, io: Io, style: Style): number {
  const results: unknown[] = [];
  const status = eachDocument(service, files, io, (doc, file) => {
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
      results.push({
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
  });
  if (json) io.out(JSON.stringify(results, null, 2));
  return status;
}

/** `4 page-artifact, 2 broken-hyphenation`: counts per code, the most frequent first. */
function byCode(counts: Map<string, number>): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([code, n]) => `${n} ${code}`)
    .join(", ");
}

function check(service: LanguageService, files: string[], json: boolean, io: Io, style: Style): number {
  let found = 0;
  let checked = 0;
  let withProblems = 0;
  const total = new Map<string, number>();
  const results: unknown[] = [];
  const status = eachDocument(service, files, io, (doc, file) => {
    const { diagnostics, counts } = service.diagnostics(doc, {
      ...DEFAULT_SETTINGS,
      maxProblems: Number.MAX_SAFE_INTEGER,
    });
    found += diagnostics.length;
    if (json) {
      results.push({
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
    // A blank line between files: each file's lines and its summary read as one block.
    if (checked++) io.out("");
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
      total.set(d.code, (total.get(d.code) ?? 0) + 1);
    }
    if (ordered.length) withProblems++;
    io.out(
      ordered.length
        ? style.bold(`${name}: ${plural(ordered.length, "problem")} (${byCode(mine)})`)
        : `${name}: ${style.green("no problems")}`,
    );
  });
  if (json) io.out(JSON.stringify(results, null, 2));
  else if (checked > 1) {
    io.out("");
    const clean = checked - withProblems;
    io.out(
      style.bold(
        found
          ? `${plural(checked, "file")} checked: ${plural(found, "problem")} in ${plural(withProblems, "file")} (${byCode(total)})` +
              (clean ? `; ${plural(clean, "file")} with none` : "")
          : `${plural(checked, "file")} checked: no problems`,
      ),
    );
  }
  if (status === 2) return 2;
  return found > 0 ? 1 : 0;
}

/** A usage error: the message, then the usage, a line at a time (each line's controls shown, not obeyed). */
function usage(io: Io, message: string | undefined): void {
  if (message) {
    io.err(`verbatim: ${message}`);
    io.err("");
  }
  for (const line of USAGE.split("\n")) io.err(line);
}

export function run(
  argv: string[],
  terminal: ImportIo = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
  style: Style = styleFor(process.stdout, process.env),
): number | Promise<number> {
  // Every message shows the control characters of what it quotes (a file name with a line break,
  // an escape sequence, text from a PDF): one message is one line, and none acts on the terminal.
  const io: ImportIo = { ...terminal, err: (s) => terminal.err(visible(s)) };
  if (argv[0] === "import") return importCommand(argv.slice(1), io);
  const args: string[] = [];
  const flags = new Set<string>();
  let glossary: string | undefined;
  let format = "json";
  let outDir: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    // `--` ends the options: what follows is a command or a path, even if it starts with `-`.
    if (a === "--") {
      args.push(...argv.slice(k + 1));
      break;
    }
    if (a === "--glossary" || a.startsWith("--glossary=")) {
      glossary = a === "--glossary" ? argv[++k] : a.slice("--glossary=".length);
      if (!glossary) {
        usage(io, "--glossary needs a FILE");
        return 2;
      }
    } else if (a === "--format" || a === "--out") {
      const value = argv[++k];
      if (!value) {
        usage(io, `${a} needs a value`);
        return 2;
      }
      if (a === "--format") format = value;
      else outDir = value;
    } else if (a.startsWith("-")) flags.add(a);
    else args.push(a);
  }
  if (flags.has("-h") || flags.has("--help")) {
    io.out(USAGE);
    return 0;
  }
  if (flags.has("-v") || flags.has("--version")) {
    io.out(VERSION);
    return 0;
  }
  const known = args[0] === "fix" ? ["--json", "--write", "--no-backup", "--unwrap"] : ["--json"];
  const unknown = [...flags].filter((f) => !known.includes(f));
  if (unknown.length) {
    usage(io, `unknown option ${unknown[0]}`);
    return 2;
  }
  const [command, ...paths] = args;
  if (command !== "outline" && command !== "check" && command !== "fix" && command !== "export") {
    usage(io, command ? `unknown command '${command}'` : undefined);
    return 2;
  }
  if (paths.length === 0) {
    usage(io, `${command} needs at least one FILE or DIR`);
    return 2;
  }
  try {
    recordLimit(process.env);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(`verbatim: ${e.message}`);
    return 2;
  }
  let readError = false;
  const files = expandPaths(paths, (message) => {
    readError = true;
    io.err(`verbatim: ${message}`);
  });
  const service = createLanguageService({
    onError: (what, e) => io.err(`verbatim: internal error in ${what}: ${String(e)}`),
    oneShot: true,
  });
  // --glossary is the user's choice; the default file is the current folder's and must stay in it.
  const team = glossary ?? DEFAULT_GLOSSARY_PATH;
  const read = readTeamGlossaryFile(team, glossary === undefined ? process.cwd() : undefined);
  if ("error" in read) {
    io.err(`verbatim: ${read.error}`);
    return 2;
  }
  if ("missing" in read && glossary !== undefined) {
    io.err(`verbatim: the glossary ${team}: no such file`);
    return 2;
  }
  if ("text" in read) {
    const { entries, problems } = parseTeamGlossary(read.text);
    for (const p of problems) io.err(`verbatim: glossary ${team}: ${p}`);
    service.setTeamGlossary(entries, team);
  }
  const json = flags.has("--json");
  if (command === "export" && format !== "json" && format !== "akn" && format !== "csv") {
    usage(io, "--format must be json, akn or csv");
    return 2;
  }
  const status =
    command === "export"
      ? exportFiles(service, files, { format, ...(outDir ? { out: outDir } : {}) }, io)
      : command === "outline"
        ? outline(service, files, json, io, style)
        : command === "check"
          ? check(service, files, json, io, style)
          : fix(
              service,
              files,
              { json, write: flags.has("--write"), backup: !flags.has("--no-backup"), unwrap: flags.has("--unwrap") },
              io,
            );
  return readError ? 2 : status;
}

if (require.main === module) {
  // How V8 runs this short process (v8flags.ts); set already by the launcher as built.
  setV8Flags();
  // A progress line per page of a PDF import, on a terminal only, rewritten in place.
  const progress = process.stderr.isTTY
    ? (s: string) => process.stderr.write(`\r${s}\x1b[K${s ? "" : "\r"}`)
    : undefined;
  const output = new ProcessOutput(progress);
  // A write error on standard output stops the command (OutputError): exit status 2 and one line,
  // or, for a reader that stopped early (EPIPE), a quiet end.
  const stopped = (error: unknown) => {
    if (error instanceof OutputError) return 0;
    output.io.err(`verbatim: internal error: ${String(error)}`);
    return 2;
  };
  let status: number | Promise<number>;
  try {
    status = run(process.argv.slice(2), output.io);
  } catch (error) {
    status = stopped(error);
  }
  // Once everything written has reached the system, end: the process's heap is not taken down
  // piece by piece (tens of milliseconds after a large record, for nothing).
  if (typeof status === "number") output.exit(status);
  else
    status.then(
      (code) => output.exit(code),
      (error: unknown) => output.exit(stopped(error)),
    );
}
