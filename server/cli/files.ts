import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LanguageService, TextDocumentLike } from "../src/index";
import type { OcrWordMark } from "../src/model/ocrWords";
import { ocrSidecarPath, parseOcrSidecar } from "../src/pdf/ocr/sidecar";
import { NotText, SourceText } from "./encoding";

/** File names the CLI takes from a folder: transcripts and UN record text files. */
export const TRANSCRIPT_FILE = /\.(?:txt|transcript)$/i;

/** A user's mistake or the file system's refusal: reported in one line, no stack trace. */
export class CliError extends Error {}

/** An error the file system raised (ENOENT, EACCES, ENOTDIR…): the user's to fix, not a bug. */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}

import { kindOf } from "../src/fileKind";

export { kindOf };

/**
 * Expands folders (recursively, skipping hidden ones and node_modules) into transcript files.
 * Only regular files are listed: a FIFO or a device, named or met in a folder, is reported and
 * never opened. Links are followed, but no folder or file is visited twice (by device and inode):
 * two links to a parent folder would otherwise make the walk exponential.
 */
export function expandPaths(paths: string[], onError: (message: string) => void): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const firstVisit = (st: Stats) => {
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const visit = (path: string, named: boolean) => {
    let st: Stats;
    try {
      st = statSync(path);
    } catch (e) {
      // In a folder, a link that leads nowhere is passed over, as any other non-transcript.
      if (!named) return;
      const code = (e as NodeJS.ErrnoException).code;
      onError(code === "ENOENT" ? `${path}: no such file or folder` : `cannot read ${path}: ${(e as Error).message}`);
      return;
    }
    if (st.isDirectory()) {
      if (firstVisit(st)) walk(path);
    } else if (named || TRANSCRIPT_FILE.test(basename(path))) {
      if (!st.isFile()) onError(notRegular(path, st));
      else if (firstVisit(st)) out.push(path);
    }
  };
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      onError(`cannot read folder ${dir}: ${(e as Error).message}`);
      return;
    }
    for (const name of entries) {
      if (name.startsWith(".") || name === "node_modules") continue;
      visit(join(dir, name), false);
    }
  };
  for (const p of paths) visit(p, true);
  return out;
}

function notRegular(path: string, st: Stats): string {
  return `${path}: ${kindOf(st)}, not a regular file: skipped`;
}

/** What a file was when it was read: `fix --write` replaces it only if it still is. */
export interface FileState {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** The bytes read. */
  content: Buffer;
}

/**
 * The largest record the CLI reads (check, outline, fix, export): 64 MB. The service holds about
 * fourteen times a record's size while it checks it (a 50 MB record: 0.7 GB); a 300 MB text
 * exhausted the memory after minutes. Larger files are refused at once, by their size.
 */
export const RECORD_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The limit `VERBATIM_MAX_MB` sets (a number of MB, more than 0), undefined when unset; throws
 * a `CliError` for any other value.
 */
export function recordLimit(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.VERBATIM_MAX_MB;
  if (value === undefined || value === "") return undefined;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new CliError(`VERBATIM_MAX_MB must be a number of MB, not '${value}'`);
  return Math.floor(mb * 1024 * 1024);
}

/** A file read as a document, with its bytes, how they were encoded and what the file was. */
export interface ReadFile {
  doc: TextDocumentLike;
  source: SourceText;
  bytes: Buffer;
  state: FileState;
}

/**
 * Reads a regular file's bytes. The file is checked before it is opened (a FIFO would block the
 * open, a device would never end), opened without blocking, and checked again once open, so that
 * what is read is the regular file that was checked. A file larger than `maxBytes` (when given)
 * is refused before it is read.
 */
export function readRegularFile(
  path: string,
  maxBytes?: number,
  /** The environment variable that raises the limit, for the message. */
  raise?: string,
): { bytes: Buffer; state: FileState } {
  let fd: number | undefined;
  try {
    const before = statSync(path);
    if (!before.isFile()) throw new CliError(notRegular(path, before));
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) {
      throw new CliError(`${path}: changed while it was opened: skipped`);
    }
    if (maxBytes !== undefined && st.size > maxBytes) {
      const more = raise ? ` (${raise}=${Math.ceil(st.size / 1024 / 1024)} reads it)` : "";
      throw new CliError(`${path}: larger than ${+(maxBytes / 1024 / 1024).toFixed(3)} MB: skipped${more}`);
    }
    const bytes = readFileSync(fd);
    return { bytes, state: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, content: bytes } };
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `${path}: no such file` : `cannot read ${path}: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads a file as a document. Binary files are refused with a clear message; UTF-8 (a BOM
 * dropped, as editors do, so that columns match what an editor shows) and UTF-16 with a BOM are
 * decoded, and the bytes of lines that are not valid UTF-8 are kept to be written back as they were.
 */
export function readDocument(path: string): ReadFile {
  const { bytes, state } = readRegularFile(path, recordLimit(process.env) ?? RECORD_MAX_BYTES, "VERBATIM_MAX_MB");
  let source: SourceText;
  try {
    source = SourceText.decode(bytes);
  } catch (e) {
    if (e instanceof NotText) throw new CliError(`${path}: ${e.message}, skipped`);
    throw e;
  }
  const uri = pathToFileURL(path).href;
  const text = source.text;
  const ocrWords = readOcrSidecar(path);
  return { doc: { uri, version: 1, getText: () => text, ...(ocrWords ? { ocrWords } : {}) }, source, bytes, state };
}

/** The words an OCR was unsure of, from `NAME.ocr.tsv` beside `NAME.txt` (`verbatim import --ocr`), if there is one. */
function readOcrSidecar(path: string): OcrWordMark[] | undefined {
  try {
    const { bytes } = readRegularFile(ocrSidecarPath(path), 64 * 1024 * 1024);
    const marks = parseOcrSidecar(bytes.toString("utf8"));
    return marks.length ? marks : undefined;
  } catch {
    // None, or not readable: no OCR evidence.
    return undefined;
  }
}

/** Where the CLI writes: standard output and standard error (tests pass their own). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * Reads each file as a document and hands it to `visit`. A file that cannot be read, that the
 * service finds unreadable (binary data, mostly control characters), or whose visit fails on the
 * file system's or the user's account, is reported and skipped; the others are still visited.
 * Returns 2 when some file failed, else 0.
 */
export function eachDocument(
  service: LanguageService,
  files: string[],
  io: Io,
  visit: (doc: TextDocumentLike, file: string, read: ReadFile) => void,
): number {
  let status = 0;
  const fail = (message: string) => {
    io.err(`verbatim: ${message}`);
    status = 2;
  };
  for (const file of files) {
    try {
      const read = readDocument(file);
      const unreadable = service.model(read.doc).unreadable;
      if (unreadable) fail(`${file}: ${unreadable.replace(/\.$/, "")}: skipped`);
      else visit(read.doc, file, read);
    } catch (e) {
      if (e instanceof CliError) fail(e.message);
      else if (isFsError(e)) fail(`${file}: ${e.message}`);
      else throw e;
    }
  }
  return status;
}
