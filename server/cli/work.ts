// What every batch command's two halves share (commands.ts): the work on one file, the main
// thread's gatherer of results, and JSON arrays written an element at a time.
import type { FileResult } from "../../shared/threads";
import type { TextDocumentLike } from "../src/index";
import type { Io, ReadFile } from "./files";

/**
 * The command's work on one file: what it prints goes through `io` (kept in `result.lines` for
 * the main thread to print in input order); the rest of what it found it sets in `result`, which
 * is kept as far as it got if the work fails half-way (a file that cannot be written).
 */
export type Work = (doc: TextDocumentLike, file: string, read: ReadFile, io: Io, result: FileResult) => void;

/** What the main thread does with each file's result, in input order, and at the end. */
export interface Gatherer {
  /** Prints the file's result; the file's exit status (its own, or 2 when its output failed). */
  take(file: string, result: FileResult): number;
  /** The summary; the run's exit status as far as the command is concerned. */
  end(): number;
}

/** An element of a JSON array as `JSON.stringify(array, null, 2)` writes it. */
export function arrayElement(value: unknown): string {
  return `  ${JSON.stringify(value, null, 2).replace(/\n/g, "\n  ")}`;
}

/**
 * A JSON array written an element at a time, the same text as `JSON.stringify(array, null, 2)`:
 * one element is held until the next one tells whether it takes a comma.
 */
export class JsonArray {
  private held: string | undefined;
  constructor(private readonly out: (s: string) => void) {}

  add(element: string): void {
    this.out(this.held === undefined ? "[" : `${this.held},`);
    this.held = element;
  }

  end(): void {
    if (this.held === undefined) this.out("[]");
    else {
      this.out(this.held);
      this.out("]");
    }
  }
}

export function printLines(io: Io, result: FileResult): void {
  for (const [stream, text] of result.lines) (stream === 0 ? io.out : io.err)(text);
}
