import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  type Stats,
  statSync,
} from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LanguageService, OcrWordMark, TextDocumentLike } from "../src/index";
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

/** A file to process: its path as listed, and its name under the path given (for `--shard`). */
export interface Input {
  path: string;
  /**
   * The path relative to the folder given on the command line that it was found in (the path
   * itself for a file given): the same on every machine that names the archive by another path.
   */
  key: string;
}

/**
 * Expands folders (recursively, skipping hidden ones and node_modules) into transcript files,
 * one at a time as they are found: a folder's names are read when the walk reaches it, so that
 * the list of an archive is never held whole. Only regular files are listed: a FIFO or a device,
 * named or met in a folder, is reported and never opened. Links are followed, but no folder or
 * file is visited twice (by device and inode): two links to a parent folder would otherwise make
 * the walk exponential. What is remembered for that is every folder, every file given and every
 * file reached through a link or with several hard links; a plain file met in a folder can be
 * reached by no other path.
 */
export function* expandPaths(paths: string[], onError: (message: string) => void): Generator<Input> {
  const seen = new Set<string>();
  const keyOf = (st: Stats) => `${st.dev}:${st.ino}`;
  // The files given, by inode: one met first in a folder walk is listed there, and not again.
  const named = new Set<string>();
  for (const p of paths) {
    try {
      const st = statSync(p);
      if (st.isFile()) named.add(keyOf(st));
    } catch {
      // Reported when the walk reaches it.
    }
  }
  function* visit(path: string, key: string, named_: boolean, linked: boolean): Generator<Input> {
    let st: Stats;
    try {
      st = statSync(path);
    } catch (e) {
      // In a folder, a link that leads nowhere is passed over, as any other non-transcript.
      if (!named_) return;
      const code = (e as NodeJS.ErrnoException).code;
      onError(code === "ENOENT" ? `${path}: no such file or folder` : `cannot read ${path}: ${(e as Error).message}`);
      return;
    }
    const id = keyOf(st);
    if (st.isDirectory()) {
      if (seen.has(id)) return;
      seen.add(id);
      yield* walk(path, named_ ? "" : key);
    } else if (named_ || TRANSCRIPT_FILE.test(basename(path))) {
      if (!st.isFile()) {
        onError(notRegular(path, st));
        return;
      }
      if (seen.has(id)) return;
      if (named_ || linked || st.nlink > 1 || named.has(id)) seen.add(id);
      yield { path, key };
    }
  }
  function* walk(dir: string, key: string): Generator<Input> {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (e) {
      onError(`cannot read folder ${dir}: ${(e as Error).message}`);
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".") || name === "node_modules") continue;
      yield* visit(join(dir, name), key ? `${key}/${name}` : name, false, entry.isSymbolicLink());
    }
  }
  for (const p of paths) yield* visit(p, p, true, false);
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

/**
 * A file's content hash, as the manifest records it: SHA-256, in hexadecimal. node:crypto is
 * loaded on first use: only a run with a manifest hashes.
 */
export function contentHash(bytes: Uint8Array): string {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  return createHash("sha256").update(bytes).digest("hex");
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
