// Standard output and standard error of the process, with their write errors caught. Output to a
// full disk (`> /dev/full`, a full file system) must not end with exit status 0 and a truncated
// file: the first error writing standard output stops the command (an `OutputError` thrown from
// `out`), and it ends with one line on standard error and exit status 2. A reader that stops early
// (`verbatim check … | head`: EPIPE) ends it quietly. A write error on standard error cannot be
// told; it makes the exit status 2. Standard error's stream is made when first written (Node makes
// `process.stderr` on first use: for a pipe or a terminal, its socket and stream modules, 1.5 ms
// of a one-line check that writes nothing there).
import type { ImportIo } from "./import";

/** Standard output could not be written: the command stops (`run`'s caller ends the process). */
export class OutputError extends Error {}

/** `ENOSPC: no space left on device, write` → `no space left on device (ENOSPC)`. */
function reason(e: NodeJS.ErrnoException): string {
  const what = e.message.replace(/^[A-Z]+: /, "").replace(/, write$/, "");
  return e.code && !what.includes(e.code) ? `${what} (${e.code})` : what;
}

export class ProcessOutput {
  private outFailure: NodeJS.ErrnoException | undefined;
  private errFailed = false;
  /** Standard error, once written: its error listener added. */
  private errStream: NodeJS.WriteStream | undefined;
  readonly io: ImportIo;

  /** `progress`: a progress line on standard error when it is a terminal (the import's pages). */
  constructor(progress = false) {
    this.io = {
      out: (s) => {
        if (this.outFailure) throw new OutputError("standard output failed");
        process.stdout.write(`${s}\n`);
        const e = process.stdout.errored as NodeJS.ErrnoException | null;
        if (e) {
          this.outFailed(e);
          throw new OutputError(e.message);
        }
      },
      err: (s) => this.writeErr(`${s}\n`),
      ...(progress && this.stderr().isTTY
        ? { progress: (s: string) => this.writeErr(`\r${s}\x1b[K${s ? "" : "\r"}`) }
        : {}),
    };
    // Errors the system reports later (a pipe's reader gone after a large write) come as events.
    process.stdout.on("error", (e: NodeJS.ErrnoException) => this.outFailed(e));
  }

  /** Standard error, its error listener added on first use. */
  private stderr(): NodeJS.WriteStream {
    if (this.errStream === undefined) {
      this.errStream = process.stderr;
      this.errStream.on("error", () => {
        this.errFailed = true;
      });
    }
    return this.errStream;
  }

  private writeErr(s: string): void {
    if (this.errFailed) return;
    const err = this.stderr();
    err.write(s);
    if (err.errored) this.errFailed = true;
  }

  private outFailed(e: NodeJS.ErrnoException): void {
    if (this.outFailure) return;
    this.outFailure = e;
    if (e.code !== "EPIPE") this.writeErr(`verbatim: cannot write the output: ${reason(e)}\n`);
  }

  /** The exit status, given the command's: 2 after a write error, the command's after EPIPE. */
  status(status: number): number {
    if (this.outFailure?.code === "EPIPE") return status;
    return this.outFailure || this.errFailed ? 2 : status;
  }

  /**
   * Ends the process once everything written has reached the system (standard error too, if
   * written), with `status(status)`.
   */
  exit(status: number): void {
    const err = this.errStream;
    const end = () => process.exit(this.status(status));
    process.stdout.write("", err ? () => err.write("", end) : end);
  }
}
