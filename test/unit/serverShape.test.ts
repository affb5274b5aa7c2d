import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { capabilities } from "../../server/lsp/dispatch";
import { FEATURES, features } from "../../server/lsp/features";
import { ROOT } from "./helpers";

// The server's shape (issue 26): small functions, one table of features from which the
// capabilities are derived, and no import cycle in server/lsp.

const LSP = join(ROOT, "server", "lsp");
const files = readdirSync(LSP)
  .filter((f) => f.endsWith(".ts"))
  .sort();
const sources = files.map((f) =>
  ts.createSourceFile(f, readFileSync(join(LSP, f), "utf8"), ts.ScriptTarget.Latest, true),
);

/** Every function of a file (declarations, methods, arrows, expressions, accessors): name and lines. */
function functions(source: ts.SourceFile): { name: string; lines: number }[] {
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = (node as { name?: ts.Node }).name;
      const name = named ? named.getText(source) : `(anonymous, line ${start + 1})`;
      found.push({ name: `${source.fileName} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the server's shape", () => {
  it("has every function of server/lsp under 100 lines", () => {
    const all = sources.flatMap(functions);
    assert.ok(all.length > 100, `${all.length} functions found`);
    assert.ok(
      all.some((f) => f.name === "server.ts startServer"),
      "startServer is measured",
    );
    const long = all.filter((f) => f.lines >= 100).map((f) => `${f.name}: ${f.lines} lines`);
    assert.deepEqual(long, []);
  });

  it("finds a function of 100 lines (the check can fail)", () => {
    const body = Array.from({ length: 98 }, (_, k) => `  const a${k} = ${k};`).join("\n");
    const planted = ts.createSourceFile("planted.ts", `function long() {\n${body}\n}\n`, ts.ScriptTarget.Latest, true);
    assert.deepEqual(functions(planted), [{ name: "planted.ts long", lines: 100 }]);
  });

  it("has no import cycle among its modules, type-only imports included", () => {
    const imports = new Map(
      sources.map((s) => [
        s.fileName.replace(/\.ts$/, ""),
        s.statements
          .filter(ts.isImportDeclaration)
          .map((d) => (d.moduleSpecifier as ts.StringLiteral).text)
          .filter((m) => m.startsWith("./"))
          .map((m) => m.slice(2)),
      ]),
    );
    const cycles: string[] = [];
    const visit = (module: string, path: string[]) => {
      if (path.includes(module)) {
        cycles.push([...path.slice(path.indexOf(module)), module].join(" → "));
        return;
      }
      for (const next of imports.get(module) ?? []) visit(next, [...path, module]);
    };
    for (const module of imports.keys()) visit(module, []);
    assert.deepEqual(cycles, []);
    assert.ok(imports.get("analysts")?.includes("features"), "the graph is read");
  });

  it("declares each feature once: one name in the analysts' map, the table and the request's method", () => {
    for (const [name, f] of features()) {
      // The method names the feature: textDocument/hover is hover (semanticTokens/full,
      // semanticTokens), workspace/symbol workspaceSymbol, Verbatim's own verbatim/speakers speakers.
      const [scope, method] = f.lsp.split("/");
      assert.equal(scope === "workspace" ? `workspace${method[0].toUpperCase()}${method.slice(1)}` : method, name);
      assert.ok(f.target !== "workspace" || f.lsp.startsWith("workspace/"), name);
    }
    assert.equal(FEATURES.codeLens.lsp, "textDocument/codeLens");
  });

  it("advertises what the table declares, and nothing of a feature it does not have", () => {
    const advertised = capabilities(["a.command"]);
    for (const [, f] of features())
      for (const [key, value] of Object.entries(f.capability)) assert.deepEqual(advertised[key as never], value, key);
    const declared = new Set(features().flatMap(([, f]) => Object.keys(f.capability)));
    const others = Object.keys(advertised).filter((k) => !declared.has(k));
    assert.deepEqual(others.sort(), ["executeCommandProvider", "textDocumentSync"]);
    assert.deepEqual(advertised.executeCommandProvider, { commands: ["a.command"] });
  });
});
