import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
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

  it("layers the service: rules and features read the model, never each other's modules", () => {
    // model/ is below everything; analysis/ (what also needs the analysis context) sits beside
    // it; rules/ and features/ each read those two, and features/diagnostics.ts runs the rules.
    // pdf/ (the PDF import: bytes in, text out) sits on top: it reads the model and the rules'
    // verdicts on its own text, and nothing of the text service reads it.
    const forbidden: Record<string, readonly string[]> = {
      model: ["rules", "features", "analysis", "pdf"],
      analysis: ["rules", "features", "pdf"],
      rules: ["features", "pdf"],
      features: ["pdf"],
      pdf: ["features", "analysis"],
    };
    const src = join(ROOT, "server", "src");
    let checked = 0;
    for (const [layer, banned] of Object.entries(forbidden)) {
      for (const f of files(join(src, layer))) {
        checked++;
        for (const m of readFileSync(f, "utf8").matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
          if (!m[1].startsWith(".")) continue;
          // The folder of server/src the import lands in.
          const landed = relative(src, join(dirname(f), m[1])).split(sep)[0];
          assert.ok(
            !banned.includes(landed),
            `${relative(ROOT, f)} imports ${m[1]}: ${layer}/ may not read ${landed}/`,
          );
        }
      }
    }
    assert.ok(checked > 20, "the layers hold files");
  });

  it("loads pdf.js in one module only, at run time (an ES module with a top-level await: no bundle holds it)", () => {
    for (const f of files(join(ROOT, "server"))) {
      if (f.includes(`${sep}out${sep}`)) continue;
      const text = readFileSync(f, "utf8");
      if (!text.includes("pdfjs-dist")) continue;
      assert.equal(relative(ROOT, f), join("server", "src", "pdf", "read.ts"));
      assert.doesNotMatch(text, /(?:from|require\()\s*["']pdfjs-dist/);
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
