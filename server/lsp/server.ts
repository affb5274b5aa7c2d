import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type CancellationToken,
  CodeActionKind,
  type Connection,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  addToTeamGlossary,
  createLanguageService,
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  LineIndex,
  normalizeSettings,
  parseTeamGlossary,
  readTeamGlossaryFile,
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
function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * A request's handler that honours cancellation: a request the client cancelled before its turn
 * (while the server was busy with an earlier one) is answered with RequestCancelled, as LSP asks,
 * and its work is not done.
 */
function answer<P, R>(handler: (params: P, token: CancellationToken) => R) {
  return (params: P, token: CancellationToken): R | ResponseError<void> =>
    token.isCancellationRequested ? cancelled() : handler(params, token);
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "the request was cancelled");
}

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
  let canWatchFiles = false;
  let settings: VerbatimSettings = DEFAULT_SETTINGS;
  /** Workspace folders as file system paths: where the team glossary is looked for. */
  let folders: string[] = [];
  const pending = new Map<string, ReturnType<typeof setImmediate>>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.flatMap((uri) => {
      try {
        return uri.startsWith("file:") ? [fileURLToPath(uri)] : [];
      } catch {
        return [];
      }
    });
    const { settings: initial, problems } = normalizeSettings(
      (params.initializationOptions as { settings?: unknown } | undefined)?.settings,
    );
    settings = initial;
    for (const p of problems) connection.console.warn(`Verbatim: ${p}`);
    service.setReferenceDate(settings.referenceDate);
    loadTeamGlossary();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: "Verbatim" },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
          resolveProvider: false,
        },
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
        referencesProvider: true,
        documentHighlightProvider: true,
        completionProvider: { triggerCharacters: [], resolveProvider: false },
        executeCommandProvider: { commands: [protocol.ADD_TO_GLOSSARY_SERVER_COMMAND] },
      },
      serverInfo: { name: "verbatim-language-server", version: protocol.VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.json" }] })
        .catch(() => {});
    }
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
    service.setReferenceDate(settings.referenceDate);
    loadTeamGlossary();
    for (const doc of documents.all()) schedule(doc.uri);
  }

  /**
   * The team glossary file: an absolute setting's path (the user's choice: in Restricted Mode
   * VS Code gives the server the user's value only), or a relative one in the first workspace
   * folder that has it; `workspace` then names the folder the file must stay in.
   */
  function glossaryFile(): { path: string; workspace?: string } | undefined {
    const path = settings.glossaryPath;
    if (isAbsolute(path)) return { path };
    const candidates = folders.map((f) => ({ path: join(f, path), workspace: f }));
    return candidates.find((c) => existsSync(c.path)) ?? candidates[0];
  }

  /** (Re)reads the team glossary; a missing file is an empty glossary, a broken one is reported. */
  function loadTeamGlossary(text?: string): void {
    const file = glossaryFile();
    if (!file) {
      service.setTeamGlossary([], undefined);
      return;
    }
    let content = text;
    if (content === undefined) {
      const read = readTeamGlossaryFile(file.path, file.workspace);
      if ("error" in read) connection.console.warn(`Verbatim: ${read.error}`);
      content = "text" in read ? read.text : "";
    }
    const { entries, problems } = content.trim() ? parseTeamGlossary(content) : { entries: [], problems: [] };
    for (const p of problems) connection.console.warn(`Verbatim: team glossary ${file.path}: ${p}`);
    service.setTeamGlossary(entries, file.path);
  }

  connection.onDidChangeWatchedFiles((change) => {
    const file = glossaryFile();
    if (!file) return;
    const uri = pathToFileURL(file.path).href;
    if (!change.changes.some((c) => c.uri === uri || safePath(c.uri) === file.path)) return;
    loadTeamGlossary();
    for (const doc of documents.all()) schedule(doc.uri);
  });

  connection.onExecuteCommand(async (p) => {
    if (p.command !== protocol.ADD_TO_GLOSSARY_SERVER_COMMAND) return null;
    const arg = (p.arguments?.[0] ?? {}) as { acronym?: unknown; expansion?: unknown; category?: unknown };
    if (typeof arg.acronym !== "string" || typeof arg.expansion !== "string" || !arg.expansion.trim()) {
      void connection.window.showErrorMessage("Verbatim: adding to the glossary needs an acronym and its expansion.");
      return null;
    }
    const file = glossaryFile();
    if (!file) {
      void connection.window.showErrorMessage("Verbatim: open a folder to keep a team glossary in it.");
      return null;
    }
    // The same checks as reading (a regular file, its size, inside the workspace), then an edit
    // of the JSON in place; a file that does not parse is left alone.
    const read = readTeamGlossaryFile(file.path, file.workspace);
    const before = "text" in read ? read.text : undefined;
    const change =
      "error" in read
        ? read
        : addToTeamGlossary(before, {
            acronym: arg.acronym.trim(),
            expansion: arg.expansion.trim(),
            ...(typeof arg.category === "string" && arg.category ? { category: arg.category } : {}),
          });
    if ("error" in change) {
      const why = "error" in read ? change.error : `the team glossary ${file.path} cannot be edited: ${change.error}`;
      void connection.window.showErrorMessage(`Verbatim: ${why}. Nothing was written.`);
      return null;
    }
    const uri = pathToFileURL(file.path).href;
    const lines = new LineIndex(before ?? "");
    const result = await connection.workspace.applyEdit({
      label: `Add ${arg.acronym} to the team glossary`,
      edit: {
        documentChanges: [
          ...(before === undefined ? [{ kind: "create" as const, uri, options: { ignoreIfExists: true } }] : []),
          {
            textDocument: { uri, version: null },
            edits: change.edits.map((e) => ({
              range: { start: lines.positionAt(e.offset), end: lines.positionAt(e.offset + e.length) },
              newText: e.content,
            })),
          },
        ],
      },
    });
    if (!result.applied) return null;
    loadTeamGlossary(change.text);
    for (const doc of documents.all()) schedule(doc.uri);
    return { file: uri };
  });

  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) void refreshSettings();
    else {
      const raw = (change.settings as { verbatim?: unknown } | undefined)?.verbatim;
      settings = normalizeSettings(raw).settings;
      service.setReferenceDate(settings.referenceDate);
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

  /**
   * A request about one open document: answered from the service, or with `empty` when the
   * client asks about a document it has not opened; cancellation as `answer` honours it.
   */
  const onDocument = <P extends { textDocument: { uri: string } }, R>(empty: R, f: (doc: TextDocument, p: P) => R) =>
    answer((p: P) => {
      const doc = documents.get(p.textDocument.uri);
      return doc ? f(doc, p) : empty;
    });
  /** The same for Verbatim's own requests, which name the document by `uri`. */
  const onUri = <R>(empty: R, f: (doc: TextDocument) => R) =>
    answer((p: { uri: string }) => {
      const doc = documents.get(p.uri);
      return doc ? f(doc) : empty;
    });

  connection.onDocumentSymbol(onDocument([], (doc) => service.documentSymbols(doc)));
  connection.onFoldingRanges(onDocument([], (doc) => service.foldingRanges(doc)));
  connection.onHover(onDocument(null, (doc, p) => service.hover(doc, p.position)));
  connection.onDocumentLinks(onDocument([], (doc) => service.documentLinks(doc)));
  connection.languages.semanticTokens.on(onDocument({ data: [] }, (doc) => service.semanticTokens(doc)));
  connection.onCodeAction(
    onDocument([], (doc, p) =>
      service
        .codeActions(doc, p.range, {
          diagnostics: p.context.diagnostics.map(fromLspDiagnostic),
          ...(p.context.only ? { only: p.context.only } : {}),
        })
        .map(toLspCodeAction),
    ),
  );
  connection.onCodeLens(onDocument([], (doc) => service.codeLenses(doc, settings.wordsPerMinute)));
  connection.onPrepareRename(onDocument(null, (doc, p) => service.prepareRename(doc, p.position)));
  connection.onRenameRequest(
    onDocument(null, (doc, p) => {
      const edits = service.rename(doc, p.position, p.newName);
      return edits.length ? { changes: { [doc.uri]: edits } } : null;
    }),
  );
  connection.onRequest(
    protocol.speakers,
    onUri({ groups: [] }, (doc) => service.speakers(doc)),
  );
  connection.onDefinition(onDocument([], (doc, p) => service.definition(doc, p.position)));
  connection.onReferences(
    onDocument([], (doc, p) => service.references(doc, p.position, p.context.includeDeclaration)),
  );
  connection.onDocumentHighlight(onDocument([], (doc, p) => service.documentHighlights(doc, p.position)));
  connection.onCompletion(onDocument([], (doc, p) => service.completion(doc, p.position)));
  connection.onWorkspaceSymbol(
    answer(async (p, token) => {
      const open = new Map<string, TextDocumentLike>(workspaceFiles);
      for (const d of documents.all()) open.set(d.uri, d);
      const docs = [...open.values()];
      // Each file not yet analysed is parsed first, one at a time, letting messages in between:
      // a cancellation stops the work at the next file.
      const present = (uri: string) => documents.get(uri) !== undefined || workspaceFiles.has(uri);
      for (const d of docs) {
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) return cancelled();
        // Closed or removed in the meantime: not parsed again (its model would stay cached).
        if (!present(d.uri)) continue;
        try {
          service.model(d);
        } catch {
          // Reported by the guarded request below, which meets the same failure.
        }
      }
      return service.workspaceSymbols(
        p.query,
        docs.filter((d) => present(d.uri)),
      );
    }),
  );

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
  connection.onRequest(
    protocol.safeFixes,
    onUri([], (doc) => service.safeFixes(doc)),
  );
  connection.onRequest(
    protocol.unwrap,
    onUri([], (doc) => service.unwrap(doc)),
  );

  documents.listen(connection);
  connection.listen();
}
