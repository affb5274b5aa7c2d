import { join } from "node:path";
import { defaultDataDir, readDataText } from "../data";
import { lazyPattern } from "../text/regexp";
import { ownCopy } from "../text/strings";

/**
 * The UN Member States and observer States (server/data/states/states.tsv: UNTERM short names in
 * English, French, Spanish and Russian, and the other names records give them; source and
 * licence in the README there), for the `unknown-state` check.
 */
export interface State {
  iso3: string;
  status: "member" | "observer" | "former";
  en: string;
  fr: string;
  es: string;
  ru: string;
  aliases: string[];
}

const PRINTABLE_ASCII = lazyPattern(() => /^[\x20-\x7e]*$/);

/**
 * A name made comparable: no diacritics, one kind of apostrophe, lower case, single spaces, no
 * hyphen break (`Herze- govina`), no leading article (`the`, `l'`, `la`…).
 */
export function stateKey(name: string): string {
  // A name of printable ASCII (most of the thousands the index is built from, at the first
  // look-up) has no diacritic to take off: the Unicode passes are skipped, the result the same.
  return (PRINTABLE_ASCII().test(name) ? name : name.normalize("NFD").replace(/\p{M}/gu, ""))
    .replace(/[’‘`]/g, "'")
    .replace(/([\p{L}])[-‐]\s+(?=\p{Ll})/gu, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()
    .replace(/^(?:the|l'|le|la|les|el|los|las) ?/u, "");
}

/** `Bolivia (Plurinational State of)` is also written `Plurinational State of Bolivia`. */
function forms(name: string): string[] {
  const m = /^(.+?) \((.+)\)$/u.exec(name);
  return m ? [name, `${m[2]} ${m[1]}`, m[1]] : [name];
}

/** A key with nothing but letters and digits: a name printed letter-spaced (`M a u r i t a n i a`) or without its hyphen (`Guinea Bissau`) finds its State. */
const looseStateKey = (name: string) => stateKey(name).replace(/[^\p{L}\p{N}]+/gu, "");

export class StateList {
  /**
   * Each name's keys, made on the first look-up (a thousand names, several milliseconds): a
   * record with no vote list and no delegation to check never needs them.
   */
  private keys: { byKey: Map<string, State>; byLooseKey: Map<string, State> } | undefined;
  private nameKeys: { s: State; n: string; k: string }[] | undefined;

  constructor(readonly states: readonly State[]) {}

  private index(): { byKey: Map<string, State>; byLooseKey: Map<string, State> } {
    if (this.keys) return this.keys;
    const byKey = new Map<string, State>();
    const byLooseKey = new Map<string, State>();
    for (const s of this.states)
      for (const name of [s.en, s.fr, s.es, s.ru, ...s.aliases])
        for (const f of forms(name)) {
          const key = stateKey(f);
          // The bare name of a parenthesised form (`Bolivia`) never displaces a full name.
          if (key && !byKey.has(key)) byKey.set(key, s);
          const loose = looseStateKey(f);
          if (loose && !byLooseKey.has(loose)) byLooseKey.set(loose, s);
        }
    this.keys = { byKey, byLooseKey };
    return this.keys;
  }

  /** What `find` answered, by name: unknown-state asks every header's delegation again at each edit. */
  private readonly found = new Map<string, State | null>();

  find(name: string): State | undefined {
    const known = this.found.get(name);
    if (known !== undefined) return known ?? undefined;
    const state = this.index().byKey.get(stateKey(name));
    // A copy of the name, as `resolver`'s: the one asked may be a slice of a whole record's text.
    if (this.found.size < 10_000) this.found.set(ownCopy(name), state ?? null);
    return state;
  }

  /** `find`, then the same name with its spaces and punctuation left out. */
  findLoose(name: string): State | undefined {
    return this.find(name) ?? this.index().byLooseKey.get(looseStateKey(name));
  }

  /** What a vote list's name names, for the parser (`ParseOptions.state`). */
  resolver(): (printed: string) => { iso3: string; name: string; status: State["status"] } | undefined {
    const memo = new Map<string, { iso3: string; name: string; status: State["status"] } | null>();
    return (printed) => {
      let ref = memo.get(printed);
      if (ref === undefined) {
        const s = printed.length <= 120 ? this.findLoose(printed) : undefined;
        ref = s ? { iso3: s.iso3, name: s.en, status: s.status } : null;
        // A copy of the name: the printed one may be a view into a whole record's text, which a
        // key of this process-long table would keep.
        if (memo.size < 10_000) memo.set(ownCopy(printed), ref);
      }
      return ref ?? undefined;
    };
  }

  /** Names within one or two edits of `name`, for a suggestion: the closest first. */
  near(name: string): { state: State; name: string; distance: number }[] {
    const key = stateKey(name);
    const out: { state: State; name: string; distance: number }[] = [];
    const max = key.length < 6 ? 1 : 2;
    // Each State's names' keys, made once.
    this.nameKeys ??= this.states.flatMap((s) => [s.en, s.fr, s.es, s.ru].map((n) => ({ s, n, k: stateKey(n) })));
    for (const { s, n, k } of this.nameKeys) {
      if (Math.abs(k.length - key.length) > max) continue;
      const d = distance(key, k, max);
      if (d <= max && !out.some((o) => o.name === n)) out.push({ state: s, name: n, distance: d });
    }
    return out.sort((a, b) => a.distance - b.distance);
  }
}

/** Levenshtein distance, stopping early once it passes `max`. */
function distance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

export function parseStates(tsv: string): State[] {
  const rows = tsv.split(/\r?\n/).filter((l) => l.trim());
  const header = rows[0].split("\t");
  const col = (name: string) => header.indexOf(name);
  return rows.slice(1).map((line) => {
    const f = line.split("\t");
    return {
      iso3: f[col("iso3")],
      status: f[col("status")] === "observer" ? "observer" : f[col("status")] === "former" ? "former" : "member",
      en: f[col("en")],
      fr: f[col("fr")],
      es: f[col("es")],
      ru: f[col("ru")],
      aliases: (f[col("aliases")] ?? "")
        .split("|")
        .map((a) => a.trim())
        .filter(Boolean),
    };
  });
}

let loaded: StateList | undefined;

/** The list shipped in server/data/states, read once (an empty list where the file is missing). */
export function builtinStates(dir: string = defaultDataDir()): StateList {
  if (!loaded) {
    const file = join(dir, "states", "states.tsv");
    const text = readDataText(file);
    loaded = new StateList(text !== undefined ? parseStates(text) : []);
  }
  return loaded;
}
