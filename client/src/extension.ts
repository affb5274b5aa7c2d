// The VS Code client: it starts the language server and adds what only an editor can do
// (switching a file's language, sending the workspace's transcripts, applying "clean" edits).
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import {
  ADD_TO_GLOSSARY_SERVER_COMMAND,
  COMMANDS,
  isTranscriptFirstLine,
  LANGUAGE_ID,
  PDF_VIEW_TYPE,
  SERVER_ENV,
  SERVER_EXEC_ARGV,
  SPEAKERS_VIEW,
} from "../../shared/constants";
import { OcrSidecars } from "./ocrWords";
import { PdfViews } from "./pdfView";
import { lsp } from "./protocol";
import { SpeakersView } from "./speakersView";

const LANGUAGE = LANGUAGE_ID;
/** Transcript files of a workspace, for workspace symbols; the same names package.json associates. */
const WORKSPACE_GLOB = "**/{*.transcript,*_PV.*.txt}";
const MAX_WORKSPACE_FILES = 2000;
const { workspaceFiles, diagnosticCounts, safeFixes, unwrap } = lsp;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Verbatim", { log: true });
  const serverModule = context.asAbsolutePath("server/out/server.js");
  const serverOptions: ServerOptions = {
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      // The editor's environment with SERVER_ENV added (vscode-languageclient merges the two).
      options: { execArgv: [...SERVER_EXEC_ARGV], env: { ...SERVER_ENV } },
    },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6009", ...SERVER_EXEC_ARGV], env: { ...SERVER_ENV } },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: LANGUAGE },
      { scheme: "untitled", language: LANGUAGE },
      { scheme: "vscode-vfs", language: LANGUAGE },
    ],
    outputChannel: output,
    synchronize: { configurationSection: "verbatim" },
  };
  client = new LanguageClient("verbatim", "Verbatim", serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.name = "Verbatim problems";
  const countsByUri = new Map<string, { counts: Record<string, number>; dropped: number }>();
  const showStatus = () => {
    const editor = vscode.window.activeTextEditor;
    const entry =
      editor && editor.document.languageId === LANGUAGE ? countsByUri.get(editor.document.uri.toString()) : undefined;
    if (!entry) {
      status.hide();
      return;
    }
    const parts = Object.entries(entry.counts).map(([code, n]) => `${code} ${n}`);
    const total = Object.values(entry.counts).reduce((a, b) => a + b, 0);
    status.text = `$(checklist) Verbatim ${total}`;
    status.tooltip = parts.length
      ? `${parts.join("\n")}${entry.dropped ? `\n(${entry.dropped} not shown: raise verbatim.maxProblems)` : ""}`
      : "No problems";
    status.show();
  };

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(COMMANDS.switchToTranscript, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      // A PDF shown as text is never made a transcript (a fix would rewrite its bytes): it opens in the PDF view.
      const doc = editor.document;
      if (/\.pdf$/i.test(doc.uri.path) || doc.getText(new vscode.Range(0, 0, 0, 5)) === "%PDF-") {
        await vscode.commands.executeCommand("vscode.openWith", doc.uri, PDF_VIEW_TYPE);
        return;
      }
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
    }),
    vscode.commands.registerCommand(COMMANDS.cleanTranscript, () =>
      applyServerEdits(safeFixes, "Verbatim: nothing to clean."),
    ),
    vscode.commands.registerCommand(COMMANDS.unwrapParagraphs, () =>
      applyServerEdits(unwrap, "Verbatim: every paragraph is already on one line."),
    ),
    vscode.commands.registerCommand(COMMANDS.addToGlossary, async (arg?: { acronym?: string; expansion?: string }) => {
      // The quick fix of `undefined-acronym` passes the acronym; the palette asks for it.
      const acronym =
        arg?.acronym ??
        (await vscode.window.showInputBox({ title: "Verbatim: add to the team glossary", prompt: "Acronym" }));
      if (!acronym?.trim()) return;
      const expansion =
        arg?.expansion ??
        (await vscode.window.showInputBox({
          title: `Verbatim: add ${acronym} to the team glossary`,
          prompt: `What ${acronym} stands for`,
          placeHolder: "Collective Security Treaty Organization",
          validateInput: (v) => (v.trim() ? undefined : "The expansion cannot be empty"),
        }));
      if (!expansion?.trim()) return;
      const result = (await vscode.commands.executeCommand(ADD_TO_GLOSSARY_SERVER_COMMAND, {
        acronym: acronym.trim(),
        expansion: expansion.trim(),
      })) as { file?: string } | null;
      // The server edits the file as a workspace edit; save it so that it is shared as written.
      const saved = result?.file
        ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.file)
        : undefined;
      await saved?.save();
    }),
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    vscode.workspace.onDidOpenTextDocument(detectTranscript),
  );
  for (const doc of vscode.workspace.textDocuments) void detectTranscript(doc);

  const speakersView = new SpeakersView(() => client, output);
  const speakersTree = vscode.window.createTreeView(SPEAKERS_VIEW, { treeDataProvider: speakersView });
  context.subscriptions.push(
    speakersTree,
    speakersTree.onDidChangeVisibility(() => speakersView.refresh()),
    vscode.window.onDidChangeActiveTextEditor(() => speakersView.refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) speakersView.refresh();
    }),
  );

  // The PDF view and the import: registered before the client has started (a PDF opened with the
  // view activates the extension), their requests wait for it.
  const started = client.start();
  const ready = () =>
    started.then(
      () => client,
      () => undefined,
    );
  context.subscriptions.push(...new PdfViews(context, ready, output).register());
  // The doubtful OCR words of the transcripts opened (their NAME.ocr.tsv), for the server.
  context.subscriptions.push(...new OcrSidecars(ready, output).register());

  await started;
  speakersView.refresh();
  client.onNotification(diagnosticCounts, (p) => {
    countsByUri.set(p.uri, { counts: p.counts, dropped: p.dropped });
    showStatus();
  });
  void sendWorkspaceFiles(context);
}

/** Asks the server for edits to the active transcript and applies them as one undoable edit. */
async function applyServerEdits(request: typeof safeFixes, nothing: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE || !client) return;
  const converter = client.protocol2CodeConverter;
  const edits = await client.sendRequest(request, { uri: editor.document.uri.toString() });
  if (!edits.length) {
    void vscode.window.showInformationMessage(nothing);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(
    editor.document.uri,
    edits.map((e) => converter.asTextEdit(e)),
  );
  await vscode.workspace.applyEdit(edit);
}

/** Plain-text files that open like a record (a cover page or a speaker header) become transcripts. */
async function detectTranscript(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== "plaintext" || doc.lineCount === 0) return;
  if (isTranscriptFirstLine(doc.lineAt(0).text)) await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
}

/** Sends the workspace's transcripts that are not open, then keeps the server in step with changes. */
async function sendWorkspaceFiles(context: vscode.ExtensionContext): Promise<void> {
  if (!client || !vscode.workspace.workspaceFolders) return;
  const read = async (uri: vscode.Uri) => ({
    uri: uri.toString(),
    text: new TextDecoder("utf-8").decode(await vscode.workspace.fs.readFile(uri)),
  });
  const uris = await vscode.workspace.findFiles(WORKSPACE_GLOB, "**/node_modules/**", MAX_WORKSPACE_FILES);
  const files = [];
  for (const uri of uris) {
    try {
      files.push(await read(uri));
    } catch {
      // A file that vanished or cannot be read is simply not indexed.
    }
  }
  await client.sendNotification(workspaceFiles, { files });
  const watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_GLOB);
  const update = async (uri: vscode.Uri) => {
    try {
      await client?.sendNotification(workspaceFiles, { files: [await read(uri)] });
    } catch {
      await client?.sendNotification(workspaceFiles, { removed: [uri.toString()] });
    }
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(update),
    watcher.onDidChange(update),
    watcher.onDidDelete((uri) => client?.sendNotification(workspaceFiles, { removed: [uri.toString()] })),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
