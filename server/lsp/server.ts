import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type CancellationToken,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  type InitializeParams,
  type InitializeResult,
  LSPErrorCodes,
  type Position,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver/node";
import { ADD_TO_GLOSSARY_SERVER_COMMAND, PDF_MAX_BYTES, VERSION } from "../../shared/constants";
import type { AnalystMethod, AnalystParams, AnalystResult } from "../../shared/threads";
import {
  addToTeamGlossary,
  type CodeAction,
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  LineIndex,
  normalizeSettings,
  parseTeamGlossary,
  readTeamGlossaryFile,
  SEMANTIC_LEGEND,
  type TextEdit,
  type VerbatimSettings,
} from "../src/index";
import { Analysts, type DiagnosticsResult, type Freshness } from "./analysts";
import { createServerConnection } from "./connection";
import { fromLspDiagnostic, toLspCodeAction, toLspDiagnostic } from "./convert";
import { LazyTextDocument } from "./document";
import { PdfCancelled, Pdfs } from "./pdfs";
import * as protocol from "./protocol";
import { ChangeLog } from "./stale";
import { documentUri, isDiagnostic, isObject, isPosition, isRange } from "./validate";

/**
 * The LSP layer: it holds documents and settings, and hands every request to the language
 * service, which runs in two worker threads (analysts.ts). It never looks at transcript text
 * itself. See ARCHITECTURE.md.
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

/** At most this many workspace symbols (as the service's `workspaceSymbols` gives). */
const WORKSPACE_SYMBOL_LIMIT = 5000;

/**
 * A PDF's bytes from their base64, or a message when they are more than the import reads, or
 * null when `data` is no base64 string.
 */
function pdfBytes(data: unknown): Uint8Array | string | null {
  if (typeof data !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  if ((data.length / 4) * 3 > PDF_MAX_BYTES) return `larger than ${PDF_MAX_BYTES / 1024 / 1024} MB: not read`;
  return Buffer.from(data, "base64");
}

function badPdfParams(): protocol.PdfRefused {
  return { ok: false, kind: "not-read", message: "the request names no PDF, or its data is not base64" };
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "the request was cancelled");
}

export function startServer(connection: Connection = createServerConnection()): void {
  const changes = new ChangeLog();
  const documents = new TextDocuments(changes.recording(LazyTextDocument.configuration as never));
  const reported = new Set<string>();
  /** The language service, run by two analysts (worker threads) off the thread that reads messages. */
  const service = new Analysts({
    script: join(__dirname, "analyst.js"),
    documents,
    changes,
    settings: () => settings,
    publish,
    onError: (what, message) => {
      // Logged once per feature: a failing feature must not flood the output channel.
      if (reported.has(what)) return;
      reported.add(what);
      connection.console.error(`Verbatim: ${what} failed: ${message}`);
    },
    trace: (message) => connection.tracer.log(message),
    fatal: (message) => {
      process.stderr.write(`Verbatim language server: ${message}\n`);
      process.exit(1);
    },
  });
  /** PDF imports and the maps from transcripts to their PDF's pages, in a thread of their own (pdfs.ts). */
  const pdfs = new Pdfs(
    join(__dirname, "pdf-worker.js"),
    (uri) => {
      const doc = documents.get(uri);
      return doc ? { text: doc.getText(), version: doc.version } : undefined;
    },
    (message) => connection.console.error(`Verbatim: PDF: ${message}`),
    changes,
  );
  /** Transcripts of the workspace that are not open (their text is with analyst 0), in order. */
  const workspaceFiles = new Set<string>();
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let settings: VerbatimSettings = DEFAULT_SETTINGS;
  /** Workspace folders as file system paths: where the team glossary is looked for. */
  let folders: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params?.capabilities?.workspace?.configuration === true;
    canWatchFiles = params?.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const roots: unknown[] = Array.isArray(params?.workspaceFolders)
      ? params.workspaceFolders.map((f) => (f as { uri?: unknown } | null)?.uri)
      : params?.rootUri
        ? [params.rootUri]
        : [];
    folders = roots.flatMap((uri) => {
      try {
        return typeof uri === "string" && uri.startsWith("file:") ? [fileURLToPath(uri)] : [];
      } catch {
        return [];
      }
    });
    const { settings: initial, problems } = normalizeSettings(
      (params?.initializationOptions as { settings?: unknown } | undefined)?.settings,
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
        executeCommandProvider: { commands: [ADD_TO_GLOSSARY_SERVER_COMMAND] },
      },
      serverInfo: { name: "verbatim-language-server", version: VERSION },
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
    if (!isObject(change) || !Array.isArray(change.changes) || !change.changes.every((c) => isObject(c))) {
      connection.console.error("Verbatim: workspace/didChangeWatchedFiles ignored: changes must be a list");
      return;
    }
    const file = glossaryFile();
    if (!file) return;
    const uri = pathToFileURL(file.path).href;
    if (!change.changes.some((c) => c.uri === uri || safePath(c.uri) === file.path)) return;
    loadTeamGlossary();
    for (const doc of documents.all()) schedule(doc.uri);
  });

  connection.onExecuteCommand(async (p) => {
    if (!isObject(p) || p.command !== ADD_TO_GLOSSARY_SERVER_COMMAND) return null;
    const arg = (Array.isArray(p.arguments) && isObject(p.arguments[0]) ? p.arguments[0] : {}) as {
      acronym?: unknown;
      expansion?: unknown;
      category?: unknown;
    };
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
      const raw = ((change as { settings?: unknown } | null)?.settings as { verbatim?: unknown } | undefined)?.verbatim;
      settings = normalizeSettings(raw).settings;
      service.setReferenceDate(settings.referenceDate);
      for (const doc of documents.all()) schedule(doc.uri);
    }
  });

  /** Diagnostics are computed once no change has come for a moment, once per burst (analysts.ts). */
  function schedule(uri: string): void {
    service.schedule(uri);
  }

  function publish(uri: string, version: number, result: DiagnosticsResult): void {
    void connection.sendDiagnostics({ uri, version, diagnostics: result.diagnostics.map(toLspDiagnostic) });
    void connection.sendNotification(protocol.lsp.diagnosticCounts, {
      uri,
      counts: result.counts,
      dropped: result.dropped,
    });
  }

  documents.onDidOpen((e) => service.open(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    service.close(e.document.uri);
    pdfs.unlink(e.document.uri);
    changes.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /**
   * InvalidParams for a request whose parameters are of the wrong shape (`problem` says how),
   * logged too: a client that sends them should hear of it in its output as well.
   */
  const invalid = (method: string, problem: string): ResponseError<void> => {
    connection.console.error(`Verbatim: ${method} refused: ${problem}`);
    return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem}`);
  };
  /**
   * A request about one open document, answered by an analyst (`empty` when the client asks about a
   * document it has not opened), with the freshness its answer needs (analysts.ts); cancellation
   * as `answer` honours it, and while the request waits. `check` says what is wrong with the
   * parameters beyond the document's URI (always checked), if anything.
   */
  const onDocument =
    <P extends { textDocument: { uri: string } }, M extends AnalystMethod, R>(
      empty: R,
      freshness: Freshness,
      method: M,
      params: (p: P) => AnalystParams<M>,
      read: (result: AnalystResult<M>, uri: string) => unknown = (result) => result,
      check: (p: Record<string, unknown>) => string | undefined = () => undefined,
    ) =>
    (p: P, token: CancellationToken) => {
      if (token.isCancellationRequested) return cancelled();
      const uri = documentUri(p);
      if (uri === undefined) return invalid(method, "no textDocument.uri string");
      const problem = check(p as unknown as Record<string, unknown>);
      if (problem) return invalid(method, problem);
      return service
        .request(freshness, method, uri, params(p), token, empty)
        .then((result) =>
          result === empty || result instanceof ResponseError ? result : read(result as AnalystResult<M>, uri),
        ) as Promise<R | ResponseError<void>>;
    };
  /** A method that takes nothing but the document. */
  const none = () => ({});
  /** The same for Verbatim's own requests, which name the document by `uri`. */
  const onUri =
    <R>(empty: R, method: "speakers" | "safeFixes" | "unwrap") =>
    (p: { uri: string }, token: CancellationToken) =>
      token.isCancellationRequested
        ? cancelled()
        : typeof (p as unknown as { uri?: unknown } | null)?.uri !== "string"
          ? invalid(method, "no uri string")
          : (service.request("exact", method, p.uri, {}, token, empty) as Promise<R | ResponseError<void>>);
  const at = <P extends { position: Position }>(p: P) => ({ position: p.position });
  const positioned = (p: Record<string, unknown>) =>
    isPosition(p.position) ? undefined : "no position of non-negative integers line and character";

  connection.onDocumentSymbol(onDocument([], "exact", "documentSymbol", none));
  connection.onFoldingRanges(onDocument([], "exact", "foldingRange", none));
  connection.onHover(onDocument(null, "recent", "hover", at, undefined, positioned));
  connection.onDocumentLinks(onDocument([], "exact", "documentLink", none));
  connection.languages.semanticTokens.on(onDocument({ data: [] }, "exact", "semanticTokens", none));
  connection.onCodeAction(
    onDocument(
      [],
      "exact",
      "codeAction",
      (p) => ({
        range: p.range,
        context: {
          diagnostics: p.context.diagnostics.map(fromLspDiagnostic),
          ...(p.context.only ? { only: p.context.only } : {}),
        },
      }),
      (actions: CodeAction[]) => actions.map(toLspCodeAction),
      (p) =>
        !isRange(p.range)
          ? "no range"
          : !isObject(p.context) || !Array.isArray(p.context.diagnostics) || !p.context.diagnostics.every(isDiagnostic)
            ? "no context with a list of diagnostics"
            : p.context.only !== undefined &&
                !(Array.isArray(p.context.only) && p.context.only.every((k) => typeof k === "string"))
              ? "context.only is no list of kinds"
              : undefined,
    ),
  );
  connection.onCodeLens(onDocument([], "exact", "codeLens", () => ({ wordsPerMinute: settings.wordsPerMinute })));
  connection.onPrepareRename(onDocument(null, "exact", "prepareRename", at, undefined, positioned));
  connection.onRenameRequest(
    onDocument(
      null,
      "exact",
      "rename",
      (p) => ({ position: p.position, newName: p.newName }),
      (edits: TextEdit[], uri) => (edits.length ? { changes: { [uri]: edits } } : null),
      (p) => positioned(p) ?? (typeof p.newName === "string" ? undefined : "newName is no string"),
    ),
  );
  connection.onRequest(protocol.lsp.speakers, onUri({ groups: [] }, "speakers"));
  connection.onDefinition(onDocument([], "recent", "definition", at, undefined, positioned));
  connection.onReferences(
    onDocument(
      [],
      "recent",
      "references",
      (p) => ({ position: p.position, includeDeclaration: p.context.includeDeclaration === true }),
      undefined,
      (p) => positioned(p) ?? (isObject(p.context) ? undefined : "no context"),
    ),
  );
  connection.onDocumentHighlight(onDocument([], "recent", "documentHighlight", at, undefined, positioned));
  connection.onCompletion(onDocument([], "exact", "completion", at, undefined, positioned));
  connection.onWorkspaceSymbol(
    answer(async (p, token) => {
      if (!isObject(p) || typeof p.query !== "string") return invalid("workspace/symbol", "no query string");
      // The workspace files first, then the open documents, as the client listed them; an open
      // document's text replaces its file's. Open documents are answered from their most recent
      // model; workspace files by analyst 0, which parses each the first time.
      const uris = [...new Set([...workspaceFiles, ...documents.keys()])];
      const files = uris.filter((uri) => !documents.get(uri));
      const [fromFiles, ...fromOpen] = await Promise.all([
        service.fileSymbols(p.query, files, token),
        ...uris
          .filter((uri) => documents.get(uri))
          .map((uri) => service.request("recent", "workspaceSymbol", uri, { query: p.query }, token, [])),
      ]);
      if (token.isCancellationRequested || !fromFiles) return cancelled();
      const open = new Map(uris.filter((uri) => documents.get(uri)).map((uri, i) => [uri, fromOpen[i]]));
      const all = uris.flatMap((uri) => {
        const found = documents.get(uri) ? open.get(uri) : fromFiles[uri];
        return Array.isArray(found) ? found : [];
      });
      return all.slice(0, WORKSPACE_SYMBOL_LIMIT);
    }),
  );

  connection.onNotification(protocol.lsp.workspaceFiles, (p) => {
    if (
      !isObject(p) ||
      (p.files !== undefined && !Array.isArray(p.files)) ||
      (p.removed !== undefined && !Array.isArray(p.removed))
    ) {
      connection.console.error(
        `Verbatim: ${protocol.lsp.workspaceFiles.method} ignored: files and removed must be lists`,
      );
      return;
    }
    const files: { uri: string; text: string }[] = [];
    for (const f of p.files ?? []) {
      if (typeof f?.uri !== "string" || typeof f.text !== "string") continue;
      workspaceFiles.add(f.uri);
      files.push({ uri: f.uri, text: f.text });
    }
    const removed = (p.removed ?? []).filter((uri) => typeof uri === "string");
    for (const uri of removed) workspaceFiles.delete(uri);
    service.files(files, removed);
  });
  connection.onRequest(protocol.lsp.safeFixes, onUri([], "safeFixes"));
  connection.onRequest(protocol.lsp.unwrap, onUri([], "unwrap"));

  /**
   * A PDF request's answer: cancelled as LSP asks when the client cancelled it (the PDF thread
   * stops an import between pages), an error when the PDF thread failed or died with it (the next
   * request starts another thread).
   */
  const fromPdfThread = async <T>(work: Promise<T>): Promise<T | ResponseError<void>> => {
    try {
      return await work;
    } catch (error) {
      if (error instanceof PdfCancelled) return cancelled();
      return new ResponseError(LSPErrorCodes.RequestFailed, `the PDF thread failed: ${(error as Error).message}`);
    }
  };
  connection.onRequest(
    protocol.lsp.importPdf,
    answer(async (p, token) => {
      const bytes = pdfBytes(p?.data);
      if (typeof p?.pdf !== "string" || !bytes) return badPdfParams();
      if (typeof bytes === "string") return { ok: false as const, kind: "too-large", message: bytes };
      return fromPdfThread(pdfs.import(p.pdf, bytes, p.keepLines === true, token));
    }),
  );
  connection.onRequest(
    protocol.lsp.linkPdf,
    answer(async (p, token) => {
      const bytes = p?.data === undefined ? undefined : pdfBytes(p.data);
      if (typeof p?.uri !== "string" || typeof p.pdf !== "string" || bytes === null) return badPdfParams();
      if (typeof bytes === "string") return { ok: false as const, kind: "too-large", message: bytes };
      return fromPdfThread(pdfs.link(p.uri, p.pdf, bytes, token));
    }),
  );
  connection.onRequest(
    protocol.lsp.locateInPdf,
    answer(async (p, token) =>
      typeof p?.uri === "string" && Number.isInteger(p.line) && p.line >= 0
        ? fromPdfThread(pdfs.locate(p.uri, p.line, token, p.character))
        : null,
    ),
  );
  connection.onRequest(
    protocol.lsp.pickInPdf,
    answer(async (p, token) =>
      typeof p?.uri === "string" && [p.page, p.x, p.y].every(Number.isFinite)
        ? fromPdfThread(pdfs.pick(p.uri, p.page, p.x, p.y, token))
        : null,
    ),
  );
  connection.onNotification(protocol.lsp.unlinkPdf, (p) => {
    if (typeof p?.uri === "string") pdfs.unlink(p.uri);
  });
  connection.onShutdown(() => pdfs.dispose());

  documents.listen(connection);
  connection.listen();
}
