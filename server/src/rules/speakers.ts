import { type Analysis, perLine, variantOf } from "../analysis/analysis";
import { builtinStates, type StateList } from "../glossary/states";
import type { LanguageProfile } from "../model/profile";
import { looseKey, partSpan, squash } from "../model/speakerKeys";
import type { HeaderPartKind, TranscriptModel } from "../model/types";
import { ownCopy } from "../text/strings";
import type { Finding, Rule } from "./rule";

/**
 * `speaker-inconsistent`: one speaker or delegation spelled two ways in one record (`Mrs. Sánchez
 * Rodríguez` and `Mrs. Sanchez Rodriguez`). The fix writes the record's majority spelling.
 */
export const speakerInconsistent: Rule = {
  code: "speaker-inconsistent",
  description:
    "The same speaker or delegation spelled differently in one record; the fix writes the majority spelling.",
  defaultSeverity: "warning",
  category: "check",
  check(analysis) {
    const { model } = analysis;
    const out: Finding[] = [];
    const written = headerSpellings(analysis);
    for (const kind of ["name", "entity"] as const) {
      // Every header's spelling of this part, grouped by its loose key.
      const groups = new Map<string, { text: string; start: number; end: number }[]>();
      for (const h of written) {
        const part = h[kind];
        if (!part) continue;
        const { text, start, end, key } = part;
        const group = groups.get(key);
        if (group) group.push({ text, start, end });
        else groups.set(key, [{ text, start, end }]);
      }
      for (const uses of groups.values()) {
        const counts = new Map<string, number>();
        for (const u of uses) counts.set(u.text, (counts.get(u.text) ?? 0) + 1);
        if (counts.size < 2) continue;
        // The majority; on a tie, the spelling with more diacritics (the careful one), then the first.
        const majority = [...counts].sort(
          (a, b) => b[1] - a[1] || b[0].normalize("NFD").length - a[0].normalize("NFD").length,
        )[0][0];
        for (const u of uses) {
          if (u.text === majority) continue;
          out.push({
            range: model.lines.range(u.start, u.end),
            message: `“${u.text}” is written “${majority}” elsewhere in this record (${counts.get(majority)} of ${uses.length} headers).`,
            fix: {
              title: `Write “${majority}”`,
              edits: [{ range: model.lines.range(u.start, u.end), newText: majority }],
              safe: false,
            },
          });
        }
      }
    }
    out.push(...nearMisses(model, written));
    return out.sort((a, b) => a.range.start.line - b.range.start.line);
  },
};

/** A header part as written: its span, its text on one line (`squash`) and its loose key. */
interface Written {
  start: number;
  end: number;
  text: string;
  key: string;
}

/** A speech header's name and delegation as written (`headerSpellings`). */
interface HeaderWritten {
  name?: Written;
  entity?: Written;
}

/** A header part's text as written, on one line (`squash`), and its loose key. */
interface PartRead {
  /** The part as written (a copy: the table outlives the version's text). */
  raw: string;
  text: string;
  key: string;
}

/**
 * The header parts of a version as written, read (`PartRead`) and carried to the next version: a
 * part written as before is not read again. The headers' spellings of this version with them.
 */
const HEADER_PARTS = perLine<{ parts: Map<string, PartRead>; written: HeaderWritten[] }>("header-parts");

/**
 * Each speech's header's name and delegation as written, read once for both of
 * `speaker-inconsistent`'s passes (the spellings, the near misses). In an editor each part's text
 * and loose key come from the previous version's where it is written the same (`Analysis.follow`).
 */
function headerSpellings(analysis: Analysis): HeaderWritten[] {
  const { model } = analysis;
  return analysis.follow(HEADER_PARTS, (before) => {
    const known = before?.value.parts;
    const parts = new Map<string, PartRead>();
    const part = (s: TranscriptModel["speeches"][number], kind: HeaderPartKind): Written | undefined => {
      const span = partSpan(model.text, s.header, kind);
      if (!span) return undefined;
      const written = model.text.slice(span.start, span.end);
      let read = parts.get(written) ?? known?.get(written);
      if (!read) {
        const raw = ownCopy(written);
        const text = squash(raw);
        read = { raw, text, key: looseKey(text) };
      }
      parts.set(read.raw, read);
      return { start: span.start, end: span.end, text: read.text, key: read.key };
    };
    const written = model.speeches.map((s) => ({ name: part(s, "name"), entity: part(s, "entity") }));
    return { parts, written };
  }).written;
}

/** Edits (insert, delete, substitute) from `a` to `b`, or `limit + 1` once it is certain to be more. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      least = Math.min(least, row[j]);
    }
    if (least > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
}

/**
 * How far two spellings of one name may be apart: one letter from seven letters (`Nebenzia` /
 * `Nebenzja`), two from twelve; shorter names (`Smith` / `Smyth`, `Kim`, `Raz`) are never merged.
 */
export const nearLimit = (length: number) => (length >= 12 ? 2 : length >= 7 ? 1 : 0);

/**
 * Names one or two letters apart for one delegation (`Mr. Nebenzia (Russian Federation)` and
 * `Mr. Nebenzja (Russian Federation)`): a misspelling of one person's name. The record's majority
 * spelling is the fix; in a Security Council record the cover's list of members' representatives
 * counts too, and wins a tie. A spelling is flagged only when another outnumbers it (one header
 * each is two people as likely as one misspelt). A header without a delegation matches a name of
 * one delegation only.
 */
function nearMisses(model: TranscriptModel, written: readonly HeaderWritten[]): Finding[] {
  interface Spelling {
    text: string;
    uses: { start: number; end: number }[];
    delegations: Set<string>;
    /** The cover's list writes it so. */
    cover: boolean;
  }
  const spellings = new Map<string, Spelling>();
  const spelling = (text: string, key = looseKey(text)) => {
    let sp = spellings.get(key);
    if (!sp) {
      sp = { text, uses: [], delegations: new Set(), cover: false };
      spellings.set(key, sp);
    }
    return sp;
  };
  for (const { name, entity } of written) {
    if (!name) continue;
    const sp = spelling(name.text, name.key);
    sp.uses.push({ start: name.start, end: name.end });
    sp.delegations.add(entity ? entity.key : "");
  }
  if (spellings.size < 2) return [];
  const titles = new RegExp(`^(?:${model.profile.data.titles.map(escapeRegExp).join("|")})[ \u00A0]+`, "u");
  for (const m of model.cover?.members ?? []) {
    const name = squash(m.representative).replace(titles, "");
    if (!name) continue;
    const sp = spelling(name);
    sp.cover = true;
    sp.delegations.add(looseKey(squash(m.country)));
  }
  const keys = [...spellings.keys()];
  const only = (d: Set<string>) => {
    const named = [...d].filter((x) => x);
    return named.length === 1 ? named[0] : undefined;
  };
  const sameDelegation = (a: Set<string>, b: Set<string>) => {
    for (const x of a) if (x && b.has(x)) return true;
    // A header without its delegation: the other spelling belongs to one delegation only.
    return (
      (a.has("") && only(a) === undefined && only(b) !== undefined) ||
      (b.has("") && only(b) === undefined && only(a) !== undefined)
    );
  };
  // Union-find over the spellings that are near misses of each other.
  const parent = keys.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i];
    return i;
  };
  // The pairs whose lengths differ by the limit of the shorter at most, found by length: a
  // record of thousands of speakers has millions of pairs, few of them that close (and no pair
  // with a name under seven letters). The union of each pair is the same whichever way round it
  // is asked.
  const byLength = keys.map((_, i) => i).sort((a, b) => keys[a].length - keys[b].length || a - b);
  for (let x = 0; x < byLength.length; x++) {
    const shorter = keys[byLength[x]].length;
    const limit = nearLimit(shorter);
    if (!limit) continue;
    for (let y = x + 1; y < byLength.length && keys[byLength[y]].length - shorter <= limit; y++) {
      const i = Math.min(byLength[x], byLength[y]);
      const j = Math.max(byLength[x], byLength[y]);
      const a = spellings.get(keys[i]) as Spelling;
      const b = spellings.get(keys[j]) as Spelling;
      if (a.cover && b.cover && !a.uses.length && !b.uses.length) continue;
      if (!sameDelegation(a.delegations, b.delegations)) continue;
      if (editDistance(keys[i], keys[j], limit) <= limit) parent[root(i)] = root(j);
    }
  }
  const clusters = new Map<number, Spelling[]>();
  for (let i = 0; i < keys.length; i++) {
    const r = root(i);
    clusters.set(r, [...(clusters.get(r) ?? []), spellings.get(keys[i]) as Spelling]);
  }
  const out: Finding[] = [];
  for (const cluster of clusters.values()) {
    if (cluster.length < 2) continue;
    const weight = (sp: Spelling) => sp.uses.length + (sp.cover ? 1 : 0);
    const best = [...cluster].sort((a, b) => weight(b) - weight(a) || Number(b.cover) - Number(a.cover))[0];
    // No majority, no misspelling to name.
    if (
      cluster.some(
        (sp) => sp !== best && weight(sp) >= weight(best) && !(best.cover && !sp.cover && weight(sp) === weight(best)),
      )
    )
      continue;
    const headers = cluster.reduce((n, sp) => n + sp.uses.length, 0);
    const why = [
      best.cover ? "the cover's list of members" : "",
      best.uses.length ? `${best.uses.length} of ${headers} headers` : "",
    ]
      .filter((x) => x)
      .join(" and ");
    for (const sp of cluster) {
      if (sp === best) continue;
      for (const u of sp.uses) {
        const written = squash(model.text.slice(u.start, u.end));
        out.push({
          range: model.lines.range(u.start, u.end),
          message: `“${written}” is one or two letters from “${best.text}”, the same delegation's speaker elsewhere in this record (${why}).`,
          fix: {
            title: `Write “${best.text}”`,
            edits: [{ range: model.lines.range(u.start, u.end), newText: best.text }],
            safe: false,
          },
        });
      }
    }
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `header-format`: a line that starts like a speaker header but is not one — no colon after the
 * delegation (`Mr. Smith (France) We thank…`), the colon on the next line, a parenthesis left open
 * (`Mr. Smith (France: We thank…`). Looked for at the start of a paragraph only.
 */
export const headerFormat: Rule = {
  code: "header-format",
  description: "A speaker header with no colon, its colon on the next line, or an unbalanced parenthesis.",
  defaultSeverity: "warning",
  category: "check",
  check(analysis) {
    const { model } = analysis;
    const out: Finding[] = [];
    const p = model.profile;
    const { lines } = model;
    // A header the parser joined over a line break that starts with its colon.
    for (const s of model.speeches) {
      const h = s.header;
      if (h.endLine === h.startLine) continue;
      const last = lines.line(h.endLine);
      const colon = /^[ \t\u00A0]*:/.exec(last);
      if (!colon) continue;
      const prevEnd = lines.ends[h.endLine - 1];
      let trimmed = prevEnd;
      while (trimmed > lines.starts[h.endLine - 1] && /[ \t]/.test(model.text[trimmed - 1])) trimmed--;
      out.push({
        range: lines.range(h.span.start, lines.starts[h.endLine] + colon[0].length),
        message: "This speaker header's colon is on the next line.",
        fix: {
          title: "Move the colon up",
          edits: [
            { range: lines.range(trimmed, prevEnd), newText: ":" },
            { range: lines.range(lines.starts[h.endLine], lines.starts[h.endLine] + colon[0].length), newText: "" },
          ],
          safe: false,
        },
      });
    }
    // A colon typed after the name, before the delegation (`Mr. X: (Peru) (spoke in Spanish):`).
    for (const s of model.speeches) {
      const parts = s.header.parts;
      const name = parts.findIndex((part) => part.kind === "name");
      const next = parts[name + 1];
      if (name < 0 || !next || (next.kind !== "entity" && next.kind !== "note")) continue;
      const between = model.text.slice(parts[name].span.end, next.span.start);
      const colon = between.indexOf(":");
      if (colon < 0) continue;
      const at = parts[name].span.end + colon;
      out.push({
        range: lines.range(at, at + 1),
        message: "This speaker header has a colon after the name as well as after the delegation.",
        fix: {
          title: "Remove the colon after the name",
          edits: [{ range: lines.range(at, at + 1), newText: "" }],
          safe: false,
        },
      });
    }
    // Each line's shape read once, and again only where an edit changed the line.
    const shapeOf = analysis.lines(variantOf(HEADER_SHAPE, model.language), (line) => headerShape(p, line));
    for (const para of model.paragraphs) {
      const i = para.startLine;
      if (model.lineKinds[i] !== "text") continue;
      const shape = shapeOf(i);
      if (!shape) continue;
      const { inside, closed, after } = shape;
      const at = lines.starts[i];
      const openAt = at + shape.open;
      if (!closed) {
        const colon = inside.indexOf(":");
        if (colon < 0) continue;
        const where = openAt + 1 + colon;
        out.push({
          range: lines.range(at, where + 1),
          message: "This speaker header leaves its parenthesis open before the colon.",
          fix: {
            title: "Close the parenthesis",
            edits: [{ range: lines.range(where, where), newText: ")" }],
            safe: false,
          },
        });
        continue;
      }
      const closeAt = openAt + 1 + inside.length;
      if (/^[ \u00A0]*(?:\([^()]*\))?[ \u00A0]*:/.test(after) || /^,/.test(after)) continue;
      const next = i + 1 < lines.lineCount ? lines.line(i + 1) : "";
      if (after.trim() === "" && /^[ \t]*:/.test(next)) {
        out.push({
          range: lines.range(at, lines.starts[i + 1] + next.indexOf(":") + 1),
          message: "This speaker header's colon is on the next line.",
          fix: {
            title: "Move the colon up",
            edits: [
              { range: lines.range(closeAt + 1, lines.ends[i]), newText: ":" },
              { range: lines.range(lines.starts[i + 1], lines.starts[i + 1] + next.indexOf(":") + 1), newText: "" },
            ],
            safe: false,
          },
        });
        continue;
      }
      if (/^[ \u00A0]+\p{Lu}/u.test(after)) {
        out.push({
          range: lines.range(at, closeAt + 1),
          message: "This looks like a speaker header without its colon.",
          fix: {
            title: "Add the colon",
            edits: [{ range: lines.range(closeAt + 1, closeAt + 1), newText: ":" }],
            safe: false,
          },
        });
      }
    }
    return out;
  },
};

/**
 * What `header-format` reads of a paragraph's first line: where it starts as a header does, then
 * a title and name and a parenthesis — the parenthesis's offset in the line, what it holds, whether
 * it closes, and what follows it; null for a line that does not start so (nearly all).
 */
const HEADER_SHAPE = perLine<HeaderShape | null>("header-format-shape");

interface HeaderShape {
  open: number;
  inside: string;
  closed: boolean;
  after: string;
}

function headerShape(p: LanguageProfile, line: string): HeaderShape | null {
  const start = p.headerStart.exec(line);
  if (!start) return null;
  const rest = line.slice(start[0].length);
  // Title and name, then a parenthesis: what follows decides.
  const m = /^[ \u00A0]+(\p{Lu}[\p{L}\p{M}'’.\- ]{0,80}?)[ \u00A0]*\(([^()]{1,150})(\)?)(.*)$/u.exec(rest);
  if (!m) return null;
  const [, , inside, closed, after] = m;
  // Kept per line over versions: copies, not slices of this version's text.
  return {
    open: start[0].length + rest.indexOf("("),
    inside: ownCopy(inside),
    closed: closed !== "",
    after: ownCopy(after),
  };
}

/**
 * `unknown-state`: the delegation in a header's parentheses is neither a UN Member State nor an
 * observer State (server/data/states, in English, French, Spanish and Russian, with older and
 * formal names), nor an organisation a glossary names (`European Union`, `ICRC`), nor a body named
 * as one (`Office of Legal Affairs`: the language data's `entityWords`). A fix is offered
 * where one or two letters make a State's name (`Frnace` → `France`); it is never applied unasked.
 */
export const unknownState: Rule = {
  code: "unknown-state",
  description:
    "The delegation in a speaker header is neither a UN Member State nor an observer State (nor an organisation a glossary knows).",
  defaultSeverity: "information",
  category: "check",
  check({ model, context }) {
    // The table is read at the first header that names a delegation.
    let states: StateList | undefined;
    const out: Finding[] = [];
    for (const s of model.speeches) {
      const span = partSpan(model.text, s.header, "entity");
      if (!span) continue;
      states ??= builtinStates();
      if (!states.states.length) return [];
      const name = squash(model.text.slice(span.start, span.end));
      if (!/\p{L}/u.test(name) || states.find(name) || context.glossary.knowsName(name)) continue;
      // A body that speaks (`Office of Legal Affairs`, `International Committee of the Red Cross`).
      if (model.profile.data.entityWords.words.some((w) => new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, "u").test(name)))
        continue;
      const range = model.lines.range(span.start, span.end);
      const near = states.near(name);
      const best = near.length && (near.length === 1 || near[0].distance < near[1].distance) ? near[0] : undefined;
      out.push({
        range,
        message: `“${name}” is neither a UN Member State nor an observer State${best ? `: “${best.name}”?` : "."}`,
        ...(best
          ? { fix: { title: `Write “${best.name}”`, edits: [{ range, newText: best.name }], safe: false } }
          : {}),
      });
    }
    return out;
  },
};

/**
 * `bold-header`: a speaker header read only from its source's type (the PDF import: a paragraph
 * opening in bold, `Professor Halvorsen (Norway):`), whose title is none the language data
 * lists: the text alone — an editor, `verbatim check` — does not read it, and the speech would
 * merge into the one before. Said so that the title can be added to the language data.
 */
export const boldHeader: Rule = {
  code: "bold-header",
  description: "A speaker header read from the PDF's bold type only: its title is none the language data lists.",
  defaultSeverity: "information",
  category: "check",
  check({ model }) {
    const out: Finding[] = [];
    for (const s of model.speeches) {
      const h = s.header;
      if (!h.fromBold) continue;
      out.push({
        range: model.lines.spanRange(h.span),
        message: `“${h.display}” is read as a speaker header from the PDF's bold type only: “${h.title ?? ""}” is no title of the language data, so the text alone does not read it.`,
      });
    }
    return out;
  },
};
