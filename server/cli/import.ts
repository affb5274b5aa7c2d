// `verbatim import FILE.pdf… [--out DIR] [--keep-lines] [--ocr]`: a record's PDF → a transcript.
import { closeSync, existsSync, linkSync, openSync, statSync, unlinkSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { FileResult, FromPdfWorker, PdfResult, PdfWorkerData, ToPdfWorker } from "../../shared/threads";
import { PDF_HEAP_MB } from "../lsp/pdfs";
import { importPdf, PDF_MAX_BYTES } from "../src/pdf";
import { formatOcrSidecar, importScan, type OcrReport, ocrSidecarPath } from "../src/pdf/ocr";
import { type BatchOptions, batchOption, inLanes, inShard, Manifest } from "./batch";
import { CliError, contentHash, type Input, type Io, isFsError, readRegularFile } from "./files";
import { outputFolderProblem } from "./write";

export const IMPORT_USAGE = `Usage: verbatim import FILE.pdf… [--out DIR] [--keep-lines] [--ocr [--lang L]] [--jobs N] [--shard I/N] [--manifest FILE]

Reads a UN verbatim record's PDF (Security Council, General Assembly) and writes its transcript:
the cover page's lines, then one paragraph a line with a blank line between paragraphs, page
furniture left out, words split at a line end joined and compounds kept.

Options:
  --out DIR       write NAME.txt for each NAME.pdf into DIR (needed for several files;
                  an existing file is never overwritten)
  --keep-lines    keep the PDF's lines and line-end hyphens (paragraphs still apart),
                  to review each decision with \`verbatim check\`
  --ocr           read the pages' images with Tesseract instead of the text layer (chosen
                  by itself for a PDF with no text layer or a poor OCR layer); with --out,
                  the words it was unsure of go to NAME.ocr.tsv beside NAME.txt, which
                  \`verbatim check\` reports as ocr-uncertain
  --lang L        the record's language for the OCR: en, fr, es, ru, ar, zh or Tesseract's
                  code (eng+fra); default: the text layer's language, else English
  --jobs N        PDFs read at once, each in a thread of its own (default: the number
                  of cores), the largest waiting first; the messages are in input
                  order. One PDF read by OCR: its pages read at once, one core a page
  --shard I/N     only part I of N (0 ≤ I < N) of the files, a stable partition by path
  --manifest FILE record each file done (path, SHA-256, status, exit status) in FILE;
                  a rerun skips the files done and unchanged
  -h, --help      show this help
  --              the end of the options: what follows is a file, even one starting with -

One file is written to standard output. A password-protected PDF (a user password) and a
PDF that is no UN record are refused with a message. The OCR needs Tesseract 5 and
poppler's pdftoppm on PATH (Debian: apt-get install tesseract-ocr poppler-utils, and
tesseract-ocr-fra… for other languages); without them a scan is refused, saying so.
Exit status: 0 every file imported, 2 a usage error or a file refused or unreadable (the
other files are still imported).`;

export interface ImportIo extends Io {
  /** Progress, rewritten in place: only on a terminal. */
  progress?: (s: string) => void;
}

/** Runs `verbatim import` with the arguments after `import`. */
export async function importCommand(argv: string[], io: ImportIo): Promise<number> {
  const files: string[] = [];
  let out: string | undefined;
  let keepLines = false;
  const batch: BatchOptions = {};
  let ocr = false;
  let lang: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const taken = batchOption(argv, k, batch);
    if (typeof taken === "string") return usage(io, taken);
    if (taken !== undefined) {
      k = taken;
      continue;
    }
    if (a === "--") {
      files.push(...argv.slice(k + 1));
      break;
    }
    if (a === "-h" || a === "--help") {
      io.out(IMPORT_USAGE);
      return 0;
    }
    if (a === "--keep-lines") keepLines = true;
    else if (a === "--ocr") ocr = true;
    else if (a === "--lang" || a.startsWith("--lang=")) {
      lang = a === "--lang" ? argv[++k] : a.slice("--lang=".length);
      if (!lang || !/^[a-z]{2,3}(?:_[a-z]{3,4})?(?:\+[a-z]{2,3}(?:_[a-z]{3,4})?)*$/i.test(lang))
        return usage(io, "--lang needs a language: en, fr, es, ru, ar, zh or Tesseract's code (eng, eng+fra)");
    } else if (a === "--out" || a.startsWith("--out=")) {
      out = a === "--out" ? argv[++k] : a.slice("--out=".length);
      if (!out) return usage(io, "--out needs a folder");
    } else if (a.startsWith("-") && a !== "-") return usage(io, `unknown option ${a}`);
    else files.push(a);
  }
  if (!files.length) return usage(io, "import needs at least one PDF file");
  if (files.length > 1 && !out) return usage(io, "several files need --out DIR");
  if (out) {
    const problem = outputFolderProblem(out);
    if (problem) {
      io.err(`verbatim: --out ${out}: ${problem}`);
      return 2;
    }
  }
  // In input order: the name each file is written under, and whether an earlier file took it.
  const targets = new Set<string>();
  const listed = files.values();
  const take = (): PdfInput | undefined => {
    for (let n = listed.next(); !n.done; n = listed.next()) {
      const file = n.value;
      if (batch.shard && !inShard(file, batch.shard)) continue;
      const target = out ? join(out, `${basename(file).replace(/\.pdf$/i, "")}.txt`) : undefined;
      if (!target) return { path: file, key: file };
      if (targets.has(target))
        return { path: file, key: file, refused: `${file}: ${target} is written by an earlier file: skipped` };
      targets.add(target);
      return { path: file, key: file, target };
    }
    return undefined;
  };
  let manifest: Manifest | undefined;
  try {
    if (batch.manifest) manifest = new Manifest(batch.manifest, keepLines ? "import --keep-lines" : "import");
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(`verbatim: ${e.message}`);
    return 2;
  }
  let status = 0;
  let skipped = 0;
  const emit = (input: PdfInput, result: FileResult) => {
    if (result.skipped) {
      skipped++;
      status = Math.max(status, manifest?.exitDone(input.path) ?? 0);
      return;
    }
    for (const [stream, text] of result.lines) (stream === 0 ? io.out : io.err)(text);
    manifest?.record(input.path, result, result.exit);
    status = Math.max(status, result.exit);
  };
  // The OCR's pages at once: --jobs for one file; one a file when files are read in parallel.
  const scan: ScanOptions = {
    ocr,
    ...(lang ? { lang } : {}),
    jobs: files.length === 1 ? (batch.jobs ?? availableParallelism()) : 1,
  };
  const lane = () => {
    const reader = new Reader(files.length === 1);
    return {
      run: (input: PdfInput) =>
        importFile(input, reader, keepLines, scan, io, manifest, manifest?.hashDone(input.path)),
      dispose: () => reader.dispose(),
    };
  };
  try {
    // The largest PDFs first (within the lanes' window), the messages still in input order.
    await inLanes(batch.jobs ?? availableParallelism(), take, lane, emit, sizeOf);
  } finally {
    manifest?.close();
  }
  if (skipped && manifest)
    io.err(
      `verbatim: ${skipped} ${skipped === 1 ? "file" : "files"} done before and unchanged (${manifest.path}): skipped`,
    );
  return status;
}

/** A PDF to import: the file it is written to (with --out), or why it is not imported. */
interface PdfInput extends Input {
  target?: string;
  refused?: string;
}

/** How a scan is read: `--ocr`, `--lang`, and how many pages at once. */
interface ScanOptions {
  ocr: boolean;
  lang?: string;
  jobs: number;
}

/**
 * Imports one PDF with a reader (a thread of its own): its result, the lines it prints in order.
 * With `done` (the hash the manifest holds), a file whose bytes have that hash is skipped.
 */
async function importFile(
  input: PdfInput,
  reader: Reader,
  keepLines: boolean,
  scan: ScanOptions,
  io: ImportIo,
  manifest: Manifest | undefined,
  done: string | undefined,
): Promise<FileResult> {
  const file = input.path;
  const target = input.target;
  const result: FileResult = { lines: [], exit: 0, analysed: false };
  const fail = (message: string) => {
    result.lines.push([1, `verbatim: ${message}`]);
    result.exit = 2;
  };
  try {
    if (input.refused) throw new CliError(input.refused);
    const { bytes } = readRegularFile(file, PDF_MAX_BYTES);
    if (manifest) result.hash = contentHash(bytes);
    if (done !== undefined && result.hash === done) return { ...result, skipped: true };
    for (const path of target ? (scan.ocr ? [target, ocrSidecarPath(target)] : [target]) : [])
      if (exists(path))
        throw new CliError(`${file}: ${path} exists: not overwritten (move it, or choose another --out)`);
    const name = basename(file);
    const onPage = io.progress
      ? (page: number, pages: number) => io.progress?.(`${name}: page ${page}/${pages}`)
      : undefined;
    let answer: Answer | undefined;
    let why = "";
    if (!scan.ocr) {
      answer = await reader.import(file, bytes, keepLines, onPage);
      io.progress?.("");
      if (!answer.ok && (answer.kind === "scanned" || answer.kind === "ocr-layer")) why = answer.message;
    }
    let report: OcrReport | undefined;
    if (scan.ocr || why) {
      if (why)
        result.lines.push([
          1,
          `${file}: ${why.replace(/\. Import it with OCR.*$|; import it with OCR.*$/, "")}: reading it by OCR`,
        ]);
      const started = Date.now();
      // Read again: the bytes went to the PDF thread (transferred) for the first reading.
      const r = await importScan(why ? readRegularFile(file, PDF_MAX_BYTES).bytes : bytes, {
        keepLines,
        jobs: scan.jobs,
        ...(scan.lang ? { lang: scan.lang } : {}),
        ...(io.progress
          ? {
              onPage: (done: number, total: number, page: number) =>
                io.progress?.(`${name}: OCR page ${page} (${done}/${total})`),
            }
          : {}),
      });
      io.progress?.("");
      answer = r;
      if (r.ok) {
        report = r.ocr;
        const seconds = (Date.now() - started) / 1000;
        result.lines.push([
          1,
          `${file}: OCR by ${r.ocr.engine} (${r.ocr.lang}): ${r.pages} page${r.pages === 1 ? "" : "s"} in ${seconds.toFixed(1)} s, ${r.ocr.words} words, mean confidence ${r.ocr.meanConfidence.toFixed(0)}, ${r.ocr.doubtful.length} doubtful`,
        ]);
        for (const what of r.ocr.leftOut)
          result.lines.push([1, `${file}: left out ${what}: not in the record's language (${r.ocr.language})`]);
      }
    }
    if (!answer?.ok) {
      fail(`${file}: refused: ${answer?.message ?? "not read"}`);
      return result;
    }
    for (const note of answer.notes) result.lines.push([1, `verbatim: ${file}: ${note}`]);
    const about = `${answer.symbol ?? "no symbol"}, ${answer.pages} page${answer.pages === 1 ? "" : "s"}, ${answer.speeches} speech${answer.speeches === 1 ? "" : "es"}`;
    if (target) {
      writeNewFile(target, Buffer.from(answer.text, "utf8"));
      result.lines.push([1, `${file}: ${target} (${about})`]);
      if (report?.doubtful.length) {
        const sidecar = ocrSidecarPath(target);
        writeNewFile(sidecar, Buffer.from(formatOcrSidecar(report.doubtful), "utf8"));
        result.lines.push([
          1,
          `${file}: ${sidecar} (${report.doubtful.length} doubtful word${report.doubtful.length === 1 ? "" : "s"})`,
        ]);
      }
    } else {
      result.lines.push([0, answer.text.replace(/\n$/, "")]);
      result.lines.push([1, `${file}: ${about}`]);
    }
    result.analysed = true;
  } catch (e) {
    io.progress?.("");
    if (e instanceof CliError) fail(e.message);
    else if (isFsError(e)) fail(`${file}: ${e.message}`);
    // A fault of the import itself: said in one line, and the other files are still imported.
    else fail(`${file}: internal error while importing: ${e instanceof Error ? e.message : String(e)}`);
  }
  return result;
}

/** What the import answers the command line: a record (its text and what it found) or a refusal. */
type Answer =
  | { ok: true; text: string; symbol: string | null; pages: number; speeches: number; notes: string[] }
  | { ok: false; kind?: string; message: string };

/**
 * A PDF imported alone and no larger than this is read in the command's own thread: what it may
 * cost is bounded by PDF_LIMITS, which grow with the file's size (for 1 MiB: 80 MB decoded, 85 000
 * runs of text), and a thread of its own would cost more than the read (starting it and loading
 * the import's code a second time: about a fifth of the processor time of a 2-page record's
 * import, bench/startup.ts).
 */
export const IN_THREAD_BYTES = 1024 * 1024;

/**
 * The import, in a thread of its own with a heap of its own (the language server's PDF reader,
 * server/out/pdf-worker.js beside this bundle): a PDF that exhausts it is refused with a message,
 * not the end of the process. Without that file (the sources run by the tests), and for a small
 * PDF imported alone (`IN_THREAD_BYTES`; not when `VERBATIM_PDF_HEAP_MB` asks for a heap), in
 * this thread.
 */
class Reader {
  private worker: Worker | undefined;
  private readonly script = join(__dirname, "pdf-worker.js");

  /** `alone`: the command imports this one PDF. */
  constructor(private readonly alone = false) {}

  async import(
    file: string,
    bytes: Uint8Array,
    keepLines: boolean,
    onPage?: (page: number, pages: number) => void,
  ): Promise<Answer> {
    const small = this.alone && bytes.length <= IN_THREAD_BYTES && !process.env.VERBATIM_PDF_HEAP_MB;
    if (small || !existsSync(this.script)) {
      const r = await importPdf(bytes, { keepLines, ...(onPage ? { onPage } : {}) });
      return r;
    }
    const heap = Number(process.env.VERBATIM_PDF_HEAP_MB) || PDF_HEAP_MB;
    // node:worker_threads loaded here, not when the command line starts (most commands have no thread).
    const { Worker: Thread } = require("node:worker_threads") as typeof import("node:worker_threads");
    this.worker ??= new Thread(this.script, {
      workerData: { role: "reader" } satisfies PdfWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: heap },
    });
    const worker = this.worker;
    // Handed over without a copy when the bytes have their buffer to themselves (a large file's);
    // a small Buffer is a view of a shared pool: a copy of its own.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const copy = (whole ? bytes : new Uint8Array(bytes)).buffer as ArrayBuffer;
    return new Promise<Answer>((resolve, reject) => {
      const done = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (m: FromPdfWorker) => {
        if (m.progress) return onPage?.(...m.progress);
        if (m.id !== 1) return;
        done();
        if (m.error !== undefined) return reject(new Error(m.error.split("\n")[0]));
        // The answer to job 1, the import posted below.
        const a = m.result as PdfResult<"import">;
        resolve(a.ok ? { ok: true, ...a.record } : a);
      };
      const onError = (error: Error & { code?: string }) => {
        done();
        this.worker = undefined;
        resolve({
          ok: false,
          message:
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? `reading it takes more memory than the import has (${heap} MB of heap): not read`
              : `the import stopped (${error.message})`,
        });
      };
      const onExit = (code: number) => onError(new Error(`exit ${code}`));
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(
        // Each page reported only where it is shown (a terminal): a message a page costs the thread
        // about 1% of a batch's processor time.
        {
          kind: "import",
          id: 1,
          pdf: file,
          bytes: copy,
          keepLines,
          view: false,
          ...(onPage ? { progress: true } : {}),
        } satisfies ToPdfWorker,
        [copy],
      );
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

function usage(io: Io, message: string): number {
  io.err(`verbatim: ${message}`);
  io.err("");
  for (const line of IMPORT_USAGE.split("\n")) io.err(line);
  return 2;
}

/** A PDF's size in bytes, what its import costs in proportion to; 0 when it cannot be told. */
function sizeOf(input: PdfInput): number {
  if (input.refused) return 0;
  try {
    return statSync(input.path).size;
  } catch {
    return 0;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (e) {
    if (isFsError(e) && e.code === "ENOENT") return false;
    throw e;
  }
}

/**
 * Writes a new file, never over an existing one nor through a link: the text goes to a temporary
 * file made with O_EXCL beside it, which is then linked to its name (a link fails if the name is
 * taken, where a rename would replace it) and removed.
 */
function writeNewFile(path: string, bytes: Buffer): void {
  const temp = `${path}.verbatim-${process.pid}.tmp`;
  const fd = openSync(temp, "wx", 0o666);
  try {
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, path);
    } catch (e) {
      if (isFsError(e) && e.code === "EEXIST") throw new CliError(`${path} exists: not overwritten`);
      throw e;
    }
  } finally {
    unlinkSync(temp);
  }
}
