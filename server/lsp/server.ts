import {
  CodeActionKind,
  type Connection,
  createConnection,
  DidChangeConfigurationNotification,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  normalizeSettings,
  SEMANTIC_LEGEND,
  type TextDocumentLike,
  type VerbatimSettings,
} from "../src/index";
import { fromLspDiagnostic, toLspCodeAction, toLspDiagnostic } from "./convert";
import * as protocol from "./protocol";

/**
 * The LSP layer: it holds documents and settings, and hands every request to the language
 * service. It never looks at transcript text itself. See ARCHITECTURE.md.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const reported = new Set<string>();
  const service = createLanguageService({
    onError: (what, error) => {
      // Logged once per feature: a failing feature must not flood the output channel.
      if (reported.has(what)) return;
      reported.add(what);
      connection.console.error(
        `Verbatim: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    },
  });
  /** Transcripts of the workspace that are not open, sent by the client for workspace symbols. */
  const workspaceFiles = new Map<string, TextDocumentLike>();
  let canPullConfiguration = false;
  let settings: VerbatimSettings = DEFAULT_SETTINGS;
  const pending = new Map<string, ReturnType<typeof setImmediate>>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const { settings: initial, problems } = normalizeSettings(
      (params.initializationOptions as { settings?: unknown } | undefined)?.settings,
    );
    settings = initial;
    for (const p of problems) connection.console.warn(`Verbatim: ${p}`);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: "Verbatim" },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      },
      serverInfo: { name: "verbatim-language-server", version: protocol.VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "verbatim" }).catch(() => {});
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const raw = await connection.workspace.getConfiguration("verbatim");
      const { settings: next, problems } = normalizeSettings(raw);
      for (const p of problems) connection.console.warn(`Verbatim: ${p}`);
      settings = next;
    } catch {
      settings = DEFAULT_SETTINGS;
    }
    for (const doc of documents.all()) schedule(doc.uri);
  }

  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) void refreshSettings();
    else {
      const raw = (change.settings as { verbatim?: unknown } | undefined)?.verbatim;
      settings = normalizeSettings(raw).settings;
      for (const doc of documents.all()) schedule(doc.uri);
    }
  });

  /** Diagnostics are computed after the current burst of messages, once per document. */
  function schedule(uri: string): void {
    if (pending.has(uri)) return;
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        publish(uri);
      }),
    );
  }

  function publish(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    const result = service.diagnostics(doc, settings);
    void connection.sendDiagnostics({
      uri,
      version: doc.version,
      diagnostics: result.diagnostics.map(toLspDiagnostic),
    });
    void connection.sendNotification(protocol.diagnosticCounts, {
      uri,
      counts: result.counts,
      dropped: result.dropped,
    });
  }

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearImmediate(timer);
    pending.delete(e.document.uri);
    service.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDocumentSymbol((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.documentSymbols(doc) : [];
  });
  connection.onFoldingRanges((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.foldingRanges(doc) : [];
  });
  connection.onHover((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.hover(doc, p.position) : null;
  });
  connection.onDocumentLinks((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.documentLinks(doc) : [];
  });
  connection.languages.semanticTokens.on((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.semanticTokens(doc) : { data: [] };
  });
  connection.onCodeAction((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return service
      .codeActions(doc, p.range, {
        diagnostics: p.context.diagnostics.map(fromLspDiagnostic),
        ...(p.context.only ? { only: p.context.only } : {}),
      })
      .map(toLspCodeAction);
  });
  connection.onWorkspaceSymbol((p) => {
    const open = new Map<string, TextDocumentLike>(workspaceFiles);
    for (const d of documents.all()) open.set(d.uri, d);
    return service.workspaceSymbols(p.query, open.values());
  });

  connection.onNotification(protocol.workspaceFiles, (p) => {
    for (const f of p.files ?? []) {
      if (typeof f?.uri !== "string" || typeof f.text !== "string") continue;
      const version = (workspaceFiles.get(f.uri)?.version ?? 0) + 1;
      workspaceFiles.set(f.uri, { uri: f.uri, version, getText: () => f.text });
    }
    for (const uri of p.removed ?? []) {
      workspaceFiles.delete(uri);
      if (!documents.get(uri)) service.forget(uri);
    }
  });
  connection.onRequest(protocol.safeFixes, (p) => {
    const doc = documents.get(p.uri);
    return doc ? service.safeFixes(doc) : [];
  });

  documents.listen(connection);
  connection.listen();
}
