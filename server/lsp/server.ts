// The LSP layer's wiring: it holds the documents, and connects each concern to the connection —
// the settings (settings.ts), the team glossary and its command (glossary.ts), the features of
// the table (features.ts, dispatch.ts) answered by the analysts (analysts.ts), workspace symbols
// (workspaceSymbols.ts), the PDF requests (pdfRequests.ts) and publishing (publish.ts). It never
// looks at transcript text itself. See ARCHITECTURE.md.

import { join } from "node:path";
import {
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocuments,
} from "vscode-languageserver/node";
import { OCR_WORDS_MAX_BYTES, VERSION } from "../../shared/constants";
import { Analysts } from "./analysts";
import { createServerConnection } from "./connection";
import { capabilities, registerFeatures } from "./dispatch";
import { LazyTextDocument } from "./document";
import { GLOSSARY_COMMANDS, TeamGlossary, workspaceFolders } from "./glossary";
import { OcrWords } from "./ocrWords";
import { registerPdfRequests } from "./pdfRequests";
import { Pdfs } from "./pdfs";
import * as protocol from "./protocol";
import { publisher } from "./publish";
import { refuser } from "./responses";
import { Settings } from "./settings";
import { ChangeLog } from "./stale";
import { isObject } from "./validate";
import { WorkspaceSymbols } from "./workspaceSymbols";

/** The analysts: the language service in two worker threads, off the thread that reads messages. */
function startAnalysts(
  connection: Connection,
  parts: Pick<Parts, "documents" | "changes" | "settings" | "out" | "ocrWords">,
) {
  const reported = new Set<string>();
  return new Analysts({
    script: join(__dirname, "analyst.js"),
    documents: parts.documents,
    changes: parts.changes,
    ocrWords: (uri) => parts.ocrWords.get(uri),
    settings: () => parts.settings.current,
    publish: parts.out.publish,
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
}

interface Parts {
  changes: ChangeLog;
  /** The words an OCR was unsure of, per transcript, moved with its edits. */
  ocrWords: OcrWords;
  documents: TextDocuments<LazyTextDocument>;
  out: ReturnType<typeof publisher>;
  settings: Settings;
  analysts: Analysts;
  glossary: TeamGlossary;
  pdfs: Pdfs;
}

/** The server's parts, each connected to the others through what it is given. */
function createParts(connection: Connection): Parts {
  const changes = new ChangeLog();
  const ocrWords = new OcrWords();
  const documents = new TextDocuments(ocrWords.moving(changes.recording(LazyTextDocument.configuration as never)));
  const out = publisher(connection);
  const parts = { changes, ocrWords, documents, out } as Parts;
  /** Whatever the analyses depend on changed: each open document is analysed again. */
  const reanalyse = () => parts.analysts.reanalyseAll();
  parts.settings = new Settings({
    pull: () => connection.workspace.getConfiguration("verbatim"),
    warn: (message) => connection.console.warn(message),
    changed: (settings) => {
      parts.analysts.setReferenceDate(settings.referenceDate);
      parts.glossary.load();
      reanalyse();
    },
  });
  parts.glossary = new TeamGlossary({
    glossaryPath: () => parts.settings.current.glossaryPath,
    use: (entries, file) => parts.analysts.setTeamGlossary(entries, file),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
    showError: (message) => void connection.window.showErrorMessage(message),
    applyEdit: (edit) => connection.workspace.applyEdit(edit),
  });
  parts.analysts = startAnalysts(connection, parts);
  /** PDF imports and the maps from transcripts to their PDF's pages, in threads of their own. */
  parts.pdfs = new Pdfs(
    join(__dirname, "pdf-worker.js"),
    (uri) => {
      const doc = documents.get(uri);
      return doc ? { text: doc.getText(), version: doc.version } : undefined;
    },
    (message) => connection.console.error(`Verbatim: PDF: ${message}`),
    changes,
  );
  return parts;
}

/** initialize, initialized and the notifications that change the settings or the glossary. */
function connectLifecycle(connection: Connection, parts: Parts): void {
  const { settings, glossary } = parts;
  let canWatchFiles = false;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canWatchFiles = params?.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    glossary.folders = workspaceFolders(params);
    settings.initialize(params);
    return {
      capabilities: capabilities(GLOSSARY_COMMANDS),
      serverInfo: { name: "verbatim-language-server", version: VERSION },
    };
  });
  connection.onInitialized(() => {
    const register = connection.client.register.bind(connection.client);
    if (canWatchFiles)
      void register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.json" }] }).catch(
        () => {},
      );
    if (!settings.canPull) return;
    void register(DidChangeConfigurationNotification.type, { section: "verbatim" }).catch(() => {});
    void settings.refresh();
  });
  connection.onDidChangeConfiguration((change) => void settings.didChange(change));
  const reanalyse = () => parts.analysts.reanalyseAll();
  connection.onDidChangeWatchedFiles((change) => {
    if (glossary.watched(change)) reanalyse();
  });
  connection.onExecuteCommand(async (p) => {
    const added = await glossary.add(p);
    if (added) reanalyse();
    return added;
  });
  connection.onShutdown(() => parts.pdfs.dispose());
}

/** The documents' lifecycle: each opened, changed or closed is the analysts' to know. */
function connectDocuments(parts: Parts): void {
  const { documents, analysts } = parts;
  documents.onDidOpen((e) => analysts.open(e.document.uri));
  documents.onDidChangeContent((e) => analysts.schedule(e.document.uri));
  documents.onDidClose((e) => {
    analysts.close(e.document.uri);
    parts.pdfs.unlink(e.document.uri);
    parts.changes.forget(e.document.uri);
    parts.ocrWords.forget(e.document.uri);
    parts.out.clear(e.document.uri);
  });
}

/** A transcript's OCR sidecar came (or went): its doubts are analysed again if it is open. */
function didChangeOcrWords(connection: Connection, parts: Parts, p: unknown): void {
  if (!isObject(p) || typeof p.uri !== "string" || !(p.tsv === null || typeof p.tsv === "string")) {
    connection.console.error("Verbatim: verbatim/ocrWords ignored: it needs a uri and a tsv (a string, or null)");
    return;
  }
  const result = parts.ocrWords.set(p.uri, p.tsv);
  if (result === "tooLarge")
    connection.console.warn(
      `Verbatim: the OCR words of ${p.uri} were not read: more than ${OCR_WORDS_MAX_BYTES} bytes`,
    );
  if (result === "changed" && parts.documents.get(p.uri)) parts.analysts.schedule(p.uri, true);
}

export function startServer(connection: Connection = createServerConnection()): void {
  const parts = createParts(connection);
  const { documents, analysts } = parts;
  connectLifecycle(connection, parts);
  connectDocuments(parts);
  const refuse = refuser((message) => connection.console.error(message));
  const symbols = new WorkspaceSymbols({
    analysts,
    open: () => documents.keys(),
    isOpen: (uri) => documents.get(uri) !== undefined,
    refuse,
    error: (message) => connection.console.error(message),
  });
  registerFeatures(connection, {
    analysts,
    settings: () => parts.settings.current,
    refuse,
    workspace: { workspaceSymbol: (p, token) => symbols.symbols(p, token) },
  });
  connection.onNotification(protocol.lsp.workspaceFiles, (p) => symbols.didChangeFiles(p));
  connection.onNotification(protocol.lsp.ocrWords, (p: unknown) => didChangeOcrWords(connection, parts, p));
  registerPdfRequests(connection, parts.pdfs, (uri) => parts.ocrWords.get(uri));
  documents.listen(connection);
  connection.listen();
}
