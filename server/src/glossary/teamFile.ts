import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { kindOf } from "../fileKind";

/** The largest team glossary read: the built-in UN glossary is a tenth of it. */
export const GLOSSARY_MAX_BYTES = 5 * 1024 * 1024;

/** A team glossary file read: its text, no file (an empty glossary), or why it was not read. */
export type TeamGlossaryFile = { text: string } | { missing: true } | { error: string };

/**
 * Reads a team glossary file as untrusted input. Only a regular file of at most
 * `GLOSSARY_MAX_BYTES` is read: a FIFO, a device or a folder is refused before it is opened, and
 * the file is opened without blocking and checked again once open. With `workspace`, the file is
 * the workspace's own (the default path, or a relative setting): it must stay inside that folder
 * once every link is resolved, so that a workspace cannot make Verbatim read (or, adding an
 * acronym, write) a file elsewhere. Messages name the file and the reason, never its content.
 */
export function readTeamGlossaryFile(path: string, workspace?: string): TeamGlossaryFile {
  if (workspace !== undefined) {
    const outside = outsideProblem(path, workspace);
    if (outside) return { error: outside };
  }
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { missing: true };
    return { error: `cannot read the team glossary ${path} (${code ?? "error"})` };
  }
  const kind = st.isFile() ? undefined : kindOf(st);
  if (kind) return { error: `the team glossary ${path} is ${kind}, not a regular file: not read` };
  if (st.size > GLOSSARY_MAX_BYTES) return { error: tooLarge(path) };
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const open = fstatSync(fd);
    if (!open.isFile() || open.ino !== st.ino || open.dev !== st.dev) {
      return { error: `the team glossary ${path} changed while it was opened: not read` };
    }
    // One byte more than the size said tells a file that grew meanwhile.
    const bytes = readAtMost(fd, open.size + 1);
    if (bytes.length > open.size) return { error: `the team glossary ${path} changed while it was read: not read` };
    if (bytes.length > GLOSSARY_MAX_BYTES) return { error: tooLarge(path) };
    return { text: bytes.toString("utf8") };
  } catch (e) {
    return { error: `cannot read the team glossary ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Why a workspace's glossary path is not the workspace's, or undefined when it is. A path that
 * does not exist yet is judged by the folder it would be made in; a link that leads nowhere is
 * refused, since writing it would make its target.
 */
export function outsideProblem(path: string, workspace: string): string | undefined {
  let root: string;
  try {
    root = realpathSync(workspace);
  } catch {
    return `the workspace folder ${workspace} cannot be read`;
  }
  const real = resolvedPath(resolve(workspace, path));
  if (real === undefined) return `the team glossary ${path} is a link that leads nowhere: not used`;
  const rel = relative(root, real);
  if (rel.split(sep)[0] === ".." || isAbsolute(rel)) {
    return `the team glossary ${path} leads outside the workspace folder ${workspace}: not used`;
  }
  return undefined;
}

/** The path with every link resolved, the part that does not exist yet appended; undefined for a dangling link. */
function resolvedPath(path: string): string | undefined {
  const rest: string[] = [];
  let p = path;
  for (;;) {
    try {
      return join(realpathSync(p), ...rest);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") return undefined;
      try {
        lstatSync(p);
        return undefined; // it exists, yet cannot be resolved: a link to nothing
      } catch {
        // Not there yet: judge the folder it would be made in.
      }
      const parent = dirname(p);
      if (parent === p) return undefined;
      rest.unshift(basename(p));
      p = parent;
    }
  }
}

function tooLarge(path: string): string {
  return `the team glossary ${path} is larger than ${GLOSSARY_MAX_BYTES / 1024 / 1024} MB: not read`;
}

/** Reads up to `limit` bytes, whatever the file's size said. */
function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let at = 0;
  for (;;) {
    const n = readSync(fd, buffer, at, limit - at, null);
    if (n === 0 || at + n >= limit) return buffer.subarray(0, at + n);
    at += n;
  }
}
