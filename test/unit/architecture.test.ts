import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { describe, it } from "node:test";
import { RULES, SEMANTIC_LEGEND } from "../../server/src/index";
import {
  COMMANDS,
  isTranscriptFirstLine,
  LANGUAGE_ID,
  PDF_VIEW_TYPE,
  SPEAKERS_VIEW,
  VERSION,
} from "../../shared/constants";
import { MESSAGES } from "../../shared/protocol";
import { ROOT } from "./helpers";

function files(dir: string, ext = /\.ts$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** A module's imports: what it names, and whether only types are taken (erased by the build). */
function importsOf(file: string): { from: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm),
    ...text.matchAll(/(?:require\(|import\()\s*["']([^"']+)["']/g),
  ].map((m) => (m.length === 3 ? { from: m[2], typeOnly: m[1] !== undefined } : { from: m[1], typeOnly: false }));
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

  it("names Verbatim's own LSP methods in the contracts module only (shared/protocol.ts)", () => {
    const quoted = /["'`]verbatim\//;
    const roots = ["client", "server", "shared", "test", "scripts", "bench"];
    const skip = new RegExp(`\\${sep}(?:out|node_modules|fixtures|corpus|data|\\.cache)\\${sep}`);
    const sources = [
      join(ROOT, "esbuild.mjs"),
      ...roots.flatMap((r) => files(join(ROOT, r), /\.(?:ts|mts|cts|js|mjs|cjs|lua)$/)),
    ].filter((f) => !skip.test(relative(ROOT, f).replace(/^/, sep)));
    assert.ok(sources.length > 100, "the sources are found");
    const contract = join(ROOT, "shared", "protocol.ts");
    for (const f of sources) {
      if (f === contract) continue;
      const lines = readFileSync(f, "utf8").split("\n");
      const at = lines.findIndex((l) => quoted.test(l));
      assert.equal(at, -1, `${relative(ROOT, f)}:${at + 1} names a verbatim/ method: take it from shared/protocol.ts`);
    }
    for (const m of Object.values(MESSAGES)) assert.match(m.method, /^verbatim\/[a-z][A-Za-z]+$/);
    assert.equal(new Set(Object.values(MESSAGES).map((m) => m.method)).size, Object.keys(MESSAGES).length);
  });

  it("keeps what server/src and the webview take from shared/ free of vscode, LSP and Node", () => {
    // server/src is the pure service and the webview a browser page: the shared modules they load
    // may import nothing but each other and package.json (types only are erased by the build).
    const shared = join(ROOT, "shared");
    const readers = [...files(join(ROOT, "server", "src")), ...files(join(ROOT, "client", "src", "webview"))];
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of importsOf(file)) {
        if (i.typeOnly) continue;
        const target = join(dirname(file), i.from);
        if (target === join(ROOT, "package.json")) continue;
        assert.ok(
          i.from.startsWith(".") && target.startsWith(shared + sep),
          `${relative(ROOT, file)} imports ${i.from}: shared/ modules that server/src or the webview load import only shared/ and package.json`,
        );
        visit(`${target}.ts`);
      }
    };
    for (const f of readers) {
      for (const i of importsOf(f)) {
        const target = join(dirname(f), i.from);
        if (i.from.startsWith(".") && target.startsWith(shared + sep) && !i.typeOnly) visit(`${target}.ts`);
      }
    }
    assert.ok(loaded.has(join(shared, "constants.ts")), "server/src loads shared/constants.ts");
  });

  it("declares what package.json contributes as the code uses it", () => {
    assert.equal(VERSION, manifest.version);
    assert.deepEqual(
      manifest.contributes.languages.map((l: { id: string }) => l.id),
      [LANGUAGE_ID],
    );
    assert.deepEqual(
      manifest.contributes.commands.map((c: { command: string }) => c.command).sort(),
      Object.values(COMMANDS).sort(),
    );
    assert.ok(manifest.contributes.customEditors.some((e: { viewType: string }) => e.viewType === PDF_VIEW_TYPE));
    assert.ok(manifest.contributes.views.explorer.some((v: { id: string }) => v.id === SPEAKERS_VIEW));
    // The first-line test is package.json's, which VS Code reads too.
    assert.ok(isTranscriptFirstLine("The President: I thank Mr. Smith."));
    assert.ok(isTranscriptFirstLine("Г-н Небензя (Российская Федерация) (говорит по-русски):"));
    assert.ok(!isTranscriptFirstLine("Dear colleagues,"));
  });
});
