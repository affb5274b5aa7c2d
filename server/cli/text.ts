// `verbatim` without `import`: outline, check, fix and export (commandLine.ts), built into
// server/out/cli-text-code.js, which the launcher (cli.js) runs for every command but `import`.
// It holds none of the import's code (PDF.js's loader, the layout, the OCR): less to read and
// compile at each start of a short command.

import { inBatchThread } from "./batch";
import { type Run, runCommandLine, startProcess } from "./commandLine";

export const run: Run = (argv, terminal, style) => runCommandLine(argv, undefined, terminal, style);

if (require.main === module && !inBatchThread) startProcess(run);
