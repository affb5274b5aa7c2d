// Runs inside VS Code's extension host, with the extension under development and samples/ open.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";

const SAMPLE = "S_PV.9001.txt";

async function until<T>(what: string, f: () => Thenable<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite("Verbatim in VS Code", () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const [uri] = await vscode.workspace.findFiles(SAMPLE);
    assert.ok(uri, `${SAMPLE} is in the workspace`);
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  test("opens a UN record file as a transcript", () => {
    assert.equal(doc.languageId, "transcript");
  });

  test("lists the speeches as document symbols", async () => {
    const symbols = await until("symbols", () =>
      vscode.commands.executeCommand<vscode.DocumentSymbol[]>("vscode.executeDocumentSymbolProvider", doc.uri),
    );
    const names: string[] = [];
    const walk = (s: vscode.DocumentSymbol[]) => {
      for (const x of s) {
        names.push(x.name);
        walk(x.children);
      }
    };
    walk(symbols);
    assert.ok(names.includes("Mrs. Aitimova (Kazakhstan)"), names.join(", "));
  });

  test("hovers an acronym with its expansion", async () => {
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.includes("NATO"));
    const hovers = await until("hover", () =>
      vscode.commands.executeCommand<vscode.Hover[]>(
        "vscode.executeHoverProvider",
        doc.uri,
        new vscode.Position(line, doc.lineAt(line).text.indexOf("NATO") + 1),
      ),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(text, /North Atlantic Treaty Organization/);
  });

  test("publishes the cleaning diagnostics", async () => {
    const diagnostics = await until("diagnostics", () => vscode.languages.getDiagnostics(doc.uri));
    const codes = new Set(diagnostics.map((d) => String(typeof d.code === "object" ? d.code.value : d.code)));
    for (const code of ["page-artifact", "broken-hyphenation", "fused-words"]) assert.ok(codes.has(code), code);
  });
});
