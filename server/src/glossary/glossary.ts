import { join } from "node:path";
import type { FormattingOptions, Node as JsonNode, ParseError } from "jsonc-parser";
import { defaultDataDir, readDataText } from "../data";
import { LineIndex } from "../text/lineIndex";
import { lazyPattern } from "../text/regexp";
import { stateKey } from "./states";

// jsonc-parser builds its formatter's tables (1,200 strings of line breaks and indents) when it is
// loaded, 1.5 ms of every process that loaded it at start: it is loaded when a team glossary is
// first read or edited, which a `verbatim check` without one never does.
const jsonc = (): typeof import("jsonc-parser") => require("jsonc-parser");

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
  private builtinGlossary: BuiltinGlossary | undefined;
  private builtinMap: Map<string, GlossaryEntry[]> | undefined;
  private teamIndex = new Map<string, GlossaryEntry[]>();
  private teamEntries: GlossaryEntry[] = [];
  private teamFile: string | undefined;
  /** Bumped whenever the team glossary changes, so that caches keyed on it expire. */
  generation = 0;

  /**
   * `builtin` may be given as a function, called when an entry is first looked up: a command
   * that meets no acronym (`verbatim check` of a line of prose) never reads the built-in file.
   */
  constructor(private readonly builtinSource: BuiltinGlossary | (() => BuiltinGlossary) = EMPTY_GLOSSARY) {}

  /** The built-in glossary (read now if it was given as a function). */
  get builtin(): BuiltinGlossary {
    if (this.builtinGlossary === undefined)
      this.builtinGlossary = typeof this.builtinSource === "function" ? this.builtinSource() : this.builtinSource;
    return this.builtinGlossary;
  }

  private get builtinIndex(): Map<string, GlossaryEntry[]> {
    if (this.builtinMap === undefined) {
      this.builtinMap = new Map();
      index(this.builtinMap, this.builtin.entries);
    }
    return this.builtinMap;
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

  /** A category's name: the built-in glossary's for its own keys, else the category as written (`constructor` too). */
  categoryName(category: string | undefined): string | undefined {
    if (!category) return undefined;
    const name = Object.hasOwn(this.builtin.categories, category) ? this.builtin.categories[category] : undefined;
    return typeof name === "string" ? name : category;
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
    for (const idx of [this.builtinIndex, this.teamIndex]) addCompounds(idx, out);
    return out;
  }

  /**
   * The built-in glossary's compounds, read when the tokenizer first asks about a word that holds
   * a joiner: it asks about every word, and a word without one is none of them (a line of prose
   * reads no glossary). As `compounds()` of a glossary with no team entries.
   */
  lazyBuiltinCompounds(): ReadonlySet<string> {
    return new JoinedSet(() => addCompounds(this.builtinIndex, new Set()));
  }

  /** `knownExpansions()` made when first read (when the parser first meets an acronym). */
  lazyKnownExpansions(): ReadonlyMap<string, string[]> {
    return new LazyMap(() => this.knownExpansions());
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

const EMPTY_GLOSSARY: BuiltinGlossary = { categories: {}, entries: [] };

/** What makes an acronym a compound (`UN-Women`, `P5+1`'s kin): a joiner, then a capital and a small letter. */
const COMPOUND = lazyPattern(() => /[-+&]\p{Lu}\p{Ll}/u);
/** Adds the index's keys that are compounds to `out`, and returns it. */
function addCompounds(idx: Map<string, GlossaryEntry[]>, out: Set<string>): Set<string> {
  for (const key of idx.keys()) if (COMPOUND().test(key)) out.add(key);
  return out;
}

/** A joiner, which every compound holds. */
const JOINER = lazyPattern(() => /[-+&]/);

/** A set made when first needed; `has` answers a word without a joiner at once (no compound lacks one). */
class JoinedSet implements ReadonlySet<string> {
  private made: Set<string> | undefined;
  constructor(private readonly make: () => Set<string>) {}
  private get set(): Set<string> {
    if (this.made === undefined) this.made = this.make();
    return this.made;
  }
  has(value: string): boolean {
    return JOINER().test(value) && this.set.has(value);
  }
  get size(): number {
    return this.set.size;
  }
  forEach(f: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const v of this.set) f.call(thisArg, v, v, this);
  }
  entries(): SetIterator<[string, string]> {
    return this.set.entries();
  }
  keys(): SetIterator<string> {
    return this.set.keys();
  }
  values(): SetIterator<string> {
    return this.set.values();
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.set[Symbol.iterator]();
  }
}

/** A map made when first read. */
class LazyMap<V> implements ReadonlyMap<string, V> {
  private made: Map<string, V> | undefined;
  constructor(private readonly make: () => Map<string, V>) {}
  private get map(): Map<string, V> {
    if (this.made === undefined) this.made = this.make();
    return this.made;
  }
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  get size(): number {
    return this.map.size;
  }
  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.map) f.call(thisArg, v, k, this);
  }
  entries(): MapIterator<[string, V]> {
    return this.map.entries();
  }
  keys(): MapIterator<string> {
    return this.map.keys();
  }
  values(): MapIterator<V> {
    return this.map.values();
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.map[Symbol.iterator]();
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
  const text = readDataText(file);
  if (text !== undefined) {
    const raw = JSON.parse(text) as Partial<BuiltinGlossary>;
    glossary = { categories: raw.categories ?? {}, entries: Array.isArray(raw.entries) ? raw.entries : [] };
  }
  builtinCache = { dir, glossary };
  return glossary;
}

/**
 * Reads a team glossary file's text. Two shapes are accepted: `{ "entries": [ { "acronym": …,
 * "expansion": …, "category"?: …, "note"?: … } ] }` (what Verbatim writes) and the shorthand
 * `{ "CTED": "Counter-Terrorism Committee Executive Directorate", … }`; comments are allowed, as in
 * VS Code's settings. What is malformed is reported and skipped; nothing throws. Problems name a
 * syntax error's line, column and kind, or an entry's number, never the file's text (the file
 * may not be a glossary at all).
 */
export function parseTeamGlossary(text: string): { entries: GlossaryEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: GlossaryEntry[] = [];
  const body = text.replace(/^\uFEFF/, "");
  const syntax = jsonSyntaxProblem(body);
  if (syntax) return { entries, problems: [syntax] };
  let raw: unknown;
  try {
    // JSON.parse keeps `__proto__` an ordinary key; the comments are blanked first.
    raw = JSON.parse(jsonc().stripComments(body));
  } catch {
    return { entries, problems: ["not valid JSON"] };
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
      problems.push(`entry ${k + 1}: no expansion`);
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

/** The first syntax error of a JSON-with-comments text, as line, column and kind; undefined when none. */
function jsonSyntaxProblem(text: string): string | undefined {
  const errors: ParseError[] = [];
  jsonc().parseTree(text, errors, { disallowComments: false, allowTrailingComma: false });
  if (!errors.length) return undefined;
  const at = new LineIndex(text).positionAt(errors[0].offset);
  const kind = jsonc()
    .printParseErrorCode(errors[0].error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return `not valid JSON at line ${at.line + 1}, column ${at.character + 1}: ${kind}`;
}

/** An edit of a file's text: `length` characters at `offset` become `content`. */
export interface GlossaryEdit {
  offset: number;
  length: number;
  content: string;
}

/**
 * The edit that adds one entry to a team glossary's text (or replaces the entry of the same
 * acronym), changing nothing else: comments, order and the other entries' formatting are kept.
 * The `entries` shape gets the entry in the list, before the first entry that sorts after it; the
 * shorthand gets a key at the end. The new entry is written as its neighbour is: on one line if
 * the neighbour is, else indented as the file indents. jsonc-parser finds the places and fills an
 * empty container; a text that is not a glossary is refused with the reason.
 */
export function addToTeamGlossary(
  text: string | undefined,
  entry: GlossaryEntry,
): { edits: GlossaryEdit[]; text: string } | { error: string } {
  if (!text?.trim()) {
    const fresh = `${JSON.stringify({ entries: [entry] }, null, 2)}\n`;
    return { edits: [{ offset: 0, length: text?.length ?? 0, content: fresh }], text: fresh };
  }
  const bom = text.startsWith("\uFEFF") ? 1 : 0;
  const body = text.slice(bom);
  const syntax = jsonSyntaxProblem(body);
  if (syntax) return { error: syntax };
  const root = jsonc().parseTree(body, [], { disallowComments: false });
  if (root?.type !== "object") return { error: "expected an object with an `entries` list" };
  const list = jsonc().findNodeAtLocation(root, ["entries"]);
  if (list && list.type !== "array") return { error: "`entries` is not a list" };
  const style = styleOf(body);
  let edits: GlossaryEdit[];
  if (list || !root.children?.length) {
    const items = list?.children ?? [];
    const acronymOf = (item: JsonNode) => {
      const value = jsonc().findNodeAtLocation(item, ["acronym"])?.value;
      return typeof value === "string" ? value.trim() : undefined;
    };
    const same = items.findIndex((item) => acronymOf(item) === entry.acronym);
    const next = items.findIndex((item) => (acronymOf(item) ?? "").localeCompare(entry.acronym) > 0);
    edits =
      !list || !items.length
        ? jsonc().modify(body, ["entries"], [entry], { formattingOptions: style.formatting })
        : [same >= 0 ? replace(body, items[same], entry, style) : insert(body, items, next, (v) => v(entry), style)];
  } else {
    const { acronym, expansion, ...rest } = entry;
    const value = Object.keys(rest).length ? { expansion, ...rest } : expansion;
    const props = root.children;
    const same = props.find((p) => p.children?.[0]?.value === acronym)?.children?.[1];
    edits = [
      same
        ? replace(body, same, value, style)
        : insert(body, props, -1, (v) => `${JSON.stringify(acronym)}: ${v(value)}`, style),
    ];
  }
  const shifted = edits.map((e) => ({ offset: e.offset + bom, length: e.length, content: e.content }));
  return { edits: shifted, text: text.slice(0, bom) + jsonc().applyEdits(body, edits) };
}

/** The file's line end and indentation unit. */
interface Style {
  formatting: FormattingOptions;
  eol: string;
  unit: string;
}

function styleOf(text: string): Style {
  const eol = /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]);
  if (indents.some((i) => i.startsWith("\t"))) {
    return { formatting: { insertSpaces: false, tabSize: 4, eol }, eol, unit: "\t" };
  }
  const found = Math.min(...indents.map((i) => i.length));
  const width = Number.isFinite(found) ? found : 2;
  return { formatting: { insertSpaces: true, tabSize: width, eol }, eol, unit: " ".repeat(width) };
}

/** Renders a value as the neighbour at `at` is written: on one line, or indented from its line. */
type Render = (value: unknown) => string;

function renderer(body: string, at: JsonNode, style: Style): Render {
  const indent = lineIndent(body, at.offset);
  const oneLine = !/[\r\n]/.test(body.slice(at.offset, at.offset + at.length));
  return (value) =>
    oneLine || typeof value !== "object"
      ? oneLineJson(value)
      : JSON.stringify(value, null, style.unit)
          .split("\n")
          .join(style.eol + indent);
}

/**
 * An edit that puts an item before `children[index]`, or after the last one when `index` is -1:
 * on a line of its own, indented as its neighbour, when the neighbour has a line to itself; else
 * beside it on its line.
 */
function insert(
  body: string,
  children: JsonNode[],
  index: number,
  item: (render: Render) => string,
  style: Style,
): GlossaryEdit {
  const k = index >= 0 ? index : children.length - 1;
  const neighbour = children[k];
  const text = item(renderer(body, neighbour, style));
  const parent = neighbour.parent;
  const from = k > 0 ? children[k - 1].offset + children[k - 1].length : (parent?.offset ?? 0);
  const to = k + 1 < children.length ? children[k + 1].offset : parent ? parent.offset + parent.length : body.length;
  const breaks = (a: number, b: number) => /[\r\n]/.test(body.slice(a, b));
  const alone = breaks(from, neighbour.offset) && breaks(neighbour.offset + neighbour.length, to);
  const gap = alone ? `${style.eol}${lineIndent(body, neighbour.offset)}` : " ";
  return index >= 0
    ? { offset: neighbour.offset, length: 0, content: `${text},${gap}` }
    : { offset: neighbour.offset + neighbour.length, length: 0, content: `,${gap}${text}` };
}

/** An edit that writes a value in place of a node, as the node was written. */
function replace(body: string, node: JsonNode, value: unknown, style: Style): GlossaryEdit {
  return { offset: node.offset, length: node.length, content: renderer(body, node, style)(value) };
}

/** The white space that opens the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== "\n" && text[start - 1] !== "\r") start--;
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? "";
}

/** `{ "acronym": "CTED", "expansion": "…" }`: JSON on one line, spaced as people write it. */
function oneLineJson(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${oneLineJson(v)}`);
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}
