// `npm start`: builds Verbatim and runs its main job over samples/: the outline of every record
// and the diagnostics, from the command line (the same language service as the editor).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (args, options = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", ...options });

const build = run([join(root, "esbuild.mjs")], { stdio: "pipe", encoding: "utf8" });
if (build.status !== 0) {
  process.stderr.write(build.stderr ?? "");
  console.error("npm start: the build failed (see above).");
  process.exit(1);
}
const cli = join(root, "server", "out", "cli.js");
const samples = join(root, "samples");
if (!existsSync(samples)) {
  console.error("npm start: samples/ is missing.");
  process.exit(2);
}
console.log("== Outline of every record in samples/ (verbatim outline samples)\n");
run([cli, "outline", "samples"]);
console.log("\n== Diagnostics (verbatim check samples)\n");
const check = run([cli, "check", "samples"]);
// What to do next: the fixes as a diff, and the same records in an editor.
console.log("\nNext: npx verbatim fix samples      the safe fixes as a diff (--write changes the files)");
console.log("      npm run start:editor          the same records in VS Code, in the browser");
// `check` exits 1 when it finds something: that is its report, not a failure of `npm start`.
process.exit(check.status === 2 ? 2 : 0);
