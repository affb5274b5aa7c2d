// `verbatim`: the command line, every command (commandLine.ts), the PDF import included. Built
// into server/out/cli-code.js, which the launcher (cli.js) runs for `verbatim import`; text.ts
// is the same without the import, for the other commands.

import { inBatchThread } from "./batch";
import { type Run, runCommandLine, startProcess } from "./commandLine";
import { importCommand } from "./import";

export const run: Run = (argv, terminal, style) => runCommandLine(argv, importCommand, terminal, style);

if (require.main === module && !inBatchThread) startProcess(run);
