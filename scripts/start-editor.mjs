// `npm run start:editor`: a real VS Code (code-server, in the browser) with Verbatim installed
// and samples/ open, on 127.0.0.1. Ctrl-C stops it.
import { join } from "node:path";
import { Prerequisite, startCodeServer } from "./code-server.mjs";

const root = new URL("..", import.meta.url).pathname;
try {
  const server = await startCodeServer(join(root, "samples"));
  console.log(`Verbatim in VS Code: ${server.url}/?folder=${encodeURIComponent(server.folder)}`);
  console.log("Open it in a browser; Ctrl-C stops the server.");
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await new Promise(() => {});
} catch (e) {
  console.error(e instanceof Prerequisite ? `npm run start:editor: ${e.message}` : e);
  console.error("Without code-server, `npm start` prints the outline and diagnostics of samples/.");
  process.exit(1);
}
