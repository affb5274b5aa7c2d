import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { applyTextEdits, type TextEdit } from "../../server/src/index";
import { ADD_TO_GLOSSARY_SERVER_COMMAND } from "../../shared/constants";
import { initialize, spawnServer, untilAsync, WORKSPACE_CAPABILITIES } from "./lspClient";

// The team glossary from the workspace: read at start, reloaded when the file changes, written
// by the server's add-to-glossary command through the client's workspace/applyEdit.
describe("the team glossary over LSP", () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const folder = mkdtempSync(join(tmpdir(), "verbatim-ws-"));
  const glossary = join(folder, ".verbatim", "glossary.json");
  const uri = pathToFileURL(join(folder, "record.transcript")).href;
  const text = "The CTED and the XYZQ met the NATO delegation.\n";
  const hoverAt = async (word: string) =>
    (
      (await connection.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line: 0, character: text.indexOf(word) + 1 },
      })) as { contents: { value: string } } | null
    )?.contents.value ?? "";

  before(async () => {
    mkdirSync(join(folder, ".verbatim"));
    writeFileSync(glossary, JSON.stringify({ CTED: "Counter-Terrorism Committee Executive Directorate" }));
    ({ server, connection } = spawnServer());
    // The client applies the server's workspace edits to the files, as an editor would.
    connection.onRequest("workspace/applyEdit", (p: { edit: { documentChanges: unknown[] } }) => {
      for (const change of p.edit.documentChanges as { textDocument?: { uri: string }; edits?: TextEdit[] }[]) {
        if (change.textDocument && change.edits) {
          writeFileSync(glossary, applyTextEdits(readFileSync(glossary, "utf8"), change.edits));
        }
      }
      return { applied: true };
    });
    connection.onRequest("client/registerCapability", () => null);
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection, { rootUri: pathToFileURL(folder).href, capabilities: WORKSPACE_CAPABILITIES });
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text },
    });
  });

  after(() => {
    server.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  it("hovers from the team glossary found in the workspace folder", async () => {
    assert.match(await hoverAt("CTED"), /Counter-Terrorism Committee Executive Directorate\n\nFrom the team glossary/);
  });

  it("reloads the glossary when the file changes", async () => {
    writeFileSync(glossary, JSON.stringify({ entries: [{ acronym: "CTED", expansion: "Changed Text Entry" }] }));
    await connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: pathToFileURL(glossary).href, type: 2 }],
    });
    await untilAsync("the reloaded glossary", async () =>
      /Changed Text Entry/.test(await hoverAt("CTED")) ? true : undefined,
    );
  });

  it("adds an entry with the server's command, writing the file", async () => {
    assert.match(await hoverAt("XYZQ"), /not defined/);
    await connection.sendRequest("workspace/executeCommand", {
      command: ADD_TO_GLOSSARY_SERVER_COMMAND,
      arguments: [{ acronym: "XYZQ", expansion: "Experimental Zone Quorum" }],
    });
    assert.match(await hoverAt("XYZQ"), /Experimental Zone Quorum/);
    const written = JSON.parse(readFileSync(glossary, "utf8")) as { entries: { acronym: string }[] };
    assert.deepEqual(
      written.entries.map((e) => e.acronym),
      ["CTED", "XYZQ"],
    );
  });
});
