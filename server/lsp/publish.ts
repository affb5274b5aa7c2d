// What the server sends of its own accord: each document's diagnostics once its version is
// analysed, with the counts per code before the cap (the diagnosticCounts notification of
// shared/protocol.ts, for the client's status), and none once it is closed.

import type { Connection, PublishDiagnosticsParams } from "vscode-languageserver/node";
import type { DiagnosticsResult } from "../../shared/threads";
import { toLspDiagnostic } from "./convert";
import { noJson } from "./diagnosticsChange";
import { type DiagnosticJson, PREPARED, type PreparedDiagnostics } from "./diagnosticsJson";
import * as protocol from "./protocol";

/** A version's diagnostics to publish, and (`json`) each one's JSON kept from an earlier publication. */
export type Publication = DiagnosticsResult & { json?: (DiagnosticJson | undefined)[] };

export function publisher(connection: Pick<Connection, "sendDiagnostics" | "sendNotification">) {
  return {
    publish(uri: string, version: number, result: Publication): void {
      void connection.sendDiagnostics(diagnosticsParams(uri, version, result));
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

/**
 * publishDiagnostics's params: the stdio writer writes them from the diagnostics' kept JSON
 * (`PREPARED`, diagnosticsJson.ts); any other reader (Node's IPC, a trace) gets LSP's
 * diagnostics, converted when read.
 */
function diagnosticsParams(uri: string, version: number, result: Publication): PublishDiagnosticsParams {
  const { diagnostics } = result;
  const prepared: PreparedDiagnostics = {
    shell: { uri, version, diagnostics: [] },
    diagnostics,
    json: result.json ?? noJson(diagnostics.length),
  };
  const params = {
    uri,
    version,
    get diagnostics() {
      return diagnostics.map(toLspDiagnostic);
    },
  };
  Object.defineProperty(params, PREPARED, { value: prepared });
  return params;
}
