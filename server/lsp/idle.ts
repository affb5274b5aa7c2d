// A full garbage collection once a thread has been idle for a while. V8 collects when a heap
// grows, not when a program stops: after an edit of a 10 MB record an analyst's heap keeps the
// garbage of the versions before (earlier texts, models, tables) until the next analysis needs
// room, which for a person reading is never. The server's RSS after twenty edits of such a
// record stayed at 478 MiB for as long as it was watched (16 s; V8's memory reducer did not
// act); one collection in each thread a second after its last work gives it back
// (bench/RESULTS.md, "The editor's waits"). A collection of an analyst's heap takes some tens of
// milliseconds, once per pause: never while someone types.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How long a thread must have done nothing before its heap is collected (ms). */
export const IDLE_COLLECT_MS = 1000;

/**
 * V8's `gc`, without starting Node with `--expose-gc` (the editor starts the server, and a worker
 * thread takes no V8 options): the flag is set for the moment a new context is made, which then
 * has the function, and unset again, as jest-leak-detector does. Undefined if V8 refuses.
 */
export function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

/**
 * A function to call whenever the thread works: once it has not been called for `ms`, the heap is
 * collected (once, until it is called again).
 */
export function collectWhenIdle(ms = IDLE_COLLECT_MS): () => void {
  const gc = fullCollection();
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (!gc) return () => {};
  return () => {
    if (timer) timer.refresh();
    else {
      timer = setTimeout(() => {
        timer = undefined;
        gc();
      }, ms);
      timer.unref();
    }
  };
}
