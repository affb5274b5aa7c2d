// Verbatim's PDF requests (shared/protocol.ts): a record's PDF imported, a transcript linked to
// its PDF, a line located in it and a point of a page picked. Their parameters are checked here;
// the work is done in the PDF threads (pdfs.ts).

import {
  type CancellationToken,
  type Connection,
  LSPErrorCodes,
  type ProgressToken,
  ResponseError,
  WorkDoneProgress,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from "vscode-languageserver/node";
import { PDF_MAX_BYTES } from "../../shared/constants";
import { PdfCancelled, type Pdfs } from "./pdfs";
import * as protocol from "./protocol";
import { answer, cancelled } from "./responses";

/**
 * A PDF's bytes from their base64, or a message when they are more than the import reads, or
 * null when `data` is no base64 string.
 */
export function pdfBytes(data: unknown): Uint8Array | string | null {
  if (typeof data !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  if ((data.length / 4) * 3 > PDF_MAX_BYTES) return `larger than ${PDF_MAX_BYTES / 1024 / 1024} MB: not read`;
  return Buffer.from(data, "base64");
}

function badPdfParams(): protocol.PdfRefused {
  return { ok: false, kind: "not-read", message: "the request names no PDF, or its data is not base64" };
}

/**
 * A PDF request's answer: cancelled as LSP asks when the client cancelled it (the PDF thread
 * stops an import between pages), an error when the PDF thread failed or died with it (the next
 * request starts another thread).
 */
export async function fromPdfThread<T>(work: Promise<T>): Promise<T | ResponseError<void>> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof PdfCancelled) return cancelled();
    return new ResponseError(LSPErrorCodes.RequestFailed, `the PDF thread failed: ${(error as Error).message}`);
  }
}

type PdfWork = Pick<Pdfs, "import" | "link" | "locate" | "pick" | "unlink"> & Partial<Pick<Pdfs, "spans">>;
/** The words an OCR was unsure of in an open transcript (server/lsp/ocrWords.ts). */
type OcrWordsOf = (uri: string) => readonly { line: number; start: number; end: number }[] | undefined;
// The requests' parameters as a client may send them: anything.
type Untrusted = Record<string, unknown> | null | undefined;

/** Sends LSP's `$/progress` of a work-done token. */
export type SendProgress = (
  token: ProgressToken,
  value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd,
) => void;

/** An OCR language as the command line's `--lang` takes it: `en`, `fra`, `eng+fra`, `chi_sim`. */
const OCR_LANG = /^[a-z]{2,3}(?:_[a-z]{3,4})?(?:\+[a-z]{2,3}(?:_[a-z]{3,4})?)*$/i;

/**
 * The progress of an import on the client's work-done token (LSP's `$/progress`: any client shows
 * it, VS Code's in a notification): begun at once, a report a page, ended with the answer.
 */
function progressOn(
  send: SendProgress | undefined,
  token: unknown,
  title: string,
): { onPage?: (done: number, pages: number) => void; end: () => void } {
  if (!send || (typeof token !== "string" && !Number.isInteger(token))) return { end: () => undefined };
  const t = token as ProgressToken;
  // Not `cancellable` here: a client cancels the request itself ($/cancelRequest), as VS Code does.
  send(t, { kind: "begin", title, cancellable: false, percentage: 0 });
  return {
    onPage: (done, pages) =>
      send(t, {
        kind: "report",
        message: done < pages ? `page ${done + 1} of ${pages}` : `${pages} pages read: laying out the transcript`,
        percentage: Math.floor((100 * done) / Math.max(1, pages)),
      }),
    end: () => send(t, { kind: "end" }),
  };
}

/** The handlers of the PDF requests, by message (shared/protocol.ts); `progress` sends `$/progress`. */
export function pdfHandlers(pdfs: PdfWork, progress?: SendProgress, ocrWords: OcrWordsOf = () => undefined) {
  return {
    importPdf: answer(async (p: Untrusted, token: CancellationToken) => {
      const bytes = pdfBytes(p?.data);
      if (typeof p?.pdf !== "string" || !bytes) return badPdfParams();
      if (typeof bytes === "string") return { ok: false as const, kind: "too-large", message: bytes };
      if (p.lang !== undefined && (typeof p.lang !== "string" || !OCR_LANG.test(p.lang)))
        return {
          ok: false as const,
          kind: "not-read",
          message: "lang is no OCR language: en, fr, es, ru, ar, zh or Tesseract's code (eng, eng+fra)",
        };
      const ocr = p.ocr === true;
      const work = progressOn(progress, p.workDoneToken, ocr ? "OCR" : "Import");
      try {
        return await fromPdfThread(
          pdfs.import(p.pdf, bytes, p.keepLines === true, token, {
            ocr,
            ...(typeof p.lang === "string" ? { lang: p.lang } : {}),
            ...(work.onPage ? { onPage: work.onPage } : {}),
          }),
        );
      } finally {
        work.end();
      }
    }),
    linkPdf: answer(async (p: Untrusted, token: CancellationToken) => {
      const bytes = p?.data === undefined ? undefined : pdfBytes(p.data);
      if (typeof p?.uri !== "string" || typeof p.pdf !== "string" || bytes === null) return badPdfParams();
      if (typeof bytes === "string") return { ok: false as const, kind: "too-large", message: bytes };
      return fromPdfThread(pdfs.link(p.uri, p.pdf, bytes, token));
    }),
    locateInPdf: answer(async (p: Untrusted, token: CancellationToken) =>
      typeof p?.uri === "string" && Number.isInteger(p.line) && (p.line as number) >= 0
        ? fromPdfThread(
            pdfs.locate(
              p.uri,
              p.line as number,
              token,
              Number.isInteger(p.character) ? (p.character as number) : undefined,
            ),
          )
        : null,
    ),
    pickInPdf: answer(async (p: Untrusted, token: CancellationToken) =>
      typeof p?.uri === "string" && [p.page, p.x, p.y].every(Number.isFinite)
        ? fromPdfThread(pdfs.pick(p.uri, p.page as number, p.x as number, p.y as number, token))
        : null,
    ),
    ocrDoubtsInPdf: answer(async (p: Untrusted, token: CancellationToken) => {
      if (typeof p?.uri !== "string" || !Number.isInteger(p.page) || !pdfs.spans) return [];
      const marks = ocrWords(p.uri);
      if (!marks?.length) return [];
      const spans = marks.map(({ line, start, end }) => ({ line, start, end }));
      return fromPdfThread(pdfs.spans(p.uri, p.page as number, spans, token));
    }),
    unlinkPdf: (p: Untrusted) => {
      if (typeof p?.uri === "string") pdfs.unlink(p.uri);
    },
  };
}

/** The PDF requests' handlers on the connection. */
export function registerPdfRequests(
  connection: Pick<Connection, "onRequest" | "onNotification" | "sendProgress">,
  pdfs: PdfWork,
  ocrWords?: OcrWordsOf,
): void {
  const send: SendProgress = (token, value) => void connection.sendProgress(WorkDoneProgress.type, token, value);
  const h = pdfHandlers(pdfs, send, ocrWords);
  connection.onRequest(protocol.lsp.importPdf, h.importPdf);
  connection.onRequest(protocol.lsp.linkPdf, h.linkPdf);
  connection.onRequest(protocol.lsp.locateInPdf, h.locateInPdf);
  connection.onRequest(protocol.lsp.pickInPdf, h.pickInPdf);
  connection.onRequest(protocol.lsp.ocrDoubtsInPdf, h.ocrDoubtsInPdf);
  connection.onNotification(protocol.lsp.unlinkPdf, h.unlinkPdf);
}
