// What the server sends of its own accord: each document's diagnostics once its version is
// analysed, with the counts per code before the cap (the diagnosticCounts notification of
// shared/protocol.ts, for the client's status), and none once it is closed.

import type { Connection } from "vscode-languageserver/node";
import type { DiagnosticsResult } from "../../shared/threads";
import { toLspDiagnostic } from "./convert";
import * as protocol from "./protocol";

export function publisher(connection: Pick<Connection, "sendDiagnostics" | "sendNotification">) {
  return {
    publish(uri: string, version: number, result: DiagnosticsResult): void {
      void connection.sendDiagnostics({ uri, version, diagnostics: result.diagnostics.map(toLspDiagnostic) });
      void connection.sendNotification(protocol.lsp.diagnosticCounts, {
        uri,
        counts: result.counts,
        dropped: result.dropped,
      });
    },
    /** A closed document's diagnostics go. */
    clear(uri: string): void {
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  };
}
