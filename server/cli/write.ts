import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { CliError, type FileState, isFsError, kindOf } from "./files";

/**
 * Four random bytes in hex, for a temporary file's name: from the global Web Crypto, which Node
 * loads on first use (node:crypto, imported, would be loaded by every command at start).
 */
const randomHex = () => Buffer.from(crypto.getRandomValues(new Uint8Array(4))).toString("hex");

// How the CLI writes files. Three rules: never write through a link it did not create (new files
// are opened with O_EXCL, which a link at that name makes fail); never replace a file that
// changed since it was read; keep the first backup.

const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** What `replaceFile` did, for the message. */
export interface Replaced {
  /** The file written: the path given, or the file a link given leads to. */
  target: string;
  /** Whether the path given was a link (its target was written, the link kept). */
  viaLink: boolean;
  /** The backup written, or the earlier one kept. */
  backup?: { path: string; kept: boolean };
  /** Written in place (a file with several hard links) rather than renamed over. */
  inPlace: boolean;
}

/**
 * Replaces a file's content with `bytes`, as `fix --write` does. A link given is resolved and
 * its target is written (the link stays a link). The file must still be the one read (`read`:
 * same inode, size, time and content hash). Its mode, owner and group are kept. A file with one
 * link is replaced atomically (a new file in the same folder renamed over it); a file with
 * several hard links is written in place, so that every name keeps showing one content. With
 * `backup`, `FILE.bak` receives the bytes read, unless it exists: an earlier backup (a regular
 * file) is kept and none is written; anything else at that name refuses the write.
 */
export function replaceFile(
  file: string,
  bytes: Buffer,
  read: { state: FileState; bytes: Buffer },
  options: { backup: boolean },
): Replaced {
  const viaLink = lstatSync(file).isSymbolicLink();
  const target = viaLink ? realpathSync(file) : file;
  const st = lstatSync(target);
  if (!st.isFile()) throw new CliError(`${file}: ${kindOf(st)}, not a regular file: not written`);
  checkUnchanged(file, st, read.state);
  if ((st.mode & 0o200) === 0) {
    throw new CliError(`${file} is read-only (mode ${(st.mode & 0o7777).toString(8)}): not written`);
  }
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw new CliError(`${file}: no permission to write it: not written`);
  }
  const backup = options.backup ? backupPlan(file, `${target}.bak`) : undefined;
  // The order keeps the time between the last look at the file and its replacement short: the
  // replacement and the backup (the bytes read) are written and synced first, then the file is
  // compared with what was read (identity, size, time, content), then replaced at once. A backup
  // made by a run that is refused is removed: it would be kept as "the first backup".
  let made: string | undefined;
  const refused = () => {
    if (made) removeQuietly(made);
  };
  if (st.nlink > 1) {
    try {
      if (backup && !backup.kept) {
        writeBackup(backup.path, read.bytes, st);
        made = backup.path;
      }
      writeInPlace(file, target, bytes, read.state);
    } catch (e) {
      refused();
      throw e;
    }
    return { target, viaLink, ...(backup ? { backup } : {}), inPlace: true };
  }
  const temp = join(dirname(target), `.${basename(target)}.verbatim-${process.pid}-${randomHex()}.tmp`);
  let renamed = false;
  try {
    writeNew(file, temp, bytes, st);
    if (backup && !backup.kept) {
      writeBackup(backup.path, read.bytes, st);
      made = backup.path;
    }
    confirmUnchanged(file, target, read.state);
    renameSync(temp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      removeQuietly(temp);
      refused();
    }
  }
  return { target, viaLink, ...(backup ? { backup } : {}), inPlace: false };
}

/** Whether the stat of a file still says what was read. */
function checkUnchanged(file: string, st: Stats, read: FileState): void {
  if (st.dev !== read.dev || st.ino !== read.ino || st.size !== read.size || st.mtimeMs !== read.mtimeMs) {
    throw new CliError(`${file} changed since it was read: not written (run again)`);
  }
}

/** Just before the file is replaced: same inode, size, time and content as when it was read. */
function confirmUnchanged(file: string, target: string, read: FileState): void {
  const fd = openSync(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    sameAsRead(file, fd, read);
  } finally {
    closeSync(fd);
  }
}

/** The open file's inode, size, time and content are what was read: checked before and after the content. */
function sameAsRead(file: string, fd: number, read: FileState): void {
  checkUnchanged(file, fstatSync(fd), read);
  const content = Buffer.allocUnsafe(read.size + 1);
  let got = 0;
  for (let n = 1; n > 0 && got < content.length; got += n) n = readSync(fd, content, got, content.length - got, got);
  if (got !== read.size || !content.subarray(0, got).equals(read.content)) {
    throw new CliError(`${file} changed since it was read: not written (run again)`);
  }
  checkUnchanged(file, fstatSync(fd), read);
}

/** The backup to write, or the earlier one to keep; anything but a regular file at its name refuses. */
function backupPlan(file: string, path: string): { path: string; kept: boolean } {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { path, kept: false };
    throw e;
  }
  if (st.isFile()) return { path, kept: true };
  throw new CliError(`${path} is ${kindOf(st)}, not a backup: ${file} not written (move it away, or use --no-backup)`);
}

/** A new file (never through a link: O_EXCL), with the original's mode, owner, group and times. */
function writeBackup(path: string, bytes: Buffer, like: Stats): void {
  const fd = openSync(path, NEW_FILE, 0o600);
  let done = false;
  try {
    writeAll(fd, bytes);
    fchmodSync(fd, like.mode & 0o7777);
    try {
      fchownSync(fd, like.uid, like.gid);
    } catch {
      // Not the owner's to give away: the backup is the writer's, with the original's mode.
    }
    futimesSync(fd, like.atime, like.mtime);
    fsyncSync(fd);
    done = true;
  } finally {
    closeSync(fd);
    // A partial backup would be kept as "the first backup" by the next run.
    if (!done) removeQuietly(path);
  }
}

/** The replacement beside the file, with its mode, owner and group: refused when they cannot be kept. */
function writeNew(file: string, path: string, bytes: Buffer, like: Stats): void {
  const fd = openSync(path, NEW_FILE, 0o600);
  try {
    writeAll(fd, bytes);
    const mine = fstatSync(fd);
    if (mine.uid !== like.uid || mine.gid !== like.gid) {
      try {
        fchownSync(fd, like.uid, like.gid);
      } catch {
        throw new CliError(`${file}: cannot keep its owner and group (${like.uid}:${like.gid}): not written`);
      }
    }
    fchmodSync(fd, like.mode & 0o7777);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Overwrites a file with several hard links through its one inode; not atomic, hence the backup
 * first. The file is compared with what was read through the descriptor that writes it.
 */
function writeInPlace(file: string, target: string, bytes: Buffer, read: FileState): void {
  const fd = openSync(target, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  try {
    sameAsRead(file, fd, read);
    writeAll(fd, bytes);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at, at);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already gone.
  }
}

/**
 * Writes a file the CLI makes (`export --out`): atomically, through no link. A link, a folder or
 * anything but a regular file at the name is refused; a regular file there is replaced.
 */
export function writeOutput(path: string, bytes: Buffer): void {
  try {
    const st = lstatSync(path);
    if (!st.isFile()) throw new CliError(`${path} is ${kindOf(st)}: not written`);
  } catch (e) {
    if (!isFsError(e) || e.code !== "ENOENT") throw e;
  }
  const temp = join(dirname(path), `.${basename(path)}.verbatim-${process.pid}-${randomHex()}.tmp`);
  let renamed = false;
  try {
    const fd = openSync(temp, NEW_FILE, 0o666);
    try {
      writeAll(fd, bytes);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    renamed = true;
  } finally {
    if (!renamed) removeQuietly(temp);
  }
}

/**
 * A file the CLI makes a piece at a time (`export --out`: records.json, the CSV tables), so that
 * no more than a piece is held: written into a new temporary file beside it, put in place at the
 * end as `writeOutput` puts a file (atomically, through no link). An error is kept until `commit`,
 * which throws it; nothing is left behind but the file committed.
 */
export class OutputFile {
  private fd: number | undefined;
  private temp: string | undefined;
  private error: unknown;
  /** Bytes written so far: where the next piece goes. */
  private size = 0;
  constructor(readonly path: string) {}

  write(text: string): void {
    if (this.error !== undefined) return;
    try {
      if (this.fd === undefined) {
        this.temp = join(dirname(this.path), `.${basename(this.path)}.verbatim-${process.pid}-${randomHex()}.tmp`);
        this.fd = openSync(this.temp, NEW_FILE, 0o666);
      }
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at, this.size + at);
      this.size += bytes.length;
    } catch (e) {
      this.error = e;
    }
  }

  /** Puts the file in place; throws what failed, on the way or now. */
  commit(): void {
    let renamed = false;
    try {
      if (this.fd === undefined) this.write("");
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      if (this.error !== undefined) throw this.error;
      try {
        const st = lstatSync(this.path);
        if (!st.isFile()) throw new CliError(`${this.path} is ${kindOf(st)}: not written`);
      } catch (e) {
        if (!isFsError(e) || e.code !== "ENOENT") throw e;
      }
      if (this.temp !== undefined) renameSync(this.temp, this.path);
      renamed = true;
    } finally {
      if (!renamed && this.temp !== undefined) removeQuietly(this.temp);
    }
  }

  /** Leaves nothing behind. */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.temp !== undefined) removeQuietly(this.temp);
  }
}

/** Why `--out` cannot hold the output (it is a file, a path through a file…); the folder made when missing. */
export function outputFolderProblem(out: string): string | undefined {
  try {
    mkdirSync(out, { recursive: true });
    if (!statSync(out).isDirectory()) return "not a folder";
  } catch (e) {
    if (!isFsError(e)) throw e;
    if (e.code === "EEXIST") return "a file, not a folder";
    if (e.code === "ENOTDIR") return "a part of the path is a file, not a folder";
    return `cannot make the folder (${e.code})`;
  }
  return undefined;
}
