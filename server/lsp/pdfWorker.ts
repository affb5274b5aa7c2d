// The PDF thread (server/out/pdf-worker.js): PDF imports and the maps from open transcripts to
// their PDF's pages, for the view of the PDF beside the text. It runs apart from the thread that
// reads messages (an import takes seconds, pdf.js runs in the thread that calls it) and from the
// analysts (which must stay free for the text). The server starts it at the first PDF request
// (server/lsp/pdfs.ts).
//
// It keeps, per PDF (by URI), the last import's map of words to boxes, and per linked transcript
// the map carried over to the transcript's text (align.ts), redone when a request comes for a
// newer version of the text.

import { createHash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { type ImportedRecord, importPdf, TextLink } from "../src/index";
import type { FromPdfWorker, PdfAnswer, ToPdfWorker } from "./pdfs";

const port = parentPort;
if (!port) throw new Error("pdf-worker.js runs as a worker thread of the language server");
const post = (message: FromPdfWorker) => port.postMessage(message);

interface Imported {
  hash: string;
  record: ImportedRecord;
}
/** The last import of each PDF, by its URI. */
const imported = new Map<string, Imported>();
/**
 * Each linked transcript: its PDF, and the map carried over to the version it was last aligned at
 * (a new version is aligned again where it changed only: align.ts).
 */
const links = new Map<string, { pdf: string; version: number; link: TextLink }>();

/**
 * At most this many imports are kept (a long record's map of words takes about 11 MB): the oldest
 * that no transcript is linked to goes first; a link to it sends the PDF again.
 */
const KEEP_IMPORTS = 8;

function keep(pdf: string, entry: Imported): void {
  imported.delete(pdf);
  imported.set(pdf, entry);
  const linked = new Set([...links.values()].map((l) => l.pdf));
  for (const key of imported.keys()) {
    if (imported.size <= KEEP_IMPORTS) break;
    if (!linked.has(key)) imported.delete(key);
  }
}

const hashOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Imports a PDF's bytes (again only when they changed since its last import). */
async function load(pdf: string, bytes: Uint8Array, keepLines: boolean, signal?: AbortSignal): Promise<PdfAnswer> {
  const hash = hashOf(bytes);
  const known = imported.get(pdf);
  if (known && known.hash === hash && !keepLines) return { ok: true, record: known.record };
  const progress = { page: 0, pages: 0 };
  const result = await importPdf(bytes, {
    ...(keepLines ? { keepLines } : {}),
    ...(signal ? { signal } : {}),
    onPage: (page, pages) => Object.assign(progress, { page, pages }),
  });
  if (!result.ok && result.kind === "cancelled")
    post({
      id: 0,
      log: `the import of ${pdf} was cancelled ${progress.pages ? `after page ${progress.page} of ${progress.pages}` : "before its first page was read"}`,
    });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  // The map for the view is the import's own (one paragraph a line): a transcript kept in the
  // PDF's lines is aligned with it like any other text.
  if (!keepLines) keep(pdf, { hash, record: result });
  else if (!known || known.hash !== hash) {
    const plain = await importPdf(bytes, signal ? { signal } : {});
    if (plain.ok) keep(pdf, { hash, record: plain });
  }
  return { ok: true, record: result };
}

/** The link of a transcript, aligned with `text` when it is a newer version than the one aligned. */
function linkOf(uri: string, version: number | undefined, text: string | undefined) {
  const link = links.get(uri);
  if (!link) return undefined;
  if (text !== undefined && version !== undefined && version !== link.version) {
    link.link.update(text);
    link.version = version;
  }
  return link.link;
}

/** How far from a line without words a page is looked for (a blank line between paragraphs). */
const NEAR_LINES = 200;

async function handle(m: Job, signal: AbortSignal): Promise<unknown> {
  switch (m.kind) {
    case "import": {
      const answer = await load(m.pdf, new Uint8Array(m.bytes), m.keepLines, signal);
      if (!answer.ok) return answer;
      const r = answer.record;
      return {
        ok: true,
        text: r.text,
        symbol: r.symbol,
        language: r.language,
        pages: r.pages,
        speeches: r.speeches,
        notes: r.notes,
      };
    }
    case "link": {
      if (m.bytes) {
        const answer = await load(m.pdf, new Uint8Array(m.bytes), false, signal);
        if (!answer.ok) return answer;
      }
      const from = imported.get(m.pdf);
      if (!from) return { ok: false, kind: "not-read", message: "the PDF has not been read" };
      const link = new TextLink(from.record.source, m.text);
      links.set(m.uri, { pdf: m.pdf, version: m.version, link });
      return { ok: true, matched: link.matched, words: link.words, pages: from.record.source.pages };
    }
    case "locate": {
      const link = linkOf(m.uri, m.version, m.text);
      if (!link) return null;
      const source = link;
      const page = source.pageOfLine(m.line);
      if (page !== undefined)
        return { page, boxes: source.boxesOfLine(m.line, page), matched: link.matched, words: link.words };
      // A line with no word in the PDF (a blank line, a line the editor wrote): the page of the
      // nearest line before it that has one, else after it, with nothing marked.
      for (let d = 1; d <= NEAR_LINES; d++) {
        const near = source.pageOfLine(m.line - d) ?? source.pageOfLine(m.line + d);
        if (near !== undefined) return { page: near, boxes: [], matched: link.matched, words: link.words };
      }
      return null;
    }
    case "pick": {
      return linkOf(m.uri, m.version, m.text)?.wordAt(m.page, m.x, m.y) ?? null;
    }
    case "unlink":
      links.delete(m.uri);
      return null;
  }
}

type Job = Exclude<ToPdfWorker, { kind: "cancel" }>;

/**
 * Imports (and links that bring a PDF to import) run one at a time, in order of arrival: a second
 * import of the same PDF must not run in between. Everything else runs at once, while an import
 * waits for PDF.js between pages (read.ts gives the event loop a turn after each page): a cursor
 * to locate or a click to pick never waits behind an import; it waits only for a link of its own
 * transcript under way, so that it is answered from the link.
 */
let imports: Promise<unknown> = Promise.resolve();
/** The last job on each transcript's link (link, locate, pick, unlink), by URI. */
const byTranscript = new Map<string, Promise<unknown>>();
/** Imports and links waiting or under way, by id: a cancellation aborts them. */
const cancellable = new Map<number, AbortController>();

function run(m: Job, controller: AbortController): Promise<void> {
  if (controller.signal.aborted) {
    cancellable.delete(m.id);
    post({ id: m.id, result: { ok: false, kind: "cancelled", message: "the request was cancelled" } });
    return Promise.resolve();
  }
  return handle(m, controller.signal)
    .then(
      (result) => post({ id: m.id, result }),
      (error: unknown) =>
        post({ id: m.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    .finally(() => cancellable.delete(m.id));
}

port.on("message", (m: ToPdfWorker) => {
  if (m.kind === "cancel") {
    cancellable.get(m.id)?.abort();
    return;
  }
  const controller = new AbortController();
  if (m.kind === "import" || m.kind === "link") cancellable.set(m.id, controller);
  const slow = m.kind === "import" || (m.kind === "link" && m.bytes !== undefined);
  const after = m.kind === "import" ? undefined : byTranscript.get(m.uri);
  // A link waits for the imports before it (the PDF it names may be one of them) when it brings bytes.
  const done = (slow ? Promise.all([imports, after]) : Promise.resolve(after)).then(() => run(m, controller));
  if (slow) imports = done;
  if (m.kind !== "import") {
    const uri = m.uri;
    const last = done.then(() => {
      if (byTranscript.get(uri) === last) byTranscript.delete(uri);
    });
    byTranscript.set(uri, last);
  }
});
