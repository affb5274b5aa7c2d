import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { ApplyWorkspaceEditParams, InitializeParams } from "vscode-languageserver/node";
import { TeamGlossary, workspaceFolders } from "../../server/lsp/glossary";
import { applyTextEdits, type GlossaryEntry, type TextEdit } from "../../server/src/index";

// The team glossary's file policy and its add command alone (server/lsp/glossary.ts), on real
// files in a temporary workspace; the client's side of the edit is played by applying it here.

function workspace() {
  const root = mkdtempSync(join(tmpdir(), "verbatim-glossary-"));
  mkdirSync(join(root, ".verbatim"));
  return { root, file: join(root, ".verbatim", "glossary.json") };
}

function glossary(path = ".verbatim/glossary.json", apply = true) {
  const log = {
    used: [] as { entries: GlossaryEntry[]; file: string | undefined }[],
    warnings: [] as string[],
    errors: [] as string[],
    shown: [] as string[],
    edits: [] as ApplyWorkspaceEditParams[],
  };
  const g = new TeamGlossary({
    glossaryPath: () => path,
    use: (entries, file) => log.used.push({ entries, file }),
    warn: (m) => log.warnings.push(m),
    error: (m) => log.errors.push(m),
    showError: (m) => log.shown.push(m),
    applyEdit: async (edit) => {
      log.edits.push(edit);
      return { applied: apply };
    },
  });
  return { g, log };
}

/** The client's side: the edit applied to the file (created if missing). */
function applyToDisk(edit: ApplyWorkspaceEditParams, file: string): void {
  const changes = edit.edit.documentChanges ?? [];
  const text = changes.find((c) => "edits" in c) as { edits: TextEdit[] };
  let before = "";
  try {
    before = readFileSync(file, "utf8");
  } catch {}
  writeFileSync(file, applyTextEdits(before, text.edits));
}

describe("the team glossary (server side)", () => {
  it("takes the workspace folders from initialize: file URIs only", () => {
    const params = (p: object) => ({ processId: null, capabilities: {}, rootUri: null, ...p }) as InitializeParams;
    assert.deepEqual(workspaceFolders(params({ rootUri: "file:///ws" })), ["/ws"]);
    assert.deepEqual(
      workspaceFolders(
        params({ workspaceFolders: [{ uri: "file:///a", name: "a" }, { uri: "vscode-vfs://b" }, null] }),
      ),
      ["/a"],
    );
    assert.deepEqual(workspaceFolders(null), []);
  });

  it("reads the file of the first folder that has it, reports a broken one, none without a folder", () => {
    const a = workspace();
    const b = workspace();
    writeFileSync(b.file, '{ "CTED": "Counter-Terrorism Committee Executive Directorate" }');
    const { g, log } = glossary();
    g.load();
    assert.deepEqual(log.used.at(-1), { entries: [], file: undefined });
    g.folders = [a.root, b.root];
    g.load();
    assert.equal(log.used.at(-1)?.file, b.file);
    assert.equal(log.used.at(-1)?.entries[0].acronym, "CTED");
    writeFileSync(b.file, "{ not json");
    g.load();
    assert.deepEqual(log.used.at(-1), { entries: [], file: b.file });
    assert.match(log.warnings.join("\n"), /team glossary .*glossary\.json/);
  });

  it("does not read a glossary that links out of the workspace", () => {
    const ws = workspace();
    const outside = workspace();
    writeFileSync(outside.file, '{ "XYZQ": "Secret" }');
    symlinkSync(outside.file, ws.file);
    const { g, log } = glossary();
    g.folders = [ws.root];
    g.load();
    assert.deepEqual(log.used.at(-1)?.entries, []);
    assert.equal(log.warnings.length, 1);
  });

  it("reads the file again when it is among the watched files that changed, and only then", () => {
    const ws = workspace();
    writeFileSync(ws.file, '{ "CTED": "Counter-Terrorism Committee Executive Directorate" }');
    const { g, log } = glossary();
    g.folders = [ws.root];
    assert.equal(g.watched({ changes: [{ uri: pathToFileURL(join(ws.root, "other.json")).href, type: 2 }] }), false);
    assert.equal(g.watched({ changes: [{ uri: pathToFileURL(ws.file).href, type: 2 }] }), true);
    assert.equal(log.used.length, 1);
    assert.equal(g.watched({ changes: "all" }), false);
    assert.equal(log.errors.length, 1);
  });

  it("adds an acronym by an edit the client applies, creating the file, then reads it", async () => {
    const ws = workspace();
    const { g, log } = glossary();
    g.folders = [ws.root];
    const answer = await g.add({ arguments: [{ acronym: " UNAMA ", expansion: "UN Assistance Mission" }] });
    assert.deepEqual(answer, { file: pathToFileURL(ws.file).href });
    const edit = log.edits[0];
    assert.equal(edit.label, "Add UNAMA to the team glossary");
    const first = edit.edit.documentChanges?.[0] as { kind?: string } | undefined;
    assert.equal(first?.kind, "create");
    applyToDisk(edit, ws.file);
    g.load();
    assert.deepEqual(
      log.used.map((u) => u.entries.map((e) => [e.acronym, e.expansion])),
      [[["UNAMA", "UN Assistance Mission"]], [["UNAMA", "UN Assistance Mission"]]],
    );
  });

  it("writes nothing without an acronym and its expansion, a folder, or a file that parses", async () => {
    const ws = workspace();
    const { g, log } = glossary();
    assert.equal(await g.add({ arguments: [{ acronym: "UNAMA", expansion: " " }] }), null);
    assert.equal(await g.add({ arguments: [{ acronym: "UNAMA", expansion: "Mission" }] }), null);
    g.folders = [ws.root];
    writeFileSync(ws.file, "[1, 2");
    assert.equal(await g.add({ arguments: [{ acronym: "UNAMA", expansion: "Mission" }] }), null);
    assert.equal(log.edits.length, 0);
    assert.equal(log.shown.length, 3);
    assert.match(log.shown[2], /cannot be edited.*Nothing was written/);
  });

  it("keeps the glossary as it was when the client does not apply the edit", async () => {
    const ws = workspace();
    const { g, log } = glossary(".verbatim/glossary.json", false);
    g.folders = [ws.root];
    assert.equal(await g.add({ arguments: [{ acronym: "UNAMA", expansion: "Mission" }] }), null);
    assert.equal(log.edits.length, 1);
    assert.equal(log.used.length, 0);
  });
});
