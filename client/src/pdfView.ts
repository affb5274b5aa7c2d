// The PDF beside the text: a custom editor for `.pdf` files (a double click in the Explorer, "Open
// With… › Verbatim PDF View", or Verbatim: Show PDF Beside from a transcript) that draws the
// record's pages with PDF.js in a webview, shows the page of the sentence at the transcript's
// cursor with its words marked, and puts the cursor on a word clicked on the page. Also Verbatim:
// Import PDF…, which turns a PDF into a transcript and opens it beside its PDF.
//
// One view a PDF (reused), and one group for the views: a second record's PDF opens where the
// first one's is. VS Code restores the views after a reload (a custom editor is its own
// serializer; the webview keeps its page and zoom in its state), and the links made in a window
// are kept in the workspace's state, an unsaved import's too (its untitled document comes back
// under the same path).
//
// The server does the reading and the matching (its PDF thread: server/lsp/pdfWorker.ts): this
// module reads the PDF's bytes through VS Code's file system, hands them to the server and to the
// webview, and passes the cursor and the clicks between the editor and the view. The webview
// loads nothing but the extension's own files and the PDF's folder (strict content security
// policy): it fetches a PDF on disk itself, at once, and is sent any other as a message.
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { COMMANDS, LANGUAGE_ID, type PageBox, PDF_MAX_BYTES, PDF_VIEW_TYPE } from "../../shared/constants";
import type { FromView, PdfViewGiven, PdfViewOptions, PdfZoom, ToView } from "../../shared/webview";
import { FollowChannel, viewId } from "./followChannel";
import { ScanImports } from "./ocrImport";
import { ocrWordsGiven } from "./ocrWords";
import { lsp, type PdfLinkAnswer, type PdfRefused } from "./protocol";

const LANGUAGE = LANGUAGE_ID;
const VIEW_TYPE = PDF_VIEW_TYPE;
/** The links made (imported, found by name, picked), kept in the workspace's state: transcript path → PDF URI. */
const LINKS_KEY = "verbatim.pdfLinks";
/**
 * Each PDF's zoom and page at the top, kept in the workspace's state: PDF URI → view. The
 * workspace's state, not only the webview's: VS Code writes a webview's state lazily, and a window
 * reloaded soon after a zoom came back with the zoom before it.
 */
const ZOOMS_KEY = "verbatim.pdfZooms";
interface KeptView {
  zoom: PdfZoom;
  page: number;
}
/** At most this many links and zooms are kept (the oldest let go). */
const KEPT = 500;
/** The setting that darkens the pages in a dark theme. */
const DARK_PAGES = "verbatim.pdfView.darkPages";
/** The setting that marks the doubtful OCR words on the pages. */
const OCR_DOUBTS = "verbatim.pdfView.ocrDoubts";
/** The code of the diagnostics of doubtful OCR words (server/src/rules/ocrUncertain.ts). */
const OCR_UNCERTAIN = "ocr-uncertain";
/** Below this share of a transcript's words found in its PDF (%), the user is asked whether it is the right PDF. */
const FEW_FOUND = 50;

const { importPdf, linkPdf, locateInPdf, pickInPdf, unlinkPdf, ocrDoubtsInPdf } = lsp;
type Refused = PdfRefused;
type LinkAnswer = PdfLinkAnswer;

/**
 * How the cursor's marks go to the views: by the direct channel when a view's is open (the
 * default), always by `postMessage` ("message"), or by each in turn ("alternate": the direct
 * channel for a line of even number, else `postMessage`: the e2e test's comparison of the two at
 * one load). Read from VERBATIM_FOLLOW_CHANNEL, for tests.
 */
type FollowWay = "direct" | "message" | "alternate";
const followWay = (): FollowWay => {
  const way = process.env.VERBATIM_FOLLOW_CHANNEL;
  return way === "message" || way === "alternate" ? way : "direct";
};

/** The time in ms since 1970, comparable with the webview's (`performance.timeOrigin + performance.now()`). */
const now = () => performance.timeOrigin + performance.now();

/** Every message to a webview goes through here: shared/webview.ts says what it may be. */
const toView = (webview: vscode.Webview, message: ToView) => webview.postMessage(message);

/** A transcript's key in the links: its path, so that an imported (untitled) transcript keeps its PDF once saved. */
const keyOf = (uri: vscode.Uri) => uri.path;
const nameOf = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf("/") + 1);
/** A transcript as the view names it: its path in the workspace (two of one name in two folders told apart). */
const labelOf = (uri: vscode.Uri) =>
  uri.scheme === "file" ? vscode.workspace.asRelativePath(uri, false) : nameOf(uri);
const optionsOf = (): PdfViewOptions => ({
  darkPages: vscode.workspace.getConfiguration().get<boolean>(DARK_PAGES, false),
  ocrDoubts: vscode.workspace.getConfiguration().get<boolean>(OCR_DOUBTS, true),
});

/** One open view of a PDF. */
interface View {
  /** Its id: the last part of its direct channel's address. */
  id: string;
  pdf: vscode.Uri;
  panel: vscode.WebviewPanel;
  /** The transcript it follows, once linked. */
  linked?: vscode.TextDocument;
  /** A link being made. */
  linking?: { doc: vscode.TextDocument; done: Promise<void> };
  ready: Promise<void>;
  /** Its first page drawn (or failed): a link waits for it, so as not to slow it down (or a few seconds at most). */
  drawn: Promise<void>;
  /** Its transcript has (or had) doubtful OCR words: their marks follow its diagnostics. */
  doubts?: boolean;
  /** The last cursor's marks sent to it (sent again by `postMessage` if its direct channel lost them). */
  lastShow?: Extract<ToView, { type: "show" }>;
  /** Its page said its direct channel is open (true) or failed (false); undefined: not yet said. */
  direct?: boolean;
}
/** The longest a new view waits for VS Code to map its direct channel's address (ms). */
const MAP_WAIT = 2000;
/** The longest a link waits for the view's first page (ms). */
const FIRST_PAGE_WAIT = 3000;

export class PdfViews implements vscode.CustomReadonlyEditorProvider {
  private readonly views = new Set<View>();
  /** Transcript path → PDF it was imported from or linked to in this session. */
  private readonly links = new Map<string, vscode.Uri>();
  /** A locate request is on its way: the next one waits for its answer (the PDF thread may be aligning a long record). */
  private locating = false;
  private followAgain: { editor: vscode.TextEditor; selection: number } | undefined;
  /**
   * A view being opened by a command (PDF URI →): when it was asked for (the view's page is told:
   * `PdfViewGiven.timing`), and whether its page may fetch the PDF, asked while VS Code makes the view.
   */
  private readonly opening = new Map<string, { command: number; openWith: number; fetchable: Promise<boolean> }>();
  /** Import PDF… on a scan: the question, the OCR's progress, its doubtful words (ocrImport.ts). */
  private readonly scans: ScanImports;
  /** The direct channel of the cursor's marks to the views (followChannel.ts). */
  private readonly channel: FollowChannel;
  /** The origins the views' pages are served from, as the browser names them (their channel's requests come from there). */
  private readonly viewOrigins = new Set<string>();
  /** The channel's port, and its root address as the browser reaches it: asked of VS Code once. */
  private mapped: Promise<{ port: number; root: URL }> | undefined;
  /** The number of the last `show` sent (a view never shows an older one after a newer). */
  private shows = 0;
  /** The view's stylesheet and script, read once, written into each view's page (null: they could not be read). */
  private inlined: { css: string; script: string } | null | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.scans = new ScanImports(output, client);
    this.channel = new FollowChannel(
      output,
      (origin) => this.viewOrigins.has(origin) || origin.startsWith("vscode-webview://"),
    );
  }

  register(): vscode.Disposable[] {
    // The tabs the window came back with (VS Code may restore them before this extension starts).
    const linked = (path: string) => this.links.has(path) || path in this.context.workspaceState.get(LINKS_KEY, {});
    void closeRestoredTwins(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs),
      linked,
    );
    return [
      { dispose: () => void this.channel.close() },
      ...this.scans.register(),
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, this, {
        // enableFindWidget: Ctrl+F in the view finds in the pages' text layer.
        webviewOptions: { retainContextWhenHidden: true, enableFindWidget: true },
        supportsMultipleEditorsPerDocument: false,
      }),
      vscode.commands.registerCommand(COMMANDS.importPdf, (uri?: vscode.Uri) => this.importCommand(uri)),
      vscode.commands.registerCommand(COMMANDS.showPdf, () => this.showCommand()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.scheduleFollow(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.scheduleFollow(editor)),
      // An imported (untitled) transcript saved, or a linked one reopened: its view follows it again.
      vscode.workspace.onDidOpenTextDocument((doc) => this.relink(doc)),
      // The doubtful OCR words are diagnostics: when a linked transcript's change, the marks follow.
      vscode.languages.onDidChangeDiagnostics((e) => this.doubtsChanged(e.uris)),
      // A transcript given doubtful words (its sidecar made or read) or rid of them: its views ask, or stop.
      ocrWordsGiven.onDidChange((uri) => {
        for (const v of this.views)
          if (v.linked?.uri.toString() === uri)
            void toView(v.panel.webview, { type: "doubtsChanged", any: ocrWordsGiven.has(uri) });
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(DARK_PAGES) && !e.affectsConfiguration(OCR_DOUBTS)) return;
        for (const v of this.views) void toView(v.panel.webview, { type: "options", options: optionsOf() });
      }),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.opened.length) void closeRestoredTwins(e.opened, linked);
      }),
    ];
  }

  private relink(doc: vscode.TextDocument): void {
    if (doc.languageId !== LANGUAGE) return;
    const pdf = this.pdfOf(doc)?.toString();
    // Saving an untitled import opens the file before the untitled document is closed: same path.
    const view = [...this.views].find(
      (v) =>
        v.pdf.toString() === pdf &&
        (!v.linked || v.linked.isClosed || (v.linked !== doc && keyOf(v.linked.uri) === keyOf(doc.uri))),
    );
    if (view) void this.link(view, doc, undefined, false);
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const resolved = now();
    const webview = panel.webview;
    const root = this.context.extensionUri;
    // A PDF on disk is one of the page's resources, which it fetches as soon as its script runs (no
    // message, no base64): its folder is a root the page may read from. Other PDFs come as a message.
    const id = viewId();
    // Whether the page may fetch the PDF: asked by the command while VS Code made the view, if it opened it.
    const opening = this.opening.get(document.uri.toString());
    const [fetchable, follow] = await Promise.all([
      opening?.fetchable ?? isFetchable(document.uri),
      this.followAddress(id),
    ]);
    webview.options = {
      enableScripts: true,
      // Desktop VS Code: the page reaches the channel's port on this machine under the same number.
      ...(follow ? { portMapping: [{ webviewPort: follow.port, extensionHostPort: follow.port }] } : {}),
      localResourceRoots: [
        vscode.Uri.joinPath(root, "client", "out"),
        vscode.Uri.joinPath(root, "client", "media"),
        vscode.Uri.joinPath(root, "server", "out", "pdfjs"),
        ...(fetchable ? [vscode.Uri.joinPath(document.uri, "..")] : []),
      ],
    };
    let ready: () => void = () => undefined;
    let drawn: () => void = () => undefined;
    const view: View = {
      id,
      pdf: document.uri,
      panel,
      ready: new Promise((r) => (ready = r)),
      drawn: new Promise((r) => {
        drawn = r;
        setTimeout(r, FIRST_PAGE_WAIT);
      }),
    };
    this.views.add(view);
    // Shown or hidden: a hidden view makes no text layer (shared/webview.ts, `visible`).
    panel.onDidChangeViewState(() => void toView(webview, { type: "visible", visible: panel.visible }));
    panel.onDidDispose(() => {
      this.views.delete(view);
      this.channel.forget(view.id);
      if (view.linked)
        void this.client().then((c) => c?.sendNotification(unlinkPdf, { uri: view.linked?.uri.toString() ?? "" }));
    });
    webview.onDidReceiveMessage(async (m: FromView) => {
      switch (m.type) {
        case "ready":
          ready();
          return;
        case "send":
          this.output.info(`PDF view: ${nameOf(view.pdf)} sent as a message (${m.why})`);
          await this.sendPdf(view);
          return;
        case "drawn":
          drawn();
          return;
        case "click":
          return this.onClick(view, m.page, m.x, m.y);
        case "import":
          return this.importCommand(view.pdf);
        case "zoom": {
          const kept: KeptView = { zoom: m.zoom, page: m.page };
          return this.remember(ZOOMS_KEY, view.pdf.toString(), kept).then(() =>
            toView(webview, { type: "kept", ...kept }),
          );
        }
        case "error":
          this.output.error(`PDF view of ${nameOf(view.pdf)}: ${m.message}`);
          return;
        case "doubts":
          return this.sendDoubts(view, m.page);
        case "direct":
          return this.directChanged(view, m.open, m.seq, m.why);
      }
    });
    const { zoom, page } = this.keptView(view.pdf);
    webview.html = this.html(
      webview,
      {
        ...(fetchable ? { pdf: webview.asWebviewUri(view.pdf).toString() } : {}),
        name: nameOf(view.pdf),
        ...(zoom !== undefined ? { zoom } : {}),
        ...(page !== undefined ? { page } : {}),
        options: optionsOf(),
        timing: {
          ...(opening ? { command: opening.command, openWith: opening.openWith } : {}),
          resolved,
          html: now(),
        },
        ...(follow ? { follow: follow.url } : {}),
        ...(panel.visible ? {} : { hidden: true }),
      },
      follow?.origin,
    );
    this.opening.delete(view.pdf.toString());
    void this.load(view, fetchable);
  }

  /**
   * A view's direct channel: its port on this machine, and its address and origin as the browser
   * reaches them (VS Code's mapping: code-server's proxy, a remote's forwarded port); undefined
   * when there is none (the marks then come by `postMessage`, as every other message).
   */
  private async followAddress(id: string): Promise<{ port: number; url: string; origin: string } | undefined> {
    if (followWay() === "message") return undefined;
    this.mapped ??= this.mapChannel();
    try {
      const { port, root } = await this.mapped;
      this.channel.allow(id);
      const url = new URL(id, root);
      this.viewOrigins.add(url.origin);
      return { port, url: url.href, origin: url.origin };
    } catch (e) {
      // Asked again for the next view.
      this.mapped = undefined;
      this.output.warn(`PDF view: no direct channel for the marks (they come as messages): ${(e as Error).message}`);
      return undefined;
    }
  }

  /**
   * The channel started, and its root address mapped by VS Code for the browser (code-server: its
   * `/proxy/PORT/` route), or an error when VS Code takes too long (a remote's tunnel being made):
   * the view opens meanwhile, its marks by `postMessage`.
   */
  private async mapChannel(): Promise<{ port: number; root: URL }> {
    const local = await this.channel.root();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const external = await Promise.race([
        vscode.env.asExternalUri(vscode.Uri.parse(local)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("VS Code did not map its address in time")), MAP_WAIT);
        }),
      ]);
      const root = new URL(external.toString(true));
      // A mapping that dropped the root's final slash: a view's id goes under it, not beside it.
      if (!root.pathname.endsWith("/")) root.pathname += "/";
      return { port: Number(new URL(local).port), root };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A view's page opened or lost its direct channel: said once in the output channel each time it
   * changes; lost, the marks it has not shown are sent again by `postMessage`.
   */
  private directChanged(view: View, open: boolean, seq: number, why?: string): void {
    if (view.direct !== open)
      if (open) this.output.info(`PDF view of ${nameOf(view.pdf)}: the marks come by the direct channel`);
      else
        this.output.warn(
          `PDF view of ${nameOf(view.pdf)}: the direct channel is closed${why ? ` (${why})` : ""}: the marks come as messages`,
        );
    view.direct = open;
    const last = view.lastShow;
    if (!open && last && last.seq > seq) void toView(view.panel.webview, { ...last, channel: "message" });
  }

  /** The zoom and the page at the top a PDF had when last shown (a zoom alone was kept by earlier versions). */
  private keptView(pdf: vscode.Uri): { zoom?: PdfZoom; page?: number } {
    const kept = this.context.workspaceState.get<Record<string, KeptView | PdfZoom>>(ZOOMS_KEY, {})[pdf.toString()];
    if (typeof kept !== "object") return kept === undefined ? {} : { zoom: kept };
    return { zoom: kept.zoom, ...(Number.isInteger(kept.page) ? { page: kept.page } : {}) };
  }

  /** The PDF's bytes to a view as a message, when the view cannot fetch them itself; false when they cannot be read. */
  private async sendPdf(view: View): Promise<boolean> {
    const webview = view.panel.webview;
    let bytes: Uint8Array;
    try {
      bytes = await readPdf(view.pdf);
    } catch (e) {
      await view.ready;
      const message = (e as Error).message;
      this.output.error(`PDF view: ${nameOf(view.pdf)} cannot be shown: ${message}`);
      void toView(webview, { type: "failed", message });
      return false;
    }
    await view.ready;
    void toView(webview, {
      type: "pdf",
      name: nameOf(view.pdf),
      data: Buffer.from(bytes).toString("base64"),
      ...this.keptView(view.pdf),
      options: optionsOf(),
    });
    return true;
  }

  /**
   * A new view: its PDF sent unless the page fetches it, then linked to a transcript already open
   * whose PDF it is.
   */
  private async load(view: View, fetching: boolean): Promise<void> {
    if (!fetching && !(await this.sendPdf(view))) return;
    await view.ready;
    const doc = vscode.workspace.textDocuments.find(
      (d) => d.languageId === LANGUAGE && this.pdfOf(d)?.toString() === view.pdf.toString(),
    );
    // A view opened by itself (a double click, a window reload) stays where it is until the cursor moves.
    if (doc) await this.link(view, doc, undefined, false);
  }

  /** Verbatim: Import PDF… — the PDF named (Explorer, the view) or picked, imported and opened beside it. */
  private async importCommand(arg?: vscode.Uri): Promise<void> {
    const pdf =
      arg ??
      (
        await vscode.window.showOpenDialog({
          title: "Verbatim: import a record's PDF",
          openLabel: "Import",
          canSelectMany: false,
          filters: { "PDF files": ["pdf"] },
        })
      )?.[0];
    if (!pdf) return;
    const client = await this.client();
    if (!client) return;
    let bytes: Uint8Array;
    try {
      bytes = await readPdf(pdf);
    } catch (e) {
      void vscode.window.showErrorMessage(`Verbatim: ${nameOf(pdf)} was not imported: ${(e as Error).message}`);
      return;
    }
    let answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Verbatim: importing ${nameOf(pdf)}…` },
      () =>
        client
          .sendRequest(importPdf, { pdf: pdf.toString(), data: Buffer.from(bytes).toString("base64") })
          .catch((e: Error): Refused => ({ ok: false, kind: "failed", message: e.message })),
    );
    if (!answer.ok && answer.ocr) {
      // A scan: asked, then read by OCR (or declined, cancelled, impossible here: said there).
      const scanned = await this.scans.read(client, pdf, bytes, answer);
      if (!scanned) return;
      answer = scanned;
    }
    if (!answer.ok) {
      void vscode.window.showErrorMessage(`Verbatim: ${nameOf(pdf)} was not imported: ${answer.message}`);
      return;
    }
    for (const note of answer.notes) this.output.info(`${nameOf(pdf)}: ${note}`);
    // An untitled document named after the PDF, beside it: nothing is written until the user saves.
    const target = await freeName(pdf);
    const fromView = [...this.views].find((v) => v.pdf.toString() === pdf.toString());
    // The transcript goes where transcripts are shown (not into the views' group), else beside the view.
    const viewColumns = new Set([...this.views].map((v) => v.panel.viewColumn));
    const textColumn = vscode.window.visibleTextEditors.find(
      (e) => e.document.languageId === LANGUAGE && e.viewColumn && !viewColumns.has(e.viewColumn),
    )?.viewColumn;
    // Shown first, then filled: an edit to a document no editor shows may open it in another group.
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(target.with({ scheme: "untitled" })),
      {
        viewColumn:
          textColumn ??
          (fromView?.panel.viewColumn
            ? vscode.ViewColumn.Beside
            : viewColumns.has(vscode.window.activeTextEditor?.viewColumn)
              ? vscode.ViewColumn.Beside
              : vscode.ViewColumn.Active),
      },
    );
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), answer.text));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const doc = await vscode.languages.setTextDocumentLanguage(editor.document, LANGUAGE);
    await this.keepLink(doc.uri, pdf);
    if (answer.ocr) await this.scans.opened(doc, pdf, answer);
    else
      void vscode.window.showInformationMessage(
        `Verbatim: ${nameOf(pdf)} imported — ${answer.speeches} speeches from ${answer.pages} pages${answer.symbol ? ` (${answer.symbol})` : ""}. Save it to keep it.`,
      );
    if (fromView) await this.link(fromView, doc, bytes);
    else await this.openBeside(pdf, editor);
  }

  /** Verbatim: Show PDF Beside — the PDF of the active transcript: imported from, same name beside it, or picked once. */
  private async showCommand(): Promise<void> {
    const command = now();
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== LANGUAGE) {
      void vscode.window.showInformationMessage("Verbatim: open a transcript first, then show its PDF beside it.");
      return;
    }
    const pdf =
      this.pdfOf(editor.document) ?? (await sameName(editor.document.uri)) ?? (await this.pick(editor.document));
    if (!pdf) {
      this.output.info(`Show PDF Beside: no PDF picked for ${labelOf(editor.document.uri)}`);
      return;
    }
    // Kept while the view opens (the workspace's state is written by VS Code's window: a round trip).
    void this.keepLink(editor.document.uri, pdf);
    await this.openBeside(pdf, editor, command);
  }

  /** A transcript's PDF, kept in the workspace's state (restored after a reload, an unsaved import's too). */
  private async keepLink(doc: vscode.Uri, pdf: vscode.Uri): Promise<void> {
    this.links.set(keyOf(doc), pdf);
    await this.remember(LINKS_KEY, keyOf(doc), pdf.toString());
  }

  /** A value kept in the workspace's state under `key`, the newest last, at most KEPT of them. */
  private async remember<T>(key: string, name: string, value: T): Promise<void> {
    const saved = { ...this.context.workspaceState.get<Record<string, T>>(key, {}) };
    delete saved[name];
    saved[name] = value;
    const names = Object.keys(saved);
    for (const old of names.slice(0, Math.max(0, names.length - KEPT))) delete saved[old];
    await this.context.workspaceState.update(key, saved);
  }

  /** Asks for a transcript's PDF, and remembers it for the transcript in this workspace. */
  private async pick(doc: vscode.TextDocument): Promise<vscode.Uri | undefined> {
    const pdf = (
      await vscode.window.showOpenDialog({
        title: `Verbatim: the PDF of ${nameOf(doc.uri)}`,
        openLabel: "Show Beside",
        canSelectMany: false,
        filters: { "PDF files": ["pdf"] },
        defaultUri: vscode.Uri.joinPath(doc.uri, ".."),
      })
    )?.[0];
    if (!pdf) return undefined;
    await this.keepLink(doc.uri, pdf);
    return pdf;
  }

  /** The PDF a transcript was imported from or linked to (this session, or picked before). */
  private pdfOf(doc: vscode.TextDocument): vscode.Uri | undefined {
    const key = keyOf(doc.uri);
    const saved = this.context.workspaceState.get<Record<string, string>>(LINKS_KEY, {})[key];
    return this.links.get(key) ?? (saved ? vscode.Uri.parse(saved) : undefined);
  }

  /**
   * Opens (or reveals) the view of `pdf` beside the editor and links it to the editor's transcript:
   * in the group of the views already open (not one more group each time), else beside.
   */
  private async openBeside(pdf: vscode.Uri, editor: vscode.TextEditor, command = now()): Promise<void> {
    const open = [...this.views].find((v) => v.pdf.toString() === pdf.toString());
    if (open) open.panel.reveal(open.panel.viewColumn, true);
    else {
      const other = [...this.views].find((v) => v.panel.viewColumn && v.panel.viewColumn !== editor.viewColumn);
      this.opening.set(pdf.toString(), { command, openWith: now(), fetchable: isFetchable(pdf) });
      try {
        await vscode.commands.executeCommand("vscode.openWith", pdf, VIEW_TYPE, {
          viewColumn: other?.panel.viewColumn ?? vscode.ViewColumn.Beside,
          preserveFocus: true,
        });
      } catch (e) {
        this.opening.delete(pdf.toString());
        this.failed(editor.document, pdf, `the view could not be opened: ${(e as Error).message}`);
        return;
      }
    }
    const view = [...this.views].find((v) => v.pdf.toString() === pdf.toString());
    if (!view) {
      this.failed(editor.document, pdf, "the view did not open");
      return;
    }
    if (view.linked !== editor.document) await this.link(view, editor.document);
    this.scheduleFollow(editor);
  }

  /** A link that failed: said in the output channel and in a notification, with why. */
  private failed(doc: vscode.TextDocument, pdf: vscode.Uri, why: string): void {
    const text = `${labelOf(doc.uri)} is not linked to ${nameOf(pdf)}: ${why}`;
    this.output.warn(`PDF view: ${text}`);
    void vscode.window.showWarningMessage(`Verbatim: ${text}`);
  }

  /**
   * Links a view to a transcript: the server reads the PDF (unless it has it) and matches the
   * words; then the view shows the cursor's sentence (`follow`), or waits for the cursor to move.
   */
  private link(view: View, doc: vscode.TextDocument, bytes?: Uint8Array, follow = true): Promise<void> {
    // The view's own load and the command that opened it may both link it: once is enough.
    if (view.linking?.doc === doc) return view.linking.done;
    const done = this.linkNow(view, doc, bytes, follow).finally(() => {
      if (view.linking?.done === done) view.linking = undefined;
    });
    view.linking = { doc, done };
    return done;
  }

  private async linkNow(
    view: View,
    doc: vscode.TextDocument,
    bytes: Uint8Array | undefined,
    follow: boolean,
  ): Promise<void> {
    const client = await this.client();
    if (!client) {
      this.failed(doc, view.pdf, "the language server is not running (see the Verbatim output)");
      return;
    }
    await view.ready;
    await view.drawn;
    if (view.linked && view.linked !== doc)
      void client.sendNotification(unlinkPdf, { uri: view.linked.uri.toString() });
    view.linked = doc;
    await this.keepLink(doc.uri, view.pdf);
    // A transcript follows one PDF: a view of another PDF it followed lets go of it.
    for (const v of this.views)
      if (v !== view && v.linked === doc) {
        v.linked = undefined;
        void toView(v.panel.webview, {
          type: "unlinked",
          text: `${labelOf(doc.uri)} now follows ${nameOf(view.pdf)}`,
        });
      }
    const post = (m: ToView) => toView(view.panel.webview, m);
    void post({ type: "status", text: `Matching the words of ${labelOf(doc.uri)}…` });
    let answer: LinkAnswer;
    try {
      const data = Buffer.from(bytes ?? (await readPdf(view.pdf))).toString("base64");
      answer = await client.sendRequest(linkPdf, { uri: doc.uri.toString(), pdf: view.pdf.toString(), data });
    } catch (e) {
      answer = { ok: false, kind: "failed", message: (e as Error).message };
    }
    if (!answer.ok) {
      view.linked = undefined;
      void post({ type: "status", text: `Not linked: ${answer.message}` });
      this.failed(doc, view.pdf, answer.message);
      return;
    }
    const share = answer.words ? Math.round((1000 * answer.matched) / answer.words) / 10 : 0;
    if (share < FEW_FOUND) void this.fewFound(doc, view.pdf, share);
    void post({
      type: "linked",
      name: labelOf(doc.uri),
      text: `Following ${labelOf(doc.uri)}: ${share}% of its words found in the PDF`,
    });
    // The pages drawn before the link ask for their doubtful words now, if it has any.
    void post({ type: "doubtsChanged", any: ocrWordsGiven.has(doc.uri.toString()) });
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (editor && follow) this.scheduleFollow(editor);
  }

  /** Most of a transcript's words are not in the PDF linked to it: perhaps another record's. */
  private async fewFound(doc: vscode.TextDocument, pdf: vscode.Uri, share: number): Promise<void> {
    const other = "Pick Another PDF…";
    const choice = await vscode.window.showWarningMessage(
      `Verbatim: only ${share}% of the words of ${labelOf(doc.uri)} are in ${nameOf(pdf)}. Is it this record's PDF?`,
      other,
    );
    if (choice !== other) return;
    const picked = await this.pick(doc);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (picked && editor) await this.openBeside(picked, editor);
  }

  /**
   * The view follows the cursor at once; while a request is on its way, the cursor's moves wait
   * and only the last is asked next (a held arrow key asks no more than the server answers).
   */
  private scheduleFollow(editor: vscode.TextEditor, selection = now()): void {
    if (editor.document.languageId !== LANGUAGE) return;
    const views = [...this.views].filter((v) => v.linked === editor.document);
    if (!views.length) return;
    if (this.locating) {
      this.followAgain = { editor, selection };
      return;
    }
    this.locating = true;
    void (async () => {
      try {
        const client = await this.client();
        const { line, character } = editor.selection.active;
        const asked = now();
        const at = await client?.sendRequest(locateInPdf, { uri: editor.document.uri.toString(), line, character });
        const answered = now();
        const seq = ++this.shows;
        const way = followWay();
        // "alternate": by the cursor's line, even or odd (the test's far moves, half of each).
        const direct = way === "direct" || (way === "alternate" && line % 2 === 0);
        for (const v of views) {
          const show: Extract<ToView, { type: "show" }> = {
            type: "show",
            seq,
            channel: "direct",
            line,
            location: at ?? null,
            timing: { selection, asked, answered, posted: now() },
          };
          v.lastShow = show;
          // By the view's direct channel when it is open, else (or when it is not) by `postMessage`.
          if (!direct || !this.channel.send(v.id, show)) void toView(v.panel.webview, { ...show, channel: "message" });
        }
      } catch (e) {
        this.output.error(`PDF view: ${(e as Error).message}`);
      } finally {
        this.locating = false;
        const again = this.followAgain;
        this.followAgain = undefined;
        if (again) this.scheduleFollow(again.editor, again.selection);
      }
    })();
  }

  /** The boxes of the doubtful OCR words on a page of the view, sent to it (none when it follows no transcript). */
  private async sendDoubts(view: View, page: number): Promise<void> {
    const doc = view.linked;
    let boxes: PageBox[] = [];
    if (doc && optionsOf().ocrDoubts) {
      try {
        const client = await this.client();
        boxes = (await client?.sendRequest(ocrDoubtsInPdf, { uri: doc.uri.toString(), page })) ?? [];
      } catch (e) {
        this.output.error(`PDF view: the doubtful words of page ${page}: ${(e as Error).message}`);
      }
    }
    if (boxes.length) view.doubts = true;
    if (view.linked === doc) void toView(view.panel.webview, { type: "doubts", page, boxes });
  }

  /** A transcript's diagnostics changed: the views that follow it mark its doubtful words again. */
  private doubtsChanged(uris: readonly vscode.Uri[]): void {
    for (const uri of uris)
      for (const v of this.views) {
        if (v.linked?.uri.toString() !== uri.toString()) continue;
        const has = vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === OCR_UNCERTAIN);
        // A record that never had any asks nothing at each keystroke.
        if (!has && !v.doubts) continue;
        v.doubts = has;
        void toView(v.panel.webview, { type: "doubtsChanged", any: ocrWordsGiven.has(uri.toString()) });
      }
  }

  private async onClick(view: View, page: number, x: number, y: number): Promise<void> {
    const doc = view.linked;
    const client = await this.client();
    if (!doc || !client) return;
    const at = await client.sendRequest(pickInPdf, { uri: doc.uri.toString(), page, x, y });
    if (!at) return;
    const position = new vscode.Position(at.line, at.character);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
    });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * The view's stylesheet and script as text, for its page: in the page itself they cost no fetch
   * before the script runs (in code-server each of the page's fetches is a round trip through VS
   * Code's window: bench/RESULTS.md, view7's runs). Null when they cannot be read from the
   * extension's folder on this machine: the page then fetches them.
   */
  private inline(): { css: string; script: string } | null {
    if (this.inlined !== undefined) return this.inlined;
    try {
      const read = (path: string) => readFileSync(this.context.asAbsolutePath(path), "utf8");
      this.inlined = {
        css: read("client/media/pdf-view.css"),
        // No end of the element inside it, nor a source map the page would look for beside itself.
        script: read("client/out/pdf-view.js")
          .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n")
          .replaceAll("</script", "<\\/script"),
      };
    } catch (e) {
      this.output.warn(`PDF view: its script is fetched by its page (${(e as Error).message})`);
      this.inlined = null;
    }
    return this.inlined;
  }

  private html(webview: vscode.Webview, given: Given, followOrigin?: string): string {
    const root = this.context.extensionUri;
    const res = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(root, ...path)).toString();
    const nonce = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const inlined = this.inline();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} blob: data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource} blob: data:`,
      `script-src 'nonce-${nonce}' ${webview.cspSource}`,
      // PDF.js's worker, fetched from the extension and started from a blob (a worker's script must
      // come from the page's own origin, which the extension's files are not); and the view's direct
      // channel, its origin only (followChannel.ts).
      `connect-src ${webview.cspSource}${followOrigin ? ` ${followOrigin}` : ""}`,
      "worker-src blob:",
    ].join("; ");
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${inlined ? `<style nonce="${nonce}">${inlined.css}</style>` : `<link rel="stylesheet" href="${res("client", "media", "pdf-view.css")}">\n<link rel="modulepreload" href="${res("client", "out", "pdf-view.js")}">`}
<link rel="modulepreload" href="${res("server", "out", "pdfjs", "pdf.min.mjs")}">
${given.pdf ? `<link rel="preload" href="${escapeAttribute(given.pdf)}" as="fetch" crossorigin>` : ""}
<title>PDF</title>
</head>
<body>
<div id="toolbar">
  <button id="previous" title="Previous page (Ctrl+Page Up)" aria-label="Previous page">‹</button>
  <input id="page-input" type="number" min="1" value="1" title="Go to page" aria-label="Page number">
  <span id="page-count">/ –</span>
  <button id="next" title="Next page (Ctrl+Page Down)" aria-label="Next page">›</button>
  <button id="zoom-out" title="Zoom out (Ctrl+wheel)" aria-label="Zoom out">−</button>
  <select id="zoom" title="Zoom" aria-label="Zoom">
    <option value="width">Fit width</option>
    <option value="page">Fit page</option>
    <option value="0.5">50%</option>
    <option value="0.75">75%</option>
    <option value="1">100%</option>
    <option value="1.25">125%</option>
    <option value="1.5">150%</option>
    <option value="2">200%</option>
    <option value="3">300%</option>
    <option value="custom" disabled>100%</option>
  </select>
  <button id="zoom-in" title="Zoom in (Ctrl+wheel)" aria-label="Zoom in">+</button>
  <button id="import" title="Import this PDF as a transcript and open it beside">Import as Transcript</button>
  <span id="status" role="status"></span>
</div>
<div id="viewer" tabindex="0"><div id="pages"></div></div>
<script nonce="${nonce}" type="module"${inlined ? "" : ` src="${res("client", "out", "pdf-view.js")}"`} data-pdfjs="${res("server", "out", "pdfjs", "pdf.min.mjs")}" data-worker="${res("server", "out", "pdfjs", "pdf.worker.min.mjs")}" data-given="${escapeAttribute(JSON.stringify(given))}">${inlined?.script ?? ""}</script>
</body>
</html>`;
  }
}

/** A diagnostic's code as a string (VS Code gives it as a value, or with a link to its description). */
function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === "object" && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

/**
 * A transcript's second tab that a window reload put in a group of PDF views: closed. After a
 * reload VS Code restores each group's tabs, then the unsaved documents' backups; when its list of
 * open editors is not ready yet (a race in the workbench), it takes the unsaved import for one not
 * open and opens it again, inactive, in the group that was active — the PDF view's, when the view
 * had the focus — beside the tab it already has in its own group. The same document stays open in
 * its own group, so closing the twin loses nothing and asks nothing. Only an inactive tab is
 * closed (one the user opened is active), only in a group of views, only when the document has a
 * tab in another group.
 */
async function closeRestoredTwins(opened: readonly vscode.Tab[], linked: (path: string) => boolean): Promise<void> {
  const isView = (t: vscode.Tab) => t.input instanceof vscode.TabInputCustom && t.input.viewType === VIEW_TYPE;
  const uriOf = (t: vscode.Tab) => (t.input instanceof vscode.TabInputText ? t.input.uri.toString() : undefined);
  const twins = opened.filter((tab) => {
    const uri = uriOf(tab);
    if (!uri || tab.isActive || !tab.group.tabs.some(isView)) return false;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    // A transcript (the document may not be loaded yet: one linked to a PDF, then).
    if (doc ? doc.languageId !== LANGUAGE : !linked(vscode.Uri.parse(uri).path)) return false;
    return vscode.window.tabGroups.all.some((g) => g !== tab.group && g.tabs.some((t) => uriOf(t) === uri));
  });
  if (twins.length) await vscode.window.tabGroups.close(twins, true);
}

/** What a view's page is given in its HTML (client/src/webview/pdfView.ts reads it). */
type Given = PdfViewGiven;

const escapeAttribute = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A PDF the view's page may fetch itself: a regular file on disk of at most PDF_MAX_BYTES. */
async function isFetchable(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== "file") return false;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0 && stat.size <= PDF_MAX_BYTES;
  } catch {
    return false;
  }
}

/** A PDF's bytes, read through VS Code's file system: a regular file of at most PDF_MAX_BYTES. */
async function readPdf(uri: vscode.Uri): Promise<Uint8Array> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (!(stat.type & vscode.FileType.File)) throw new Error("it is not a file");
  if (stat.size > PDF_MAX_BYTES) throw new Error(`it is larger than ${PDF_MAX_BYTES / 1024 / 1024} MB`);
  return vscode.workspace.fs.readFile(uri);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `NAME.txt` beside `NAME.pdf`, or `NAME (imported 2).txt`… when that is taken (on disk or open). */
async function freeName(pdf: vscode.Uri): Promise<vscode.Uri> {
  const base = pdf.path.replace(/\.pdf$/i, "");
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let n = 1; ; n++) {
    const path = n === 1 ? `${base}.txt` : `${base} (imported ${n}).txt`;
    const candidate = pdf.with({ path });
    if (!open.has(path) && !(await exists(candidate))) return candidate;
  }
}

/** `NAME.pdf` beside a transcript `NAME.txt` (or `NAME.transcript`, or `NAME (imported 2).txt`). */
async function sameName(text: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (text.scheme === "untitled") return undefined;
  const base = text.path.replace(/(?: \(imported \d+\))?\.[^./]*$/, "");
  for (const ext of [".pdf", ".PDF"]) {
    const candidate = text.with({ path: `${base}${ext}` });
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}
