import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultDataDir } from "../data";
import { stateKey } from "./states";

/** A form of an entry in another language: `OTAN`, `Организация Североатлантического договора`. */
export interface GlossaryForm {
  acronym?: string;
  expansion?: string;
  source?: string;
}

export interface GlossaryEntry {
  acronym: string;
  expansion: string;
  category?: string;
  source?: string;
  /** Other spellings of the acronym (`G-77` for `G77`). */
  variants?: string[];
  fr?: GlossaryForm;
  es?: GlossaryForm;
  ru?: GlossaryForm;
  /** A note for the team glossary: who added it, when, why. */
  note?: string;
}

export type GlossaryOrigin = "team" | "builtin";

export interface GlossaryHit {
  entry: GlossaryEntry;
  origin: GlossaryOrigin;
  /** The expansion in the document's language where the entry has one. */
  expansion: string;
  /** Where the team glossary lives (a URI or path), for hovers. */
  file?: string;
}

export interface BuiltinGlossary {
  categories: Record<string, string>;
  entries: GlossaryEntry[];
}

const LANGS = ["fr", "es", "ru"] as const;

/**
 * The glossaries an analysis consults: the team's own (from the workspace, reloaded when it
 * changes) before the built-in UN glossary. Lookups are by the acronym as written, its variants,
 * and its forms in the document's language.
 */
export class Glossary {
  private readonly builtinIndex = new Map<string, GlossaryEntry[]>();
  private teamIndex = new Map<string, GlossaryEntry[]>();
  private teamEntries: GlossaryEntry[] = [];
  private teamFile: string | undefined;
  /** Bumped whenever the team glossary changes, so that caches keyed on it expire. */
  generation = 0;

  constructor(readonly builtin: BuiltinGlossary = { categories: {}, entries: [] }) {
    index(this.builtinIndex, builtin.entries);
  }

  setTeam(entries: GlossaryEntry[], file: string | undefined): void {
    this.teamEntries = entries;
    this.teamFile = file;
    this.teamIndex = new Map();
    index(this.teamIndex, entries);
    this.generation++;
  }

  get team(): { entries: readonly GlossaryEntry[]; file: string | undefined } {
    return { entries: this.teamEntries, file: this.teamFile };
  }

  categoryName(category: string | undefined): string | undefined {
    return category ? (this.builtin.categories[category] ?? category) : undefined;
  }

  /** The nearest glossary's entry for an acronym: the team's first, then the built-in one. */
  lookup(acronym: string, language = "en"): GlossaryHit | undefined {
    for (const [origin, idx] of [
      ["team", this.teamIndex],
      ["builtin", this.builtinIndex],
    ] as const) {
      const entries = idx.get(acronym);
      if (!entries?.length) continue;
      // Prefer an entry whose form in the document's language is this acronym.
      const entry =
        entries.find((e) => language !== "en" && formOf(e, language)?.acronym === acronym) ??
        entries.find((e) => e.acronym === acronym || e.variants?.includes(acronym)) ??
        entries[0];
      return {
        entry,
        origin,
        expansion: formOf(entry, language)?.expansion ?? entry.expansion,
        ...(origin === "team" && this.teamFile ? { file: this.teamFile } : {}),
      };
    }
    return undefined;
  }

  /**
   * Whether a name is one of the glossaries' acronyms or long forms, in any language (`European
   * Union`, `ICRC`): the header check takes it for an organisation that may speak.
   */
  knowsName(name: string): boolean {
    if (this.lookup(name)) return true;
    if (this.namesGeneration !== this.generation) {
      this.names = new Set();
      const add = (s: string | undefined) => s && this.names.add(stateKey(s));
      for (const e of [...this.builtin.entries, ...this.teamEntries]) {
        add(e.expansion);
        for (const l of LANGS) add(e[l]?.expansion);
      }
      this.namesGeneration = this.generation;
    }
    return this.names.has(stateKey(name));
  }

  private names = new Set<string>();
  private namesGeneration = -1;

  /** Every acronym spelled with lowercase letters after a joiner (`UN-Women`): the tokenizer needs them. */
  compounds(): Set<string> {
    const out = new Set<string>();
    for (const idx of [this.builtinIndex, this.teamIndex])
      for (const key of idx.keys()) if (/[-+&]\p{Lu}\p{Ll}/u.test(key)) out.add(key);
    return out;
  }

  /** The built-in glossary's long forms per acronym form (every language's), for the parser. */
  knownExpansions(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const add = (acronym: string | undefined, expansion: string | undefined) => {
      if (!acronym || !expansion) return;
      const list = out.get(acronym) ?? [];
      if (!list.includes(expansion)) list.push(expansion);
      out.set(acronym, list);
    };
    for (const e of this.builtin.entries) {
      for (const a of [e.acronym, ...(e.variants ?? [])]) add(a, e.expansion);
      for (const l of LANGS) {
        const form = e[l];
        if (!form) continue;
        add(form.acronym ?? e.acronym, form.expansion);
        add(e.acronym, form.expansion);
      }
    }
    return out;
  }

  /** Entries for completion: the team's, then the built-in ones not shadowed by them. */
  *entries(): Generator<{ entry: GlossaryEntry; origin: GlossaryOrigin }> {
    const seen = new Set<string>();
    for (const entry of this.teamEntries) {
      seen.add(entry.acronym);
      yield { entry, origin: "team" };
    }
    for (const entry of this.builtin.entries) if (!seen.has(entry.acronym)) yield { entry, origin: "builtin" };
  }
}

function formOf(entry: GlossaryEntry, language: string): GlossaryForm | undefined {
  return (LANGS as readonly string[]).includes(language) ? entry[language as (typeof LANGS)[number]] : undefined;
}

function index(map: Map<string, GlossaryEntry[]>, entries: GlossaryEntry[]): void {
  const add = (key: string | undefined, e: GlossaryEntry) => {
    if (!key) return;
    const list = map.get(key);
    if (list) {
      if (!list.includes(e)) list.push(e);
    } else map.set(key, [e]);
  };
  for (const e of entries) {
    add(e.acronym, e);
    for (const v of e.variants ?? []) add(v, e);
    for (const l of LANGS) add(e[l]?.acronym, e);
  }
}

let builtinCache: { dir: string; glossary: BuiltinGlossary } | undefined;

/** The built-in UN glossary (server/data/glossary/un.json), read once; empty when absent. */
export function loadBuiltinGlossary(dir: string = defaultDataDir()): BuiltinGlossary {
  if (builtinCache?.dir === dir) return builtinCache.glossary;
  const file = join(dir, "glossary", "un.json");
  let glossary: BuiltinGlossary = { categories: {}, entries: [] };
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, "utf8")) as Partial<BuiltinGlossary>;
    glossary = { categories: raw.categories ?? {}, entries: Array.isArray(raw.entries) ? raw.entries : [] };
  }
  builtinCache = { dir, glossary };
  return glossary;
}

/**
 * Reads a team glossary file's text. Two shapes are accepted: `{ "entries": [ { "acronym": …,
 * "expansion": …, "category"?: …, "note"?: … } ] }` (what Verbatim writes) and the shorthand
 * `{ "CTED": "Counter-Terrorism Committee Executive Directorate", … }`. What is malformed is
 * reported and skipped; nothing throws.
 */
export function parseTeamGlossary(text: string): { entries: GlossaryEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: GlossaryEntry[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { entries, problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { entries, problems: ["expected an object with an `entries` list"] };
  }
  const obj = raw as Record<string, unknown>;
  const list: unknown[] = Array.isArray(obj.entries)
    ? obj.entries
    : Object.entries(obj).map(([acronym, value]) =>
        typeof value === "string" ? { acronym, expansion: value } : { acronym, ...(value as object) },
      );
  list.forEach((item, k) => {
    const e = item as Partial<GlossaryEntry> | null;
    if (!e || typeof e.acronym !== "string" || !e.acronym.trim()) {
      problems.push(`entry ${k + 1}: no acronym`);
      return;
    }
    if (typeof e.expansion !== "string") {
      problems.push(`${e.acronym}: no expansion`);
      return;
    }
    entries.push({
      acronym: e.acronym.trim(),
      expansion: e.expansion.replace(/\s+/g, " ").trim(),
      ...(typeof e.category === "string" ? { category: e.category } : {}),
      ...(typeof e.note === "string" ? { note: e.note } : {}),
      ...(Array.isArray(e.variants) ? { variants: e.variants.filter((v) => typeof v === "string") } : {}),
    });
  });
  return { entries, problems };
}

/** The team glossary's text with one entry added (or replaced), in the `entries` shape, sorted. */
export function addToTeamGlossary(text: string | undefined, entry: GlossaryEntry): string {
  const { entries } = text?.trim() ? parseTeamGlossary(text) : { entries: [] as GlossaryEntry[] };
  const others = entries.filter((e) => e.acronym !== entry.acronym);
  others.push(entry);
  others.sort((a, b) => a.acronym.localeCompare(b.acronym));
  return `${JSON.stringify({ entries: others }, null, 2)}\n`;
}
