// A full garbage collection once a thread has been idle for a while. V8 collects when a heap
// grows, not when a program stops: after an edit of a 10 MB record an analyst's heap keeps the
// garbage of the versions before (earlier texts, models, tables) until the next analysis needs
// room, which for a person reading is never. The server's RSS after twenty edits of such a
// record stayed at 478 MiB for as long as it was watched (16 s; V8's memory reducer did not
// act); one collection in each thread once the server has done nothing for a second gives it
// back (bench/RESULTS.md, "The editor's waits"). A collection of an analyst's heap takes some
// tens of milliseconds, once per pause: never while someone types.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How long a thread must have done nothing before its heap is collected (ms). */
export const IDLE_COLLECT_MS = 1000;

/**
 * V8's `gc`, without starting Node with `--expose-gc` (the editor starts the server, and a worker
 * thread takes no V8 options): the flag is set for the moment a new context is made, which then
 * has the function, and unset again, as jest-leak-detector does. Undefined if V8 refuses.
 *
 * The collection compacts the whole heap. V8's full collection moves objects only out of the pages
 * it judges fragmented, so that after a 10 MB record's edits an analyst's heap stayed at 120 MiB
 * for 88 live (the pages half-filled by earlier versions' survivors); with
 * `--compact-on-every-full-gc` set for the moment of the collection every page is evacuated and
 * the empty ones go back to the system: 92 MiB for the same 88, and the main thread's 37 → 30
 * (bench/RESULTS.md, "The editor's waits"). The flag is the process's: a collection another thread
 * happens to make in that moment compacts too, which only costs it time.
 */
export function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    if (typeof gc !== "function") return undefined;
    return () => {
      setFlagsFromString("--compact-on-every-full-gc");
      try {
        (gc as () => void)();
      } finally {
        setFlagsFromString("--no-compact-on-every-full-gc");
      }
    };
  } catch {
    return undefined;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

/**
 * A function to call whenever the server works: once it has not been called for `ms` and `idle()`
 * says nothing is under way, `collect` runs (once, until it is called again). A thread that
 * waits while another works is not idle: the collection is the server's, not a thread's (an
 * analyst that collected while the other analysed a 10 MB record's edit cost each edit a
 * collection on a loaded machine).
 */
export function whenIdle(collect: () => void, idle: () => boolean, ms = IDLE_COLLECT_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) timer.refresh();
    else {
      timer = setTimeout(() => {
        timer = undefined;
        if (idle()) collect();
      }, ms);
      timer.unref();
    }
  };
}
