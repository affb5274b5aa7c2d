// Import PDF… on a scan (a PDF with no text layer, or an OCR layer too poor to use): the server
// refuses the text import with an offer (pages, language, languages installed, an estimate); the
// user is asked before the long work, in a modal question naming the language it will read in,
// with another installed language to choose; the OCR then runs in the server's PDF thread, each
// page shown in a progress notification whose Cancel cancels the request (LSP cancellation: the
// server kills Tesseract and pdftoppm and removes their files). A missing engine or language pack
// is an error notification saying what to install.
//
// After the import (pdfView.ts opens the transcript beside the PDF): the OCR's report goes to the
// output channel and a short notification, its doubtful words to the server (`ocrWords`) for the
// untitled document, carried through the user's edits; when the document is saved as `X.txt`,
// they are written beside it as `X.ocr.tsv` (sidecarFile.ts) and sent again for the file.
import * as vscode from "vscode";
import { type LanguageClient, WorkDoneProgress } from "vscode-languageclient/node";
import { LANGUAGE_ID } from "../../shared/constants";
import {
  formatOcrSidecar,
  type LineChange,
  moveMarks,
  type OcrWordMark,
  ocrSidecarPath,
  parseOcrSidecar,
} from "../../shared/ocrSidecar";
import type { OcrOffer, PdfImportAnswer, PdfRefused } from "../../shared/protocol";
import { ocrWordsGiven } from "./ocrWords";
import { lsp } from "./protocol";
import { writeSidecar } from "./sidecarFile";

type Imported = Exclude<PdfImportAnswer, PdfRefused>;

const nameOf = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf("/") + 1);

/** The buttons of the question. */
const READ = "Read by OCR";
const OTHER = "Another Language…";

/** A language's name from Tesseract's code (`fra` → French, `chi_sim` → Chinese (Simplified)); the code if none. */
export function languageName(code: string): string {
  const names = code.split("+").map((c) => {
    const tag = c === "chi_sim" ? "zh-Hans" : c === "chi_tra" ? "zh-Hant" : c;
    try {
      const name = new Intl.DisplayNames(["en"], { type: "language" }).of(tag);
      return name && name !== tag ? name : c;
    } catch {
      return c;
    }
  });
  return `${names.join(" and ")} (${code})`;
}

/** `under a minute`, `about 1 minute`, `about 12 minutes`. */
function duration(seconds: number): string {
  if (seconds < 45) return "under a minute";
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** An imported transcript's doubtful words, carried through its edits until it is saved (and after). */
interface Tracked {
  doc: vscode.TextDocument;
  marks: OcrWordMark[];
  /** The sidecar's text last written beside the saved file. */
  written?: string;
}
/** Transcripts tracked at most (the oldest let go). */
const TRACKED_MAX = 20;
/** Edits in one change event past which marks are no longer carried (a replace-all): the server's check remains. */
const CHANGES_MAX = 1000;

let nextToken = 1;

export class ScanImports {
  private readonly tracked: Tracked[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly client: () => Promise<LanguageClient | undefined>,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.saved(doc)),
    ];
  }

  /**
   * A refused import with an offer of OCR: asks, and reads the PDF by OCR with progress. The
   * record, or undefined when the user declined or cancelled, or it failed (said to the user).
   */
  async read(
    client: LanguageClient,
    pdf: vscode.Uri,
    bytes: Uint8Array,
    refused: PdfRefused,
  ): Promise<Imported | undefined> {
    const offer = refused.ocr as OcrOffer;
    const name = nameOf(pdf);
    const pages = `${offer.pages} page${offer.pages === 1 ? "" : "s"}`;
    const why = refused.message.replace(/\. Import it with OCR.*$|; import it with OCR.*$/s, "");
    if (offer.missing) {
      this.output.error(`${name}: ${why}; it cannot be read by OCR here: ${offer.missing}`);
      void vscode.window.showErrorMessage(
        `Verbatim: ${name} is a scan (${pages}) and cannot be read by OCR here: ${offer.missing}`,
      );
      return undefined;
    }
    const question =
      refused.kind === "scanned"
        ? `${name} is a scan of ${pages}, with no text layer. Read it by OCR?`
        : `The text layer of ${name} (${pages}) is OCR of poor quality. Read it by OCR again?`;
    let lang = offer.lang;
    const detail = (l: string) =>
      `${why.charAt(0).toUpperCase()}${why.slice(1)}.\n\nLanguage: ${languageName(l)}. It takes ${duration(offer.seconds)} here, and can be cancelled.`;
    const buttons = offer.languages.length > 1 ? [READ, OTHER] : [READ];
    const choice = await vscode.window.showInformationMessage(
      question,
      { modal: true, detail: detail(lang) },
      ...buttons,
    );
    if (choice === OTHER) {
      const picked = await vscode.window.showQuickPick(
        offer.languages.map((code) => ({ label: languageName(code), code, picked: code === lang })),
        {
          title: `Verbatim: the language of ${name}`,
          placeHolder: `Read by OCR in… (${languageName(lang)} by default)`,
        },
      );
      if (!picked) return undefined;
      lang = picked.code;
    } else if (choice !== READ) return undefined;
    this.output.info(`${name}: ${why}: reading it by OCR in ${languageName(lang)} (${pages})`);
    const token = `verbatim-ocr-${nextToken++}`;
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Verbatim: OCR of ${name}`, cancellable: true },
      async (progress, cancel) => {
        progress.report({ message: `page 1 of ${offer.pages}` });
        let done = 0;
        const listening = client.onProgress(WorkDoneProgress.type, token, (v) => {
          if (v.kind !== "report") return;
          const increment = v.percentage !== undefined ? v.percentage - done : undefined;
          if (v.percentage !== undefined) done = v.percentage;
          progress.report({ ...(v.message ? { message: v.message } : {}), ...(increment ? { increment } : {}) });
        });
        try {
          return await client.sendRequest(
            lsp.importPdf,
            {
              pdf: pdf.toString(),
              data: Buffer.from(bytes).toString("base64"),
              ocr: true,
              lang,
              workDoneToken: token,
            },
            cancel,
          );
        } catch (e) {
          return cancel.isCancellationRequested
            ? undefined
            : ({ ok: false, kind: "failed", message: (e as Error).message } satisfies PdfRefused);
        } finally {
          listening.dispose();
        }
      },
    );
    if (!answer || (!answer.ok && answer.kind === "cancelled")) {
      this.output.info(`${name}: the OCR was cancelled: nothing imported`);
      return undefined;
    }
    if (!answer.ok) {
      this.output.error(`${name}: the OCR failed: ${answer.message}`);
      void vscode.window.showErrorMessage(`Verbatim: ${name} was not read by OCR: ${answer.message}`);
      return undefined;
    }
    return answer;
  }

  /**
   * The transcript of an OCR is open (untitled, its language set): its report said, its doubtful
   * words sent to the server and tracked until it is saved.
   */
  async opened(doc: vscode.TextDocument, pdf: vscode.Uri, answer: Imported): Promise<void> {
    const report = answer.ocr;
    if (!report) return;
    const name = nameOf(pdf);
    this.output.info(
      `${name}: OCR by ${report.engine} (${report.lang}): ${answer.pages} page${answer.pages === 1 ? "" : "s"} in ${report.seconds.toFixed(1)} s, ${report.words} words, mean confidence ${report.meanConfidence.toFixed(0)}, ${report.doubtful} doubtful`,
    );
    for (const what of report.leftOut)
      this.output.info(`${name}: left out ${what}: not in the record's language (${report.language})`);
    // In text order, as moveMarks reads them.
    const marks = parseOcrSidecar(answer.ocrWords ?? "").sort((a, b) => a.line - b.line || a.start - b.start);
    this.tracked.push({ doc, marks });
    if (this.tracked.length > TRACKED_MAX) this.tracked.shift();
    await this.send(doc.uri, marks);
    const parts = [
      `${answer.speeches} speech${answer.speeches === 1 ? "" : "es"} from ${answer.pages} page${answer.pages === 1 ? "" : "s"}${answer.symbol ? ` (${answer.symbol})` : ""}`,
      ...report.leftOut.map((w) => `${w} left out`),
      `${report.doubtful} word${report.doubtful === 1 ? "" : "s"} in doubt (ocr-uncertain)`,
    ];
    void vscode.window.showInformationMessage(
      `Verbatim: ${name} read by OCR — ${parts.join("; ")}. Save it to keep it (the words in doubt go beside it, in .ocr.tsv).`,
    );
  }

  /** The doubtful words of a document, to the server. */
  private async send(uri: vscode.Uri, marks: readonly OcrWordMark[]): Promise<void> {
    try {
      ocrWordsGiven.set(uri.toString(), marks.length > 0);
      const client = await this.client();
      await client?.sendNotification(lsp.ocrWords, {
        uri: uri.toString(),
        tsv: marks.length ? formatOcrSidecar(marks) : null,
      });
    } catch (e) {
      this.output.error(`OCR words of ${nameOf(uri)} not sent: ${(e as Error).message}`);
    }
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    const t = this.tracked.find((x) => x.doc === e.document);
    if (!t || !e.contentChanges.length) return;
    if (e.contentChanges.length > CHANGES_MAX) {
      t.marks = [];
      return;
    }
    // VS Code gives the changes of one event from the end of the text back: each applies in turn.
    for (const c of e.contentChanges) {
      const change: LineChange = { start: c.range.start, end: c.range.end, text: c.text };
      t.marks = moveMarks(t.marks, change);
    }
  }

  /** An imported transcript saved: its doubtful words beside it (`X.ocr.tsv`), and sent for the file. */
  private async saved(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== "file" || doc.languageId !== LANGUAGE_ID) return;
    const t =
      this.tracked.find((x) => x.doc === doc) ??
      this.tracked.find((x) => x.doc.uri.scheme === "untitled" && x.doc.uri.path === doc.uri.path) ??
      this.tracked.find(
        (x) =>
          x.doc.uri.scheme === "untitled" &&
          x.doc.getText().length === doc.getText().length &&
          x.doc.getText() === doc.getText(),
      );
    if (!t) return;
    t.doc = doc;
    if (!t.marks.length && t.written === undefined) return;
    const text = formatOcrSidecar(t.marks);
    if (text === t.written) return;
    const path = ocrSidecarPath(doc.uri.fsPath);
    const result = writeSidecar(path, text);
    if ("refused" in result) {
      this.output.warn(`${nameOf(doc.uri)}: its doubtful words were not written beside it: ${result.refused}`);
      void vscode.window.showWarningMessage(`Verbatim: the OCR's doubtful words were not saved: ${result.refused}`);
      return;
    }
    t.written = text;
    this.output.info(
      `${nameOf(doc.uri)}: ${t.marks.length} doubtful words ${result.done === "unchanged" ? "already in" : "written to"} ${path}`,
    );
    await this.send(doc.uri, t.marks);
  }
}
