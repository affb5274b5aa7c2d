/**
 * V8 builds a pattern's bytecode on its first run and its machine code on the next, unless the
 * first run is on a subject of 1000 characters or more: then it builds the machine code at once.
 * For the large patterns every document runs (the date grammar, a language's header grammar),
 * the bytecode took longer to build than the machine code — a cost every fresh process paid
 * twice over (`verbatim check`). `primed` runs a pattern once on such a subject: it matches
 * nothing there or is thrown away, and `lastIndex` is left at 0.
 */
const PRIMER = "\n".repeat(1024);

export function primed<T extends RegExp>(re: T): T {
  re.lastIndex = 0;
  re.exec(PRIMER);
  re.lastIndex = 0;
  return re;
}
