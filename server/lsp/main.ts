// Entry point of the standalone language server (`verbatim-language-server --stdio`).
// Nothing but the protocol may reach stdout: route stray console output to stderr first.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
console.warn = console.error;

import { startServer } from "./server";

startServer();
