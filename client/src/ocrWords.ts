// A transcript's doubtful OCR words for the server: when a transcript is opened whose
// `NAME.ocr.tsv` lies beside it (a scanned record's import writes it: server/src/pdf/ocr/sidecar.ts),
// the client reads that file through VS Code's file system (any file system VS Code has) and sends
// it (MESSAGES.ocrWords); again when the file changes or is created, and `null` when it is deleted
// (a watcher per open transcript, beside it). The server moves the words with the edits and reports
// them (`ocr-uncertain`); the PDF view marks them on the page.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { LANGUAGE_ID, OCR_WORDS_MAX_BYTES } from "../../shared/constants";
import { lsp } from "./protocol";

const { ocrWords } = lsp;

/** The sidecar of a transcript: `NAME.ocr.tsv` beside `NAME.txt` (as server/src/pdf/ocr/sidecar.ts names it). */
export function sidecarOf(transcript: vscode.Uri): vscode.Uri {
  const path = transcript.path;
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  const base = dot > slash ? path.slice(0, dot) : path;
  return transcript.with({ path: `${base}.ocr.tsv` });
}

/** A sidecar's text, or null when there is none (or it is no file, or too large to read). */
async function readSidecar(uri: vscode.Uri, output: vscode.LogOutputChannel): Promise<string | null> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return null;
  }
  if (!(stat.type & vscode.FileType.File)) return null;
  if (stat.size > OCR_WORDS_MAX_BYTES) {
    output.warn(`${uri.path}: larger than ${OCR_WORDS_MAX_BYTES / 1024 / 1024} MB: its OCR words are not read`);
    return null;
  }
  try {
    return new TextDecoder("utf-8").decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    output.warn(`${uri.path}: its OCR words could not be read: ${(e as Error).message}`);
    return null;
  }
}

/**
 * The transcripts the server was given doubtful OCR words for (a sidecar's, an OCR import's), by
 * URI: the PDF view asks for the marks of their pages, and only of theirs (a record without any
 * asks nothing as its pages are drawn).
 */
class OcrWordsGiven {
  private readonly uris = new Set<string>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** A transcript was given words, or had them taken away (its URI). */
  readonly onDidChange = this.changed.event;

  has(uri: string): boolean {
    return this.uris.has(uri);
  }

  set(uri: string, given: boolean): void {
    if (given === this.uris.has(uri)) return;
    if (given) this.uris.add(uri);
    else this.uris.delete(uri);
    this.changed.fire(uri);
  }
}
export const ocrWordsGiven = new OcrWordsGiven();

export class OcrSidecars {
  /** The open transcripts that have (or may get) a sidecar: their watcher. */
  private readonly watched = new Map<string, vscode.Disposable>();

  constructor(
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    for (const doc of vscode.workspace.textDocuments) void this.opened(doc);
    return [
      vscode.workspace.onDidOpenTextDocument((doc) => this.opened(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc)),
      {
        dispose: () => {
          for (const w of this.watched.values()) w.dispose();
        },
      },
    ];
  }

  /** A transcript opened (or a document made one): its sidecar sent if it has one, and watched. */
  private async opened(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId !== LANGUAGE_ID || doc.uri.scheme === "untitled") return;
    const key = doc.uri.toString();
    if (this.watched.has(key)) return;
    const sidecar = sidecarOf(doc.uri);
    const base = vscode.Uri.joinPath(sidecar, "..");
    const name = sidecar.path.slice(sidecar.path.lastIndexOf("/") + 1);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, name));
    const send = (tsv: string | null) => this.send(key, tsv);
    const update = async () => send(await readSidecar(sidecar, this.output));
    this.watched.set(
      key,
      vscode.Disposable.from(
        watcher,
        watcher.onDidCreate(update),
        watcher.onDidChange(update),
        watcher.onDidDelete(() => send(null)),
      ),
    );
    const tsv = await readSidecar(sidecar, this.output);
    if (tsv !== null) await send(tsv);
  }

  private closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.watched.get(key)?.dispose();
    this.watched.delete(key);
    // The server forgets a closed document's words.
    ocrWordsGiven.set(key, false);
  }

  private async send(uri: string, tsv: string | null): Promise<void> {
    // Only while the transcript is open (the server forgets a document's words when it is closed).
    if (!this.watched.has(uri)) return;
    ocrWordsGiven.set(uri, tsv !== null);
    const client = await this.client();
    await client?.sendNotification(ocrWords, { uri, tsv });
  }
}
