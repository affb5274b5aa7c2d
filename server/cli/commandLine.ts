// `verbatim`: the command line on the same language service as the editor. Its two entries, each
// a bundle of its own (esbuild.mjs), run this with or without the PDF import: main.ts (every
// command) and text.ts (all but `import`, which never loads the import's code, PDF.js's loader or
// the OCR: what a `check` of a short file would otherwise read and compile at each start). The
// launcher (launch.ts) picks the bundle by the command.

import { VERSION } from "../../shared/constants";
import type { BatchSpec } from "../../shared/threads";
import { DEFAULT_GLOSSARY_PATH, GLOSSARY_MAX_BYTES, parseTeamGlossary, readTeamGlossaryFile } from "../src/index";
import { type BatchOptions, batchOption, batchUsage, runBatch } from "./batch";
import { exportProblem } from "./export";
import { CliError, expandPaths, type Io, RECORD_MAX_BYTES, recordLimit } from "./files";
import type { ImportIo } from "./import";
import { OutputError, ProcessOutput } from "./output";
import { PLAIN, type Style, styleFor, visible } from "./style";
import { setV8Flags } from "./v8flags";

/** The usage, made when shown. */
const usageText = (): string => `Usage: verbatim <command> [options] FILE|DIR…

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
${batchUsage()}
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

/** A usage error: the message, then the usage, a line at a time (each line's controls shown, not obeyed). */
function usage(io: Io, message: string | undefined): void {
  if (message) {
    io.err(`verbatim: ${message}`);
    io.err("");
  }
  for (const line of usageText().split("\n")) io.err(line);
}

/** `verbatim import`'s arguments (after the command) → its exit status (import.ts). */
export type ImportCommand = (argv: string[], io: ImportIo) => number | Promise<number>;

/** The command line's arguments → its exit status, `import` run by `importCommand` where given. */
export type Run = (argv: string[], terminal?: ImportIo, style?: Style) => number | Promise<number>;

export function runCommandLine(
  argv: string[],
  importCommand: ImportCommand | undefined,
  terminal: ImportIo = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
  style: Style = styleFor(process.stdout, process.env),
): number | Promise<number> {
  // Every message shows the control characters of what it quotes (a file name with a line break,
  // an escape sequence, text from a PDF): one message is one line, and none acts on the terminal.
  const io: ImportIo = { ...terminal, err: (s) => terminal.err(visible(s)) };
  if (argv[0] === "import") {
    if (importCommand) return importCommand(argv.slice(1), io);
    // Only when this bundle (text.ts's) is run directly: the launcher runs main.ts's for `import`.
    io.err("verbatim: this build of the command line has no import: run server/out/cli.js");
    return 2;
  }
  const args: string[] = [];
  const flags = new Set<string>();
  let glossary: string | undefined;
  let format = "json";
  let outDir: string | undefined;
  const batch: BatchOptions = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    // `--` ends the options: what follows is a command or a path, even if it starts with `-`.
    if (a === "--") {
      args.push(...argv.slice(k + 1));
      break;
    }
    const taken = batchOption(argv, k, batch);
    if (typeof taken === "string") {
      usage(io, taken);
      return 2;
    }
    if (taken !== undefined) k = taken;
    else if (a === "--glossary" || a.startsWith("--glossary=")) {
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
    io.out(usageText());
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
  if ("text" in read) for (const p of parseTeamGlossary(read.text).problems) io.err(`verbatim: glossary ${team}: ${p}`);
  if (command === "export" && format !== "json" && format !== "akn" && format !== "csv") {
    usage(io, "--format must be json, akn or csv");
    return 2;
  }
  const spec: BatchSpec = {
    command,
    json: flags.has("--json"),
    write: flags.has("--write"),
    backup: !flags.has("--no-backup"),
    unwrap: flags.has("--unwrap"),
    format,
    ...(outDir ? { out: outDir } : {}),
    color: style !== PLAIN,
    manifest: batch.manifest !== undefined,
    ...("text" in read ? { glossary: { path: team, text: read.text } } : {}),
  };
  const status = runBatch(spec, files, batch, io, (several) =>
    command === "export" ? exportProblem(spec, several) : undefined,
  );
  return typeof status === "number" ? (readError ? 2 : status) : status.then((s) => (readError ? 2 : s));
}

/** Runs the command line as this process's: its arguments, its output, its exit status. */
export function startProcess(run: Run): void {
  // How V8 runs this short process (v8flags.ts); set already by the launcher as built.
  setV8Flags();
  // A progress line per page of a PDF import (the command is the first argument: runCommandLine),
  // on a terminal only, rewritten in place.
  const output = new ProcessOutput(process.argv[2] === "import");
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
