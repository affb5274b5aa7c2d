import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { MESSAGES } from "../../shared/protocol";
import { spawnServer } from "./lspClient";

// The Speakers view's request, code lenses and rename, as a client sees them over stdio.
describe("speakers over LSP", () => {
  let server: ChildProcess;
  let connection: MessageConnection;
  const uri = "file:///speakers.transcript";
  const text =
    "Mrs. Ward (United Kingdom): One two three.\n\nMr. Nebenzia (Russian Federation) (spoke in Russian): Four.\n\nMrs. Ward (United Kingdom): Five.\n";

  before(async () => {
    ({ server, connection } = spawnServer());
    connection.onNotification(() => {});
    connection.listen();
    const init = (await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    })) as {
      capabilities: { codeLensProvider?: unknown; renameProvider?: { prepareProvider?: boolean } };
    };
    assert.ok(init.capabilities.codeLensProvider);
    assert.equal(init.capabilities.renameProvider?.prepareProvider, true);
    await connection.sendNotification("initialized", {});
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "transcript", version: 1, text },
    });
  });

  after(() => server.kill());

  it("answers verbatim/speakers with the speakers grouped, one row per speaker, and their speeches", async () => {
    const index = (await connection.sendRequest(MESSAGES.speakers.method, { uri })) as {
      groups: {
        kind: string;
        label: string;
        speakers: {
          label: string;
          detail: string | null;
          speaker: string;
          speeches: { index: number; language: string | null }[];
        }[];
      }[];
    };
    assert.deepEqual(
      index.groups.map((g) => [g.label, g.speakers.map((r) => [r.label, r.detail, r.speeches.map((s) => s.index)])]),
      [
        [
          "Delegations",
          [
            ["United Kingdom", "Mrs. Ward", [1, 3]],
            ["Russian Federation", "Mr. Nebenzia", [2]],
          ],
        ],
      ],
    );
    assert.equal(index.groups[0].speakers[1].speaker, "Mr. Nebenzia (Russian Federation)");
    assert.equal(index.groups[0].speakers[1].speeches[0].language, "Russian");
  });

  it("gives a code lens per speech and renames a delegation in every header", async () => {
    const lenses = (await connection.sendRequest("textDocument/codeLens", { textDocument: { uri } })) as {
      command: { title: string };
    }[];
    assert.equal(lenses.length, 3);
    assert.match(lenses[0].command.title, /^3 words · under a minute spoken \(at 120 words a minute\)$/);
    const position = { line: 0, character: 12 };
    const prepared = (await connection.sendRequest("textDocument/prepareRename", {
      textDocument: { uri },
      position,
    })) as {
      placeholder: string;
    };
    assert.equal(prepared.placeholder, "United Kingdom");
    const edit = (await connection.sendRequest("textDocument/rename", {
      textDocument: { uri },
      position,
      newName: "UK",
    })) as {
      changes: Record<string, { newText: string }[]>;
    };
    assert.deepEqual(
      edit.changes[uri].map((e) => e.newText),
      ["UK", "UK"],
    );
    assert.equal(
      await connection.sendRequest("textDocument/prepareRename", {
        textDocument: { uri },
        position: { line: 0, character: 35 },
      }),
      null,
    );
  });
});
