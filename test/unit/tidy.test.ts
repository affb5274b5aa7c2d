import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RULES } from "../../server/src/index";
import { ROOT } from "./helpers";

// Docs a test keeps true: README's table of diagnostic codes is the rule registry's, code by code,
// with each rule's default severity.

/** The rows of the Markdown table under a README heading: each row's cells. */
function tableUnder(heading: string): string[][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has a section ${heading}`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme
    .slice(start, end < 0 ? undefined : end)
    .split("\n")
    .filter((l) => l.startsWith("| ") && !/^\|\s*-+/.test(l))
    .slice(1)
    .map((l) => l.split(" | ").map((c) => c.replace(/^\|\s*|\s*\|$/g, "").trim()));
}

describe("README agrees with the code", () => {
  it("lists every diagnostic code of the registry, and only those, with its default severity", () => {
    const rows = tableUnder("Diagnostic codes").map(([code, severity]) => [code.replace(/`/g, ""), severity]);
    assert.deepEqual(rows.map(([code]) => code).sort(), RULES.map((r) => r.code).sort());
    for (const [code, severity] of rows)
      assert.equal(severity, RULES.find((r) => r.code === code)?.defaultSeverity, `${code}'s default severity`);
  });
});
