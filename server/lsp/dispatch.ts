// The handlers of the feature table (features.ts) and the capabilities it advertises: every
// request about a document goes to the analysts (analysts.ts) with the freshness its feature
// needs, its parameters checked first (validate.ts).

import {
  type CancellationToken,
  type Connection,
  ResponseError,
  type ServerCapabilities,
  TextDocumentSyncKind,
} from "vscode-languageserver/node";
import type { AnalystMethod, AnalystParams, AnalystResult } from "../../shared/threads";
import type { VerbatimSettings } from "../src/index";
import type { Analysts } from "./analysts";
import { FEATURES, type Feature, features } from "./features";
import { cancelled, type Refuse } from "./responses";
import { documentUri, isObject } from "./validate";

export type Handler = (params: unknown, token: CancellationToken) => unknown;

export interface DispatchContext {
  analysts: Pick<Analysts, "request">;
  settings(): VerbatimSettings;
  refuse: Refuse;
  /** The handlers of the features about the whole workspace (`target: "workspace"`). */
  workspace: Partial<Record<AnalystMethod, Handler>>;
}

/** What `initialize` advertises: incremental sync, each feature's capability, the commands. */
export function capabilities(commands: string[]): ServerCapabilities {
  return Object.assign(
    { textDocumentSync: TextDocumentSyncKind.Incremental },
    ...features().map(([, f]) => f.capability),
    { executeCommandProvider: { commands } },
  );
}

/** The document a request is about, as its feature names it. */
function targetUri(f: Feature<AnalystMethod>, p: unknown): string | undefined {
  if (f.target === "textDocument") return documentUri(p);
  return isObject(p) && typeof p.uri === "string" ? p.uri : undefined;
}

/**
 * A feature's handler: the request's parameters checked, then answered by an analyst (`empty`
 * when the client asks about a document it has not opened); cancellation honoured before and
 * while the request waits.
 */
export function documentHandler<M extends AnalystMethod>(method: M, ctx: DispatchContext): Handler {
  const f = FEATURES[method] as Feature<M>;
  return (p, token) => {
    if (token.isCancellationRequested) return cancelled();
    const uri = targetUri(f as never, p);
    if (uri === undefined)
      return ctx.refuse(method, f.target === "uri" ? "no uri string" : "no textDocument.uri string");
    const problem = f.check?.(p as Record<string, unknown>);
    if (problem) return ctx.refuse(method, problem);
    const params = f.params(p as never, ctx.settings()) as AnalystParams<M>;
    return ctx.analysts
      .request(f.freshness, method, uri, params, token, f.empty)
      .then((result) =>
        result === f.empty || result instanceof ResponseError || !f.read
          ? result
          : f.read(result as AnalystResult<M>, uri),
      );
  };
}

/** Each feature's handler on the connection, for its method. */
export function registerFeatures(connection: Pick<Connection, "onRequest">, ctx: DispatchContext): void {
  for (const [method, f] of features()) {
    const handler = f.target === "workspace" ? ctx.workspace[method] : documentHandler(method, ctx);
    if (!handler) throw new Error(`no handler for ${f.lsp}`);
    connection.onRequest(f.lsp, handler);
  }
}
