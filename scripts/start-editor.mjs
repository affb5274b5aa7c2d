// `npm run start:editor`: a real VS Code (code-server, in the browser) with Verbatim installed
// and samples/ open, on 127.0.0.1. Ctrl-C stops it.
//   npm run start:editor -- --port 8123     a chosen port (or VERBATIM_EDITOR_PORT=8123)
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PortUnavailable, Prerequisite, startCodeServer } from "./code-server.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const USAGE = "Usage: npm run start:editor [-- --port PORT]   (or VERBATIM_EDITOR_PORT=PORT; default: any free port)";

/** The port asked for: `--port N`, `--port=N`, else VERBATIM_EDITOR_PORT, else 0 (any free one). */
function portOption(argv, env) {
  let value = env.VERBATIM_EDITOR_PORT || undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--port") value = argv[++k];
    else if (a.startsWith("--port=")) value = a.slice("--port=".length);
    else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`npm run start:editor: unknown argument ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(String(value)) || port < 1 || port > 65535) {
    console.error(
      `npm run start:editor: the port must be a number from 1 to 65535, not ${JSON.stringify(value)}\n${USAGE}`,
    );
    process.exit(2);
  }
  return port;
}

const port = portOption(process.argv.slice(2), process.env);
const started = Date.now();
try {
  const server = await startCodeServer(join(root, "samples"), { port });
  console.log(`Verbatim in VS Code: ${server.url}/?folder=${encodeURIComponent(server.folder)}`);
  console.log(
    `Ready in ${((Date.now() - started) / 1000).toFixed(0)} s. Open it in a browser; Ctrl-C stops the server.`,
  );
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await new Promise(() => {});
} catch (e) {
  console.error(e instanceof Prerequisite ? `npm run start:editor: ${e.message}` : e);
  if (!(e instanceof PortUnavailable))
    console.error("Without code-server, `npm start` prints the outline and diagnostics of samples/.");
  process.exit(1);
}
