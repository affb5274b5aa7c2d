/**
 * V8 builds a pattern's bytecode on its first run and its machine code on the next, unless the
 * first run is on a subject of 1000 characters or more: then it builds the machine code at once.
 * For the large patterns every document runs (the date grammar), the bytecode took longer to
 * build than the machine code — a cost every fresh process paid twice over (`verbatim check`).
 * `primed` runs a pattern once on such a subject: it matches nothing there or is thrown away,
 * and `lastIndex` is left at 0.
 *
 * V8 builds the code for one width of string at a time: for strings of Latin-1 characters only,
 * or for strings that hold wider ones. A record holds wider ones (`’`, `—`, `“`), and so does the
 * subject here: a code built for Latin-1 would be built again for the first record (15 ms).
 */
const PRIMER = `${"\n".repeat(1023)}\u2019`;

export function primed<T extends RegExp>(re: T): T {
  re.lastIndex = 0;
  re.exec(PRIMER);
  re.lastIndex = 0;
  return re;
}

/**
 * A pattern made when it is first asked for, then the same object every time (its `lastIndex`
 * included). V8 parses a pattern when it is made, each `\p{…}` class built from ICU's tables
 * (40–100 µs); a module's patterns made at its top level cost every process all of them, though a
 * one-line `verbatim check` runs nine in ten of them never (issue 28: 88 of the 97 made at the
 * bundle's top level, a quarter of the command's own processor time).
 */
export function lazyPattern<T extends RegExp | readonly RegExp[]>(make: () => T): () => T {
  let re: T | undefined;
  return () => {
    if (re === undefined) re = make();
    return re;
  };
}

/**
 * A pattern's named groups made plain numbered ones, and each group's name by its number. A
 * match of a pattern with named groups builds an object of all of them (the date grammar has a
 * hundred), which costs about ten times the match itself; `namedGroups` builds one of the groups
 * that took part only. The source must not refer to a group by name (`\k<name>`).
 */
export function numberGroups(source: string): { source: string; names: (string | undefined)[] } {
  if (/\\k</.test(source)) throw new Error("numberGroups: a named back-reference");
  const names: (string | undefined)[] = [undefined];
  // Each `(` with what stands before it since the previous one: characters, escapes and classes
  // (whose brackets are no groups), each match starting where the previous one ended (sticky: a
  // search would start again inside a class). Found by the engine: a loop of ours over 12 KB of pattern
  // costs more than the matches it spares, before the code is compiled.
  const out = source.replace(PAREN(), (_all, before: string, after: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      names.push(name);
      return `${before}(`;
    }
    // `(?:`, `(?=`, `(?<=` and the like capture nothing.
    if (after === undefined) names.push(undefined);
    return `${before}(${after ?? ""}`;
  });
  return { source: out, names };
}

const PAREN = lazyPattern(() => /((?:[^\\[(]|\\[\s\S]|\[(?:\\[\s\S]|[^\]\\])*\])*)\((\?<([A-Za-z_$][\w$]*)>|\?)?/gy);

/** The named groups of a match of a `numberGroups` pattern that took part in it: `match.groups`, without the others. */
export function namedGroups(m: RegExpExecArray, names: readonly (string | undefined)[]): Record<string, string> {
  const groups: Record<string, string> = {};
  for (let k = 1; k < m.length; k++) {
    const name = names[k];
    if (name !== undefined && m[k] !== undefined) groups[name] = m[k];
  }
  return groups;
}
