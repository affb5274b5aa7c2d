// Runs the plain-Node test suites: `node scripts/test.mjs [unit grammar protocol cli …]`.
// Node 20's test runner takes no globs, so the files are listed here; the summary line at the
// end ("tests: N passed, N failed") is what CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ["unit", "grammar", "protocol", "cli"];
const files = suites.flatMap((suite) => {
  const dir = join(root, "test", suite);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".test.ts"))
    .sort()
    .map((f) => join("test", suite, f));
});
if (files.length === 0) {
  console.error(`no test files in ${suites.join(", ")}`);
  process.exit(1);
}
const tap = join(mkdtempSync(join(tmpdir(), "verbatim-test-")), "results.tap");
const run = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { cwd: root, stdio: "inherit" },
);
const results = existsSync(tap) ? readFileSync(tap, "utf8") : "";
const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, "m").exec(results)?.[1] ?? 0);
console.log(`tests: ${count("pass")} passed, ${count("fail")} failed`);
process.exit(run.status ?? 1);
