import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { TextDocumentLike } from "../src/index";

/** File names the CLI takes from a folder: transcripts and UN record text files. */
export const TRANSCRIPT_FILE = /\.(?:txt|transcript)$/i;

export class CliError extends Error {}

/** Expands folders (recursively, skipping hidden ones and node_modules) into transcript files. */
export function expandPaths(paths: string[], onError: (message: string) => void): string[] {
  const out: string[] = [];
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
      const full = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(full);
      else if (TRANSCRIPT_FILE.test(name)) out.push(full);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      onError(code === "ENOENT" ? `${p}: no such file or folder` : `cannot read ${p}: ${(e as Error).message}`);
      continue;
    }
    if (isDir) walk(p);
    else out.push(p);
  }
  return out;
}

/**
 * Reads a file as a document. Binary files are refused with a clear message; a UTF-8 byte
 * order mark is dropped, as editors do, so that columns match what an editor shows.
 */
export function readDocument(path: string): TextDocumentLike {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `${path}: no such file` : `cannot read ${path}: ${(e as Error).message}`);
  }
  if (bytes.subarray(0, 65536).includes(0)) throw new CliError(`${path}: binary file (NUL bytes), skipped`);
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const uri = pathToFileURL(path).href;
  return { uri, version: 1, getText: () => text };
}

/** Where the CLI writes: standard output and standard error (tests pass their own). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * Reads each file as a document and hands it to `visit`. A file that cannot be read is reported
 * and skipped; the others are still visited. Returns 2 when some file could not be read, else 0.
 */
export function eachDocument(files: string[], io: Io, visit: (doc: TextDocumentLike, file: string) => void): number {
  let status = 0;
  for (const file of files) {
    let doc: TextDocumentLike;
    try {
      doc = readDocument(file);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.err(`verbatim: ${e.message}`);
      status = 2;
      continue;
    }
    visit(doc, file);
  }
  return status;
}
