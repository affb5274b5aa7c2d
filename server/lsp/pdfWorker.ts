// The PDF threads (server/out/pdf-worker.js, started twice by server/lsp/pdfs.ts: `workerData.role`;
// the command line's `verbatim import` starts a reader of its own, server/cli/import.ts).
// They run apart from the thread that reads messages (an import takes seconds, PDF.js runs in the
// thread that calls it) and from the analysts (which must stay free for the text).
//
// - The reader imports PDFs, one at a time in order of arrival; a cancelled import stops between
//   pages. With an import's answer it gives, when asked, the map of its words to their boxes (of
//   the import without `keepLines`: a transcript kept in the PDF's lines is aligned with it like
//   any other text), which the server sends on to the linker.
// - The linker keeps, per PDF (by URI), the last map it was sent, and per linked transcript the
//   map carried over to the transcript's text (align.ts), aligned again where it changed when a
//   request comes for a newer version of the text. Its jobs are quick: a cursor to locate or a
//   click to pick is answered at once, never behind an import.

import { availableParallelism } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type {
  FromPdfWorker,
  ImportAnswer,
  ImportJob,
  NewText,
  PdfJob,
  PdfJobKind,
  PdfJobs,
  PdfResult,
  PdfWorkerData,
  SourceData,
  ToPdfWorker,
} from "../../shared/threads";
import {
  formatOcrSidecar,
  type ImportResult,
  importPdf,
  importScan,
  OCR_SECONDS_A_PAGE,
  planScan,
  TextLink,
  TextSource,
} from "../src/index";
import { applyEdits } from "./stale";

const port = parentPort;
if (!port) throw new Error("pdf-worker.js runs as a worker thread of the language server");
const post = (message: FromPdfWorker) => port.postMessage(message);
const data: Partial<PdfWorkerData> = workerData ?? {};
const role = data.role === "linker" ? "linker" : "reader";

/** The last map of each PDF the linker was sent, by its URI. */
const imported = new Map<string, TextSource>();
/**
 * Each linked transcript: its PDF, and the map carried over to the version it was last aligned at
 * (a new version is aligned again where it changed only: align.ts).
 */
const links = new Map<string, { pdf: string; version: number; link: TextLink }>();

/**
 * At most this many maps are kept (a long record's takes about 11 MB): the oldest that no
 * transcript is linked to goes first; a link to it reads the PDF again.
 */
const KEEP_IMPORTS = 8;

function keep(pdf: string, source: TextSource): void {
  imported.delete(pdf);
  imported.set(pdf, source);
  const linked = new Set([...links.values()].map((l) => l.pdf));
  for (const key of imported.keys()) {
    if (imported.size <= KEEP_IMPORTS) break;
    if (!linked.has(key)) imported.delete(key);
  }
}

const asData = (r: ImportResult & { ok: true }): SourceData => ({
  pages: [...r.source.pages],
  words: [...r.source.words],
  text: r.source.text,
});

/** What an import answers of its record: all but the map of words, which goes to the linker. */
const recordOf = (r: ImportResult & { ok: true }) => ({
  text: r.text,
  symbol: r.symbol,
  language: r.language,
  pages: r.pages,
  speeches: r.speeches,
  notes: r.notes,
});

/** Imports a PDF's bytes (the reader's job): the record, and its map for the view if asked. */
async function read(job: ImportJob & { id: number }, signal: AbortSignal): Promise<ImportAnswer> {
  if (job.ocr) return readScan(job, signal);
  const bytes = new Uint8Array(job.bytes);
  const progress = { page: 0, pages: 0 };
  let result = await importPdf(bytes, {
    ...(job.keepLines ? { keepLines: true } : {}),
    signal,
    onPage: (page, pages) => {
      Object.assign(progress, { page, pages });
      if (data.progress || job.progress) post({ id: job.id, progress: [page, pages] });
    },
  });
  // A link to a scan (a transcript imported by OCR): its map is the OCR's words and boxes.
  if (job.linking && !result.ok && (result.kind === "scanned" || result.kind === "ocr-layer"))
    result = await importScan(bytes, { signal });
  if (!result.ok && result.kind === "cancelled")
    post({
      id: 0,
      log: `the import of ${job.pdf} was cancelled ${progress.pages ? `after page ${progress.page} of ${progress.pages}` : "before its first page was read"}`,
    });
  if (!result.ok && (result.kind === "scanned" || result.kind === "ocr-layer")) {
    // No usable text layer: what an OCR of it would be, for the question put to the user.
    const plan = await planScan(bytes, { signal });
    const refusal = { ok: false as const, kind: result.kind, message: result.message };
    if (!plan.ok) return refusal;
    const seconds = Math.ceil(plan.pages / OCR_JOBS) * secondsAPage;
    return {
      ...refusal,
      ocr: {
        pages: plan.pages,
        lang: plan.lang,
        languages: plan.languages,
        seconds,
        ...(plan.missing ? { missing: plan.missing } : {}),
      },
    };
  }
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  const record = recordOf(result);
  if (!job.view) return { ok: true, record };
  const plain = job.keepLines ? await importPdf(bytes, { signal }) : result;
  return plain.ok ? { ok: true, record, view: asData(plain) } : { ok: true, record };
}

/**
 * Pages an OCR reads at once, each a Tesseract on one core: all the cores but one, which the
 * editor and the analysts keep.
 */
const OCR_JOBS = Math.max(1, availableParallelism() - 1);
/** Seconds a page takes on one lane: the benchmark's until an OCR here has been timed, then the last one's. */
let secondsAPage = OCR_SECONDS_A_PAGE;

/**
 * A scan read by OCR: Tesseract and pdftoppm run as child processes, so this thread is free
 * between their pages (a text import for another PDF goes on meanwhile); a cancellation kills them
 * and removes their files (ocr/engine.ts). Its map (the OCR's word boxes) is the view's.
 */
async function readScan(job: ImportJob & { id: number }, signal: AbortSignal): Promise<ImportAnswer> {
  const started = Date.now();
  const progress = { page: 0, pages: 0 };
  const result = await importScan(new Uint8Array(job.bytes), {
    ...(job.keepLines ? { keepLines: true } : {}),
    ...(job.lang ? { lang: job.lang } : {}),
    jobs: OCR_JOBS,
    signal,
    onPage: (done, pages) => {
      Object.assign(progress, { page: done, pages });
      if (data.progress || job.progress) post({ id: job.id, progress: [done, pages], ocr: true });
    },
  });
  if (!result.ok) {
    if (result.kind === "cancelled")
      post({
        id: 0,
        log: `the OCR of ${job.pdf} was cancelled ${progress.pages ? `after ${progress.page} of ${progress.pages} pages` : "before its first page was read"}`,
      });
    return { ok: false, kind: result.kind, message: result.message };
  }
  const seconds = (Date.now() - started) / 1000;
  if (result.pages) secondsAPage = (seconds / result.pages) * Math.min(OCR_JOBS, result.pages);
  const { ocr } = result;
  const record = {
    ...recordOf(result),
    ocr: {
      engine: ocr.engine,
      lang: ocr.lang,
      language: ocr.language,
      leftOut: ocr.leftOut,
      words: ocr.words,
      meanConfidence: ocr.meanConfidence,
      doubtful: ocr.doubtful.length,
      seconds,
    },
    ocrWords: formatOcrSidecar(ocr.doubtful),
  };
  return job.view ? { ok: true, record, view: asData(result) } : { ok: true, record };
}

/** The link of a transcript, aligned again when a newer version (its text, or its edits) comes. */
function linkOf(uri: string, change: NewText) {
  const link = links.get(uri);
  if (!link) return undefined;
  const { version } = change;
  if (version !== undefined && version !== link.version) {
    const text = change.text ?? (change.edits ? applyEdits(link.link.text, change.edits) : undefined);
    if (text !== undefined) link.link.update(text);
    link.version = version;
  }
  return link.link;
}

/** How far from a line without words a page is looked for (a blank line between paragraphs). */
const NEAR_LINES = 200;

/** The linker's jobs (the reader's is `read`), each answered at once with its kind's result. */
const LINKER: { [K in LinkerJob]: (m: PdfJobs[K]["job"]) => PdfResult<K> } = {
  source: (m) => {
    keep(m.pdf, new TextSource(m.source.pages, m.source.words, m.source.text));
    return null;
  },
  link: (m) => {
    const from = imported.get(m.pdf);
    if (!from) return { ok: false, kind: "not-read", message: "the PDF has not been read" };
    const link = new TextLink(from, m.text);
    links.set(m.uri, { pdf: m.pdf, version: m.version, link });
    return { ok: true, matched: link.matched, words: link.words, pages: [...from.pages] };
  },
  locate: (m) => {
    const link = linkOf(m.uri, m);
    if (!link) return null;
    if (m.character !== undefined) {
      const at = link.boxesAt(m.line, m.character);
      if (at) return { ...at, matched: link.matched, words: link.words };
    }
    const page = link.pageOfLine(m.line);
    if (page !== undefined)
      return { page, boxes: link.boxesOfLine(m.line, page), matched: link.matched, words: link.words };
    // A line with no word in the PDF (a blank line, a line the editor wrote): the page of the
    // nearest line before it that has one, else after it, with nothing marked.
    for (let d = 1; d <= NEAR_LINES; d++) {
      const near = link.pageOfLine(m.line - d) ?? link.pageOfLine(m.line + d);
      if (near !== undefined) return { page: near, boxes: [], matched: link.matched, words: link.words };
    }
    return null;
  },
  pick: (m) => linkOf(m.uri, m)?.wordAt(m.page, m.x, m.y) ?? null,
  spans: (m) => {
    const link = linkOf(m.uri, m);
    return link ? m.spans.flatMap((s) => link.boxesOfSpan(s.line, s.start, s.end, m.page)) : [];
  },
  unlink: (m) => {
    links.delete(m.uri);
    return null;
  },
};

type LinkerJob = Exclude<PdfJobKind, "import">;

/** A linker's job (the reader's is `read`). */
function handle(m: PdfJob): unknown {
  if (m.kind === "import") throw new Error("imports are the reader's");
  return linkerJob(m);
}
function linkerJob<K extends LinkerJob>(m: PdfJob<K>): PdfResult<K> {
  return LINKER[m.kind](m);
}

const reply = (id: number, work: () => unknown) => {
  try {
    const result = work();
    if (id) post({ id, result });
  } catch (error) {
    if (id) post({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
};

/**
 * The reader's imports, one at a time in order of arrival; OCRs in a line of their own (their
 * pages are read by child processes: text imports, a link's, go on meanwhile).
 */
let imports: Promise<unknown> = Promise.resolve();
let scans: Promise<unknown> = Promise.resolve();
/** Imports waiting or under way, by id: a cancellation aborts them. */
const cancellable = new Map<number, AbortController>();

port.on("message", (m: ToPdfWorker) => {
  if (m.kind === "cancel") {
    cancellable.get(m.id)?.abort();
    return;
  }
  if (role === "linker" || m.kind !== "import") {
    // The linker's jobs are synchronous: each is answered in order of arrival, at once.
    reply(m.id, () => handle(m));
    return;
  }
  const controller = new AbortController();
  cancellable.set(m.id, controller);
  const next = (queue: Promise<unknown>) =>
    queue.then(() =>
      (controller.signal.aborted
        ? Promise.resolve<ImportAnswer>({ ok: false, kind: "cancelled", message: "the request was cancelled" })
        : read(m, controller.signal)
      )
        .then(
          (result) => post({ id: m.id, result }),
          (error: unknown) =>
            post({ id: m.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
        )
        .finally(() => cancellable.delete(m.id)),
    );
  if (m.ocr) scans = next(scans);
  else imports = next(imports);
});
