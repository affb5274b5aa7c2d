import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { applyTextEdits, type TextEdit } from "../../server/src/index";
import { initialize, spawnServer, WORKSPACE_CAPABILITIES } from "./lspClient";

/** A server started on a workspace folder, with a client that keeps what the server says. */
export interface Workspace {
  server: ChildProcess;
  connection: MessageConnection;
  /** window/logMessage, window/showMessage and window/showMessageRequest texts, in order. */
  messages: string[];
  /** How many workspace/applyEdit requests the server sent. */
  applyEdits: () => number;
  hover: (uri: string, text: string, word: string) => Promise<string>;
  stop: () => void;
}

interface DocumentChange {
  kind?: "create";
  uri?: string;
  textDocument?: { uri: string };
  edits?: TextEdit[];
}

/**
 * Starts the bundled server on `folder` with `settings` (as initializationOptions) and a client
 * that applies the server's workspace edits to the files as an editor would: a create makes the
 * file, text edits are applied to its text.
 */
export async function startWorkspace(folder: string, settings?: unknown): Promise<Workspace> {
  const { server, connection } = spawnServer();
  const messages: string[] = [];
  let applied = 0;
  connection.onRequest("workspace/applyEdit", (p: { edit: { documentChanges: DocumentChange[] } }) => {
    applied++;
    for (const change of p.edit.documentChanges) {
      if (change.kind === "create" && change.uri) {
        const path = fileURLToPath(change.uri);
        mkdirSync(dirname(path), { recursive: true });
        if (!existsSync(path)) writeFileSync(path, "");
      } else if (change.textDocument && change.edits) {
        const path = fileURLToPath(change.textDocument.uri);
        writeFileSync(path, applyTextEdits(readFileSync(path, "utf8"), change.edits));
      }
    }
    return { applied: true };
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("window/showMessageRequest", (p: { message: string }) => {
    messages.push(p.message);
    return null;
  });
  connection.onNotification("window/logMessage", (p: { message: string }) => {
    messages.push(p.message);
  });
  connection.onNotification("window/showMessage", (p: { message: string }) => {
    messages.push(p.message);
  });
  connection.onNotification(() => {});
  connection.listen();
  await initialize(connection, {
    rootUri: pathToFileURL(folder).href,
    capabilities: WORKSPACE_CAPABILITIES,
    ...(settings ? { initializationOptions: { settings } } : {}),
  });
  const opened = new Set<string>();
  const hover = async (uri: string, text: string, word: string) => {
    if (!opened.has(uri)) {
      opened.add(uri);
      await connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "transcript", version: 1, text },
      });
    }
    const answer = (await connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: text.indexOf(word) + 1 },
    })) as { contents: { value: string } } | null;
    return answer?.contents.value ?? "";
  };
  return {
    server,
    connection,
    messages,
    applyEdits: () => applied,
    hover,
    stop: () => {
      connection.dispose();
      server.kill();
    },
  };
}
