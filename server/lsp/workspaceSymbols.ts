// Workspace symbols: the speeches of every transcript of the workspace. The client sends the text
// of those that are not open (the workspaceFiles notification), which analyst 0 keeps; an open
// document's text replaces its file's.

import type { CancellationToken } from "vscode-languageserver/node";
import { MESSAGES, type WorkspaceFilesParams } from "../../shared/protocol";
import type { WorkspaceSymbol } from "../src/index";
import type { Analysts } from "./analysts";
import { FEATURES } from "./features";
import { cancelled, type Refuse } from "./responses";
import { isObject } from "./validate";

/** At most this many workspace symbols (as the service's `workspaceSymbols` gives). */
export const WORKSPACE_SYMBOL_LIMIT = 5000;

export interface WorkspaceSymbolsHost {
  analysts: Pick<Analysts, "request" | "fileSymbols" | "files">;
  /** The open documents' URIs, as the client opened them. */
  open(): Iterable<string>;
  isOpen(uri: string): boolean;
  refuse: Refuse;
  error(message: string): void;
}

export class WorkspaceSymbols {
  /** Transcripts of the workspace that are not open (their text is with analyst 0), in order. */
  readonly files = new Set<string>();

  constructor(private readonly host: WorkspaceSymbolsHost) {}

  /** the workspaceFiles notification: files added (their text) or removed. */
  didChangeFiles(p: WorkspaceFilesParams | null | undefined): void {
    if (
      !isObject(p) ||
      (p.files !== undefined && !Array.isArray(p.files)) ||
      (p.removed !== undefined && !Array.isArray(p.removed))
    ) {
      this.host.error(`Verbatim: ${MESSAGES.workspaceFiles.method} ignored: files and removed must be lists`);
      return;
    }
    const files: { uri: string; text: string }[] = [];
    for (const f of p.files ?? []) {
      if (typeof f?.uri !== "string" || typeof f.text !== "string") continue;
      this.files.add(f.uri);
      files.push({ uri: f.uri, text: f.text });
    }
    const removed = (p.removed ?? []).filter((uri) => typeof uri === "string");
    for (const uri of removed) this.files.delete(uri);
    this.host.analysts.files(files, removed);
  }

  /**
   * `workspace/symbol`: the workspace files first, then the open documents, as the client listed
   * them. Open documents are answered from their most recent model; workspace files by analyst 0,
   * which parses each the first time.
   */
  async symbols(p: unknown, token: CancellationToken): Promise<unknown> {
    const feature = FEATURES.workspaceSymbol;
    if (token.isCancellationRequested) return cancelled();
    const problem = isObject(p) ? feature.check?.(p) : "no query string";
    if (problem || !isObject(p)) return this.host.refuse(feature.lsp, problem ?? "no query string");
    const query = String(p.query);
    const { analysts, isOpen } = this.host;
    const uris = [...new Set([...this.files, ...this.host.open()])];
    const open = uris.filter((uri) => isOpen(uri));
    const [fromFiles, ...fromOpen] = await Promise.all([
      analysts.fileSymbols(
        query,
        uris.filter((uri) => !isOpen(uri)),
        token,
      ),
      ...open.map((uri) => analysts.request(feature.freshness, "workspaceSymbol", uri, { query }, token, [])),
    ]);
    if (token.isCancellationRequested || !fromFiles) return cancelled();
    const answers = new Map<string, unknown>(open.map((uri, i) => [uri, fromOpen[i]]));
    const all = uris.flatMap((uri) => {
      const found = isOpen(uri) ? answers.get(uri) : fromFiles[uri];
      return Array.isArray(found) ? (found as WorkspaceSymbol[]) : [];
    });
    return all.slice(0, WORKSPACE_SYMBOL_LIMIT);
  }
}
