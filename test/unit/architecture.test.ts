import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RULES, SEMANTIC_LEGEND } from "../../server/src/index";
import { ROOT } from "./helpers";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("architecture invariants", () => {
  it("keeps the language service free of editor and LSP packages", () => {
    for (const f of files(join(ROOT, "server", "src"))) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
        assert.doesNotMatch(m[1], /^vscode(?:$|-languageserver|-languageclient|-jsonrpc)/, `${f} imports ${m[1]}`);
      }
    }
  });

  it("contributes exactly the server's semantic token types, each with a scope", () => {
    const ids = manifest.contributes.semanticTokenTypes.map((t: { id: string }) => t.id);
    assert.deepEqual(ids, SEMANTIC_LEGEND.tokenTypes);
    const scopes = manifest.contributes.semanticTokenScopes[0].scopes;
    for (const id of ids) assert.ok(scopes[id]?.length, `scope for ${id}`);
  });

  it("gives every rule a unique, stable code", () => {
    const codes = RULES.map((r) => r.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of codes) assert.match(c, /^[a-z]+(?:-[a-z]+)*$/);
  });
});
