// Writes an OCR'd transcript's doubtful words beside it (`NAME.ocr.tsv`, shared/ocrSidecar.ts) when
// VS Code saves it, keeping the command line's rules for the user's files: never through a link,
// never over a file without need. A new file is made under a temporary name with O_EXCL and linked
// to its name (a link fails if the name is taken, where a rename would replace it); an existing
// sidecar is left alone when it already says the same, replaced (a new file renamed over it,
// never written through) only when it is a regular file, and refused when it is a link or no file.
// Node only, no editor API: tested alone (test/unit/sidecarFile.test.ts).
import {
  closeSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from "node:fs";

/** What happened: the sidecar written (new or replaced), already the same, or why it was not written. */
export type SidecarWrite = { done: "written" | "replaced" | "unchanged" } | { refused: string };

/** The largest sidecar compared before it is replaced (a larger one is replaced without reading it). */
const COMPARE_MAX = 64 * 1024 * 1024;

export function writeSidecar(path: string, text: string): SidecarWrite {
  const bytes = Buffer.from(text, "utf8");
  let existing: Stats | undefined;
  try {
    existing = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return { refused: (e as Error).message };
  }
  if (existing?.isSymbolicLink()) return { refused: `${path} is a link: not written through` };
  if (existing && !existing.isFile()) return { refused: `${path} is not a regular file: not written` };
  if (existing && existing.size === bytes.length && existing.size <= COMPARE_MAX) {
    try {
      if (readFileSync(path).equals(bytes)) return { done: "unchanged" };
    } catch (e) {
      return { refused: (e as Error).message };
    }
  }
  const temp = `${path}.verbatim-${process.pid}-${Date.now()}.tmp`;
  try {
    const fd = openSync(temp, "wx", existing ? existing.mode & 0o777 : 0o666);
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    } finally {
      closeSync(fd);
    }
    if (existing) {
      // The name's entry replaced (rename never follows a link at its target).
      renameSync(temp, path);
      return { done: "replaced" };
    }
    try {
      linkSync(temp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return { refused: `${path} appeared meanwhile: not written` };
      throw e;
    }
    return { done: "written" };
  } catch (e) {
    return { refused: (e as Error).message };
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // renamed, or never made
    }
  }
}
