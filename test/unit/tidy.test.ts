import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RULES } from "../../server/src/index";
import { MESSAGES } from "../../shared/protocol";
import { ROOT } from "./helpers";

// Docs a test keeps true: README's table of diagnostic codes is the rule registry's, code by code,
// with each rule's default severity; README's table of Verbatim's own requests is the contracts
// module's (shared/protocol.ts), method by method, with its kind and which side sends it;
// ARCHITECTURE.md stays short enough to read, and its recipe for a rule names every category.

/** The rows of the Markdown table under a README heading: each row's cells. */
function tableUnder(heading: string): string[][] {
  return sectionOf("README.md", heading)
    .split("\n")
    .filter((l) => l.startsWith("| ") && !/^\|\s*-+/.test(l))
    .slice(1)
    .map((l) => l.split(" | ").map((c) => c.replace(/^\|\s*|\s*\|$/g, "").trim()));
}

/** The text of a Markdown file's section under a `## ` heading, to the next one. */
function sectionOf(file: string, heading: string): string {
  const text = readFileSync(join(ROOT, file), "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `${file} has a section ${heading}`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Who sends each message, as the contracts module's comment on it says (`Client → server: …`). */
function sendersInContract(): Map<string, string> {
  const lines = readFileSync(join(ROOT, "shared", "protocol.ts"), "utf8").split("\n");
  const senders = new Map<string, string>();
  let sender = "";
  for (const line of lines) {
    const said = /\b(Client|Server) → (?:server|client)\b/.exec(line);
    if (said) sender = said[1].toLowerCase();
    const entry = /^ {2}(\w+): (?:request|notification)</.exec(line);
    if (entry) {
      senders.set(entry[1], sender);
      sender = "";
    }
  }
  return senders;
}

describe("README agrees with the code", () => {
  it("lists every diagnostic code of the registry, and only those, with its default severity", () => {
    const rows = tableUnder("Diagnostic codes").map(([code, severity]) => [code.replace(/`/g, ""), severity]);
    assert.deepEqual(rows.map(([code]) => code).sort(), RULES.map((r) => r.code).sort());
    for (const [code, severity] of rows)
      assert.equal(severity, RULES.find((r) => r.code === code)?.defaultSeverity, `${code}'s default severity`);
  });

  it("lists every message of shared/protocol.ts, and only those, with its kind and its sender", () => {
    const rows = tableUnder("Verbatim's own requests").map(([method, kind, from]) => ({
      method: method.replace(/`/g, ""),
      kind,
      from,
    }));
    const senders = sendersInContract();
    const contract = Object.entries(MESSAGES).map(([key, m]) => ({
      method: m.method,
      kind: m.kind,
      from: senders.get(key) ?? "(no Client → server or Server → client comment)",
    }));
    const byMethod = (a: { method: string }, b: { method: string }) => a.method.localeCompare(b.method);
    assert.deepEqual(rows.sort(byMethod), contract.sort(byMethod));
  });
});
