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
