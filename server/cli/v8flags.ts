import { cachedDataVersionTag, setFlagsFromString } from "node:v8";

/**
 * How V8 runs this short process. A `verbatim check` runs most of its analysis once, before the
 * engine has compiled it, often on machines whose cores other work shares:
 * - optimised code compiled without inlining: large inlined compilations, made on a second
 *   thread, take longer than the code they speed up still runs (a 1 MB record: about a tenth of
 *   the time and a fifth of the processor time; 10 MB and `import` gain too);
 * - each pattern compiled to machine code at its first use, not to bytecode first and to machine
 *   code at its second (the record's patterns are each run many times: about 4% of a 1 MB check).
 * Set before any of the analysis is compiled (by the launcher, launch.ts, before it compiles the
 * bundle: a code cache is V8's under the flags it was made with), and only flags that V8 reads when it compiles
 * (flags of the collector, changed in a running process, can crash it). `VERBATIM_V8` replaces
 * them (empty: V8's defaults); the results are the same.
 */
export const V8_FLAGS = "--no-turbo-inlining --no-regexp-tier-up";

/**
 * `import`'s: V8's budget before a function is optimised three times its default (67,584), so that
 * fewer functions are. An import is mostly PDF.js's page reading, whose functions (made again for
 * every page) V8 optimised and then optimised again, on other threads that share the two cores
 * with the reading: the processor time of a 17-page import and of a batch fell by about a tenth,
 * the main thread's by no measurable amount (bench/HISTORY.md, *PDF.js's text prepared at build
 * time, fewer optimisations*).
 */
export const V8_IMPORT_FLAGS = `${V8_FLAGS} --interrupt-budget=202752`;

/**
 * Sets the command line's V8 flags in this process: VERBATIM_V8's when set, else the command's
 * (the command is the first argument: commandLine.ts).
 */
export function setV8Flags(): void {
  setFlagsFromString(process.env.VERBATIM_V8 ?? (process.argv[2] === "import" ? V8_IMPORT_FLAGS : V8_FLAGS));
}

/**
 * V8's version, flags (as set now) and processor features, as a code cache is made under them:
 * Node's tag for it, read in microseconds (compiled.ts's default compiles and serialises a script).
 */
export function v8VersionTag(): string {
  return `tag:${cachedDataVersionTag()}`;
}
