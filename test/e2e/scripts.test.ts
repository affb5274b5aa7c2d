import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";

// The npm scripts a new user runs first, their output piped as CI and `| less` pipe it: plain
// text (no colour codes, also from the tools they call), no warning, and what to do next.
const ROOT = join(__dirname, "..", "..");
const ESC = "\u001b";

/** Runs an npm script with its output piped, as a terminal-less user or CI does. */
function npm(...args: string[]) {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const r = spawnSync("npm", args, { cwd: ROOT, encoding: "utf8", env, maxBuffer: 1 << 26 });
  return { status: r.status, out: r.stdout, err: r.stderr, all: `${r.stdout}${r.stderr}` };
}

describe("the npm scripts, piped", { timeout: 600_000 }, () => {
  it("npm start: no warning, plain text, the diagnostics with totals, then what to run next", () => {
    const r = npm("start");
    assert.equal(r.status, 0, r.all);
    assert.ok(!r.all.includes(ESC), "no colour codes");
    assert.doesNotMatch(r.all, /\bwarn(ing)?\b/i);
    assert.match(r.out, /^\d+ files checked: \d+ problems in \d+ files \(/m);
    assert.match(r.out, /0 speeches: no speaker header found/);
    const last = r.out.trimEnd().split("\n").slice(-2);
    assert.match(last[0], /^Next: npx verbatim fix samples /);
    assert.match(last[1], /npm run start:editor /);
  });

  it("npm run package: plain text, the bundles built once, the .vsix listed", () => {
    const r = npm("run", "package");
    assert.equal(r.status, 0, r.all);
    assert.ok(!r.all.includes(ESC), `no colour codes: ${JSON.stringify(r.all.slice(0, 400))}`);
    // esbuild reports each of the three bundles once: built by vscode:prepublish only.
    assert.equal((r.all.match(/server\/out\/cli\.js {2}/g) ?? []).length, 1, r.all);
    assert.equal((r.all.match(/Executing prepublish script/g) ?? []).length, 1, r.all);
    assert.match(r.out, /^verbatim\.vsix: [\d.]+ KB packed, \d+ files$/m);
  });
});
