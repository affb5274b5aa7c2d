import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
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

/** The project's own scripts and sources (no dependencies, builds or corpus). */
function projectSources(): string[] {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? ["node_modules", "out", "corpus", ".cache"].includes(e.name)
          ? []
          : files(join(dir, e.name))
        : /\.(?:[cm]?js|[cm]?ts)$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
  return [
    join(ROOT, "esbuild.mjs"),
    ...["scripts", "bench", "test", "server", "client", "shared"].flatMap((d) => files(join(ROOT, d))),
  ];
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
describe("ARCHITECTURE.md agrees with the code", () => {
  const architecture = readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8");

  it("stays under 4,000 words (history and measurements live in bench/HISTORY.md)", () => {
    const words = architecture.split(/\s+/).filter(Boolean).length;
    assert.ok(words < 4000, `ARCHITECTURE.md has ${words} words`);
  });

  it("names every rule category of the registry in its recipe for a rule", () => {
    const recipe = sectionOf("ARCHITECTURE.md", "How to add a diagnostic rule");
    for (const category of new Set(RULES.map((r) => r.category)))
      assert.ok(recipe.includes(`\`${category}\``), `"How to add a diagnostic rule" names the ${category} category`);
  });

  it("names only files that exist", () => {
    // A path in backticks with a folder and an extension: `server/src/model/memo.ts`, `bench/HISTORY.md`.
    const missing = [
      ...architecture.matchAll(/`((?:server|client|shared|test|bench|scripts|schemas|syntaxes)\/[\w./-]+\.\w+)`/g),
    ]
      .map((m) => m[1])
      // What the build makes (server/out/, the prepared lexicon) is not in a fresh clone.
      .filter((path) => !/^(?:server|client)\/out\/|^server\/data\/lexicon\//.test(path))
      .filter((path) => !existsSync(join(ROOT, path)));
    assert.deepEqual([...new Set(missing)], []);
  });

  it("names only identifiers the code has", () => {
    // A name in backticks that looks like code (`parseTranscript`, `PDF_LIMITS`, `TextLink`).
    const code = [
      ...projectSources().map((f) => readFileSync(f, "utf8")),
      readFileSync(join(ROOT, "package.json"), "utf8"),
    ].join("\n");
    const names = new Set(
      [...architecture.matchAll(/`([A-Za-z_$][\w$]*)`/g)]
        .map((m) => m[1])
        .filter((n) => /[a-z][A-Z]|^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[A-Z][a-z]+[A-Z]/.test(n)),
    );
    assert.ok(names.size > 20, "the names are found");
    const missing = [...names].filter((n) => !new RegExp(`(?<![\\w$])${n.replace(/\$/g, "\\$")}(?![\\w$])`).test(code));
    assert.deepEqual(missing, []);
  });
});

describe("paths", () => {
  it("computes no root as new URL(…).pathname, which percent-encodes spaces and accents", () => {
    const sources = projectSources();
    assert.ok(sources.length > 100, "the sources are found");
    const offending = sources
      .filter((f) => f !== __filename)
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, at: `${relative(ROOT, f)}:${i + 1}` }))
          // Code, not a comment that names the mistake.
          .filter(({ line }) => !/^\s*(?:\/\/|\*)/.test(line))
          .filter(({ line }) => /\.pathname\b/.test(line) && /new URL\(|import\.meta\.url|__filename/.test(line))
          .map(({ at }) => at),
      );
    assert.deepEqual(offending, [], "use fileURLToPath(new URL(…, import.meta.url))");
  });
});
