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

/**
 * Which first two UTF-16 code units a match of a pattern may begin with, read from its source:
 * `mayStart(text, p)` is false only where no match can begin at `p` (a sticky pattern tried at
 * many places is spared the tries that cannot match). Derived from the pattern itself, so it
 * follows its every word and case as written. Undefined where the reading is unsure: a flag but
 * `u`, `y`, `g` and `d` (or no `u`), an empty match possible, a first character of any kind, or
 * where the first two are read, a back-reference, a modifier or an astral character written in
 * the pattern. Look-arounds are read as matching nothing (they only take matches away), a class
 * with a property (`\p{L}`) or a negation as any character; what follows a piece that always
 * matches two code units or more is passed over unread (a few milliseconds for the 12 KB date
 * pattern, before the code is compiled). `p` is a character's start, not inside a surrogate pair.
 */
export interface StartFilter {
  mayStart(text: string, p: number): boolean;
}

/** Any code unit (a class too wide to list, or a character that may be astral). */
const ANY = -1;
type Units = Set<number>;

/** What a piece of pattern may match, as far as its first two code units. */
interface Prefixes {
  /** It may match the empty string. */
  empty: boolean;
  /** Code units it may match alone (a match of one code unit). */
  singles: Units;
  /** By first code unit, the second of a match of two or more (ANY: any). */
  pairs: Map<number, Units>;
}

/** Matches only the empty string. */
const NOTHING = (): Prefixes => NOTHING_BUT(true);

function addPairs(to: Map<number, Units>, first: number, seconds: Iterable<number>): void {
  let set = to.get(first);
  if (!set) {
    set = new Set();
    to.set(first, set);
  }
  for (const s of seconds) set.add(s);
}

/** `b`'s matches added to `into`'s, which this function owns (made by `owned`). */
function mergeInto(into: Prefixes, b: Prefixes): Prefixes {
  into.empty ||= b.empty;
  for (const c of b.singles) into.singles.add(c);
  for (const [f, s] of b.pairs) addPairs(into.pairs, f, s);
  return into;
}

/** A copy of `a` that may be changed. */
const owned = (a: Prefixes): Prefixes => mergeInto(NOTHING_BUT(a.empty), a);

/** Matches nothing, or only the empty string. */
const NOTHING_BUT = (empty: boolean): Prefixes => ({ empty, singles: new Set(), pairs: new Map() });

function union(a: Prefixes, b: Prefixes): Prefixes {
  return mergeInto(owned(a), b);
}

function firsts(p: Prefixes): Units {
  return new Set([...p.singles, ...p.pairs.keys()]);
}

function concat(a: Prefixes, b: Prefixes): Prefixes {
  // Prefixes are never changed once made, so either side may be the answer itself: what follows
  // a piece that always matches two code units or more is not read; nor what matches nothing.
  if (!a.empty && a.singles.size === 0) return a;
  if (b.empty && b.singles.size === 0 && b.pairs.size === 0) return a;
  if (a.empty && a.singles.size === 0 && a.pairs.size === 0) return b;
  const pairs = new Map<number, Units>();
  for (const [f, s] of a.pairs) addPairs(pairs, f, s);
  const next = firsts(b);
  if (next.size) for (const f of a.singles) addPairs(pairs, f, next);
  if (a.empty) for (const [f, s] of b.pairs) addPairs(pairs, f, s);
  const singles = new Set<number>();
  if (b.empty) for (const c of a.singles) singles.add(c);
  if (a.empty) for (const c of b.singles) singles.add(c);
  return { empty: a.empty && b.empty, singles, pairs };
}

/** One character of `units` (a set of the caller's own, kept). */
function unitsAtom(units: Units): Prefixes {
  return { empty: false, singles: units, pairs: new Map() };
}

/** `x{min,max}`: as far as two code units, at most two copies matter. */
function repeated(x: Prefixes, min: number, max: number): Prefixes {
  let out: Prefixes | undefined;
  const add = (p: Prefixes) => {
    out = out ? union(out, p) : p;
  };
  if (min === 0) add(NOTHING());
  if (min <= 1 && max >= 1) add(x);
  if (max >= 2) add(concat(x, x));
  // x{3,} and beyond begin as x{2} does where x is never empty; an empty x made x{1} and x{0} possible, added above or here.
  if (min >= 2 && x.empty) add(union(NOTHING(), x));
  return out ?? NOTHING();
}

class Unsure extends Error {}

/** The number written by `n` hexadecimal digits at `s[i]`, or −1. */
function hexAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) | 0x20; // a digit keeps its code, a letter becomes small
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** A piece of a pattern's source: characters without syntax, an escape or a class. */
const PIECE = lazyPattern(() => /[^\\[()|]+|\\[\s\S]|\[(?:\\[\s\S]|[^\]\\])*\]/y);

/** Where the sequence of pieces at `s[i]` ends: at a `|` or a `)` of its own depth, or the end. */
function endOfSequence(s: string, i: number): number {
  const piece = PIECE();
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if ((c === "|" || c === ")") && depth === 0) return i;
    if (c === "(" || c === ")" || c === "|") {
      depth += c === "(" ? 1 : c === ")" ? -1 : 0;
      i++;
      continue;
    }
    piece.lastIndex = i;
    const m = piece.exec(s);
    if (!m) throw new Unsure();
    i += m[0].length;
  }
  return i;
}

/** The code units of a class escape or a character escape at `s[i]` (after the backslash), and its end. */
function escapeAt(s: string, i: number, inClass: boolean): { units: Units | "any" | "empty"; end: number } {
  const c = s[i];
  if (c === "d") return { units: new Set([48, 49, 50, 51, 52, 53, 54, 55, 56, 57]), end: i + 1 };
  if ("DwWsSpP".includes(c)) {
    if (c === "p" || c === "P") {
      const close = s.indexOf("}", i);
      if (s[i + 1] !== "{" || close < 0) throw new Unsure();
      return { units: "any", end: close + 1 };
    }
    return { units: "any", end: i + 1 };
  }
  if (!inClass && (c === "b" || c === "B")) return { units: "empty", end: i + 1 };
  const simple: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
  if (c in simple) return { units: new Set([simple[c]]), end: i + 1 };
  if (c === "0" && !(s.charCodeAt(i + 1) >= 48 && s.charCodeAt(i + 1) <= 57))
    return { units: new Set([0]), end: i + 1 };
  if (c === "x" && hexAt(s, i + 1, 2) >= 0) return { units: new Set([hexAt(s, i + 1, 2)]), end: i + 3 };
  if (c === "u" && hexAt(s, i + 1, 4) >= 0) return { units: new Set([hexAt(s, i + 1, 4)]), end: i + 5 };
  if (c === "u" && s[i + 1] === "{") {
    const close = s.indexOf("}", i);
    const cp = Number.parseInt(s.slice(i + 2, close), 16);
    if (close < 0 || !(cp <= 0xffff)) throw new Unsure();
    return { units: new Set([cp]), end: close + 1 };
  }
  // Syntax characters escaped stand for themselves; anything else (a back-reference, `\c`, `\k`) is not read.
  if ("^$\\.*+?()[]{}|/-".includes(c)) return { units: new Set([c.charCodeAt(0)]), end: i + 1 };
  throw new Unsure();
}

/** Reads a pattern's source (the `u` flag's syntax) into its Prefixes. */
function readPattern(s: string): Prefixes {
  let i = 0;
  const codeUnitOf = (k: number): number => {
    const cp = s.codePointAt(k) ?? 0;
    // An astral character is two code units: not read.
    if (cp > 0xffff) throw new Unsure();
    return cp;
  };
  const klass = (): Units | "any" => {
    // s[i] is `[`
    i++;
    // A negation: read through, then any.
    let any = s[i] === "^";
    if (any) i++;
    const units: Units = new Set();
    while (s[i] !== "]") {
      if (i >= s.length) throw new Unsure();
      let lo: number | undefined;
      if (s[i] === "\\") {
        const e = escapeAt(s, i + 1, true);
        i = e.end;
        if (e.units === "any") any = true;
        else if (e.units === "empty") throw new Unsure();
        else if (e.units.size === 1) lo = [...e.units][0];
        else for (const u of e.units) units.add(u);
      } else {
        lo = codeUnitOf(i);
        i++;
      }
      if (lo === undefined) continue;
      if (s[i] === "-" && s[i + 1] !== "]" && i + 1 < s.length) {
        i++;
        let hi: number;
        if (s[i] === "\\") {
          const e = escapeAt(s, i + 1, true);
          i = e.end;
          if (e.units === "any" || e.units === "empty" || e.units.size !== 1) throw new Unsure();
          hi = [...e.units][0];
        } else {
          hi = codeUnitOf(i);
          i++;
        }
        if (hi < lo) throw new Unsure();
        if (hi - lo > 1024) any = true;
        else for (let u = lo; u <= hi; u++) units.add(u);
      } else units.add(lo);
    }
    i++; // `]`
    return any ? "any" : units;
  };
  const atom = (): Prefixes => {
    const c = s[i];
    if (c === "(") {
      i++;
      let look = false;
      if (s[i] === "?") {
        if (s[i + 1] === ":") i += 2;
        else if (s[i + 1] === "=" || s[i + 1] === "!") {
          look = true;
          i += 2;
        } else if (s[i + 1] === "<" && (s[i + 2] === "=" || s[i + 2] === "!")) {
          look = true;
          i += 3;
        } else if (s[i + 1] === "<") {
          const close = s.indexOf(">", i);
          if (close < 0) throw new Unsure();
          i = close + 1;
        } else throw new Unsure(); // modifiers `(?i:` and the like
      }
      // A look-around's matches do not matter: passed over.
      const inner = look ? undefined : alternatives();
      if (look) for (i = endOfSequence(s, i); s[i] === "|"; ) i = endOfSequence(s, i + 1);
      if (s[i] !== ")") throw new Unsure();
      i++;
      return inner ?? NOTHING();
    }
    if (c === "[") {
      const units = klass();
      return unitsAtom(units === "any" ? new Set([ANY]) : units);
    }
    if (c === ".") {
      i++;
      return unitsAtom(new Set([ANY]));
    }
    if (c === "^" || c === "$") {
      i++;
      return NOTHING();
    }
    if (c === "\\") {
      const e = escapeAt(s, i + 1, false);
      i = e.end;
      return e.units === "empty" ? NOTHING() : unitsAtom(e.units === "any" ? new Set([ANY]) : e.units);
    }
    if (c === "*" || c === "+" || c === "?" || c === "{" || c === ")" || c === "]" || c === "}") throw new Unsure();
    const u = codeUnitOf(i);
    i++;
    return unitsAtom(new Set([u]));
  };
  const quantified = (): Prefixes => {
    const a = atom();
    let min = 1;
    let max = 1;
    const c = s[i];
    if (c === "?" || c === "*" || c === "+") {
      i++;
      min = c === "+" ? 1 : 0;
      max = c === "?" ? 1 : Number.POSITIVE_INFINITY;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i, i + 24));
      if (!m) throw new Unsure();
      i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    } else return a;
    if (s[i] === "?") i++; // lazy: the same matches
    return repeated(a, min, max);
  };
  const sequence = (): Prefixes => {
    let out = NOTHING();
    while (i < s.length && s[i] !== "|" && s[i] !== ")") {
      out = concat(out, quantified());
      // What follows a piece that always matches two code units or more leaves its first two as
      // they are: passed over.
      if (!out.empty && out.singles.size === 0) {
        i = endOfSequence(s, i);
        break;
      }
    }
    return out;
  };
  const alternatives = (): Prefixes => {
    const first = sequence();
    if (s[i] !== "|") return first;
    const out = owned(first);
    while (s[i] === "|") {
      i++;
      mergeInto(out, sequence());
    }
    return out;
  };
  const out = alternatives();
  if (i !== s.length) throw new Unsure();
  return out;
}

export function startFilter(source: string, flags: string): StartFilter | undefined {
  if (!flags.includes("u") || /[^guyd]/.test(flags)) return undefined;
  let prefixes: Prefixes;
  try {
    prefixes = readPattern(source);
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
  const { singles, pairs } = prefixes;
  if (prefixes.empty || singles.has(ANY) || pairs.has(ANY)) return undefined;
  // Each first code unit's seconds, or true for any second.
  const seconds = new Map<number, Units | true>();
  for (const [f, s] of pairs) seconds.set(f, s.has(ANY) ? true : s);
  return {
    mayStart(text: string, p: number): boolean {
      const c = text.charCodeAt(p);
      if (singles.has(c)) return true;
      const s = seconds.get(c);
      if (s === undefined || p + 1 >= text.length) return false;
      return s === true || s.has(text.charCodeAt(p + 1));
    },
  };
}
