import { loadData } from "../data";
import { builtinStates, type StateList } from "../glossary/states";
import type { LanguageProfile } from "../model/profile";
import { partSpan, squash } from "../model/speakerKeys";
import type { HeaderPartKind, SpeakerHeader, Speech, TranscriptModel } from "../model/types";
import { lazyPattern } from "../text/regexp";
import type { Range, TextEdit } from "../types";

/**
 * The groups a reader of a record sorts its speakers into: whoever is in the chair (President,
 * Acting President, Vice-President), the Secretariat (Secretary-General, Deputy
 * Secretary-General, and UN officials named by title: `Special Envoy`, `Under-Secretary-General`),
 * briefers (a name with no delegation: `Mr. Griffiths:`), and the delegations.
 */
export type SpeakerGroupKind = "presiding" | "secretariat" | "briefers" | "delegations";

export const SPEAKER_GROUPS: readonly { kind: SpeakerGroupKind; label: string }[] = [
  { kind: "presiding", label: "Presiding officer" },
  { kind: "secretariat", label: "Secretariat" },
  { kind: "briefers", label: "Briefers" },
  { kind: "delegations", label: "Delegations" },
];

/** One speaker of a record (one way of writing the header) and the speeches they give. */
export interface SpeakerRow {
  /** What the row shows first: the office (`The President`), the delegation, or the person (`Mr. Griffiths`). */
  label: string;
  /** What it shows after, more quietly: a delegation's speaker (and role), an official's title; else null. */
  detail: string | null;
  /** The speaker as the headers write it, on one line (the note left out): the full name. */
  speaker: string;
  speeches: { index: number; range: Range; selectionRange: Range; wordCount: number; language: string | null }[];
}

/** The speakers of a record, grouped as a reader thinks of them: what the client's Speakers view shows. */
export interface SpeakerIndex {
  /** In the order of SPEAKER_GROUPS; a group with no speaker is left out. */
  groups: { kind: SpeakerGroupKind; label: string; speakers: SpeakerRow[] }[];
}

const fold = (s: string) => squash(s).toLowerCase();

/** The office of a header that gives one (`The President`), or null. */
export function officeOf(h: SpeakerHeader): string | null {
  return h.parts.some((p) => p.kind === "office") ? squash(h.role ?? h.display) : null;
}

/** `Mrs. Aitimova`, `Mahmoud FAWZI Bey`: the title and the name in the header's order, or null for an office. */
export function personOf(h: SpeakerHeader): string | null {
  const at = (kind: "title" | "name") => h.parts.find((p) => p.kind === kind)?.span.start ?? 0;
  const words = at("title") > at("name") ? [h.name, h.title] : [h.title, h.name];
  const person = words.filter(Boolean).join(" ");
  return person ? squash(person) : null;
}

/** Which group a speaker belongs to (from the record language's data and the list of States). */
export function speakerGroup(
  h: SpeakerHeader,
  profile: LanguageProfile,
  states: StateList = builtinStates(),
): SpeakerGroupKind {
  const groups = profile.data.speakerGroups;
  const office = officeOf(h);
  if (office !== null) return groups.secretariat.some((o) => fold(o) === fold(office)) ? "secretariat" : "presiding";
  const official = (s: string | null) => s !== null && groups.officialTitles.some((t) => fold(s).includes(fold(t)));
  // A State's delegate is a delegate, whatever role the header adds.
  if (h.entity && states.find(h.entity)) return "delegations";
  if (official(h.entity) || official(h.role)) return "secretariat";
  return h.entity ? "delegations" : "briefers";
}

/** A speaker's row: what it is labelled by, and what it adds, for its group. */
function rowOf(h: SpeakerHeader, group: SpeakerGroupKind): Pick<SpeakerRow, "label" | "detail"> {
  const office = officeOf(h);
  const person = personOf(h);
  const role = h.role ? squash(h.role) : null;
  const entity = h.entity ? squash(h.entity) : null;
  if (office !== null) return { label: office, detail: null };
  if (group === "delegations" && entity)
    return { label: entity, detail: [person, role].filter(Boolean).join(", ") || null };
  const title = [entity, role].filter(Boolean).join(", ");
  return { label: person ?? squash(h.display), detail: title || null };
}

export function speakerIndex(model: TranscriptModel): SpeakerIndex {
  const states = builtinStates();
  const byGroup = new Map<SpeakerGroupKind, Map<string, SpeakerRow>>();
  for (const s of model.speeches) {
    const h = s.header;
    const group = speakerGroup(h, model.profile, states);
    const rows = byGroup.get(group) ?? new Map<string, SpeakerRow>();
    byGroup.set(group, rows);
    const row = rows.get(h.display) ?? { ...rowOf(h, group), speaker: h.display, speeches: [] };
    rows.set(h.display, row);
    row.speeches.push({
      index: s.index + 1,
      range: model.lines.spanRange(s.span),
      selectionRange: model.lines.spanRange(h.span),
      wordCount: s.wordCount,
      language: spokenLanguage(h.note),
    });
  }
  return {
    groups: SPEAKER_GROUPS.filter((g) => byGroup.has(g.kind)).map((g) => ({
      ...g,
      speakers: [...(byGroup.get(g.kind)?.values() ?? [])],
    })),
  };
}

const LANGUAGE = lazyPattern(
  () =>
    /(?:spoke|speaking) in (\p{L}+)|interpretation from (\p{L}+)|parle en (\p{L}+)|habla en (\p{L}+)|говорит по-(\p{L}+)/u,
);

/** The language an interpretation note names (`spoke in Russian`: Russian), as the note writes it. */
export function spokenLanguage(note: string | null): string | null {
  const m = note ? LANGUAGE().exec(note) : null;
  return m ? (m.slice(1).find(Boolean) ?? null) : null;
}

/**
 * The ISO 639-1 code of the official language an interpretation note names (`spoke in Russian`,
 * `говорит по-английски`: `ru`, `en`), from the record language's names of the six.
 */
export function spokenLanguageCode(note: string | null, profile: LanguageProfile): string | null {
  const name = spokenLanguage(note)?.toLowerCase();
  if (!name) return null;
  for (const [code, written] of Object.entries(profile.data.officialLanguages.names))
    if (written.toLowerCase() === name) return code;
  return null;
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
function ordinal(n: number): string {
  if (n <= ORDINALS.length) return ORDINALS[n - 1];
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** `the Russian Federation`, `Kazakhstan`: a delegation's name as English running text writes it. */
function withArticle(name: string): string {
  const names = loadData().languages.find((l) => l.language === "en")?.namesWithThe?.names ?? [];
  const takes = names.some((n) => name === n || name.startsWith(`${n} `) || name.startsWith(`${n}'`));
  return takes && !/^the /i.test(name) ? `the ${name}` : name;
}

/** The official language an interpretation note names, in English (`parle en russe`: Russian), or null. */
function languageInEnglish(note: string | null, profile: LanguageProfile): string | null {
  const code = spokenLanguageCode(note, profile);
  if (!code) return null;
  return loadData().languages.find((l) => l.language === "en")?.officialLanguages.names[code] ?? null;
}

/**
 * The speaker hover: who speaks, in what capacity and language, in one sentence; where the speech
 * stands in the record in a second (`**Mr. Nebenzia** speaks for the Russian Federation, in
 * Russian. Speech 4 of 7 in this record, 56 words; the only one by this speaker.`). Markdown,
 * the record's words escaped by `md`.
 */
export function describeSpeaker(model: TranscriptModel, speech: Speech, md: (s: string) => string): string {
  const h = speech.header;
  const group = speakerGroup(h, model.profile);
  const office = officeOf(h);
  const who = `**${md(office ?? personOf(h) ?? squash(h.display))}**`;
  const language = languageInEnglish(h.note, model.profile);
  const spoken = language ? `, in ${language}` : h.note ? ` (${md(squash(h.note))})` : "";
  const role = h.role && office === null ? squash(h.role) : null;
  const entity = h.entity ? squash(h.entity) : null;
  let first: string;
  if (group === "presiding") first = `${who} is in the chair${language ? ` and speaks in ${language}` : spoken}.`;
  else if (group === "secretariat" && office !== null) first = `${who} speaks for the Secretariat${spoken}.`;
  else if (group === "secretariat") {
    const title = [entity, role].filter(Boolean).join(", ");
    first = `${who}${title ? `, ${md(title)},` : ""} speaks for the Secretariat${spoken}.`;
  } else if (group === "briefers")
    first = `${who} briefs the meeting${role ? `, as ${md(role)}` : ""}${spoken}; the header names no delegation.`;
  else first = `${who} speaks for ${md(withArticle(entity ?? ""))}${role ? `, as ${md(role)}` : ""}${spoken}.`;
  const same = model.speeches.filter((s) => s.header.display === h.display);
  const k = same.indexOf(speech) + 1;
  const words = `${speech.wordCount} word${speech.wordCount === 1 ? "" : "s"}`;
  const second =
    `Speech ${speech.index + 1} of ${model.speeches.length} in this record, ${words}; ` +
    (same.length > 1 ? `the ${ordinal(k)} of ${same.length} by this speaker.` : "the only one by this speaker.");
  return `${first} ${second}`;
}

export interface CodeLens {
  range: Range;
  command: { title: string; command: string };
}

/** A code lens above each speech: its words and about how long it takes to say. */
export function speechLenses(model: TranscriptModel, wordsPerMinute: number): CodeLens[] {
  return model.speeches.map((s) => {
    const minutes = s.wordCount / wordsPerMinute;
    const time = minutes < 1 ? "under a minute" : `about ${Math.round(minutes)} min`;
    return {
      range: model.lines.spanRange({ start: s.header.span.start, end: s.header.span.start }),
      // An empty command id: VS Code shows the title as text.
      command: { title: `${s.wordCount} words · ${time} spoken (at ${wordsPerMinute} words a minute)`, command: "" },
    };
  });
}

const RENAMABLE: HeaderPartKind[] = ["name", "entity"];
/** What a rename at this offset would rename: a speaker's name or a delegation in a header. */
export function prepareRename(model: TranscriptModel, offset: number): { range: Range; placeholder: string } | null {
  for (const s of model.speeches) {
    const h = s.header;
    if (offset < h.span.start || offset > h.span.end) continue;
    for (const kind of RENAMABLE) {
      const span = partSpan(model.text, h, kind);
      if (span && span.start <= offset && offset <= span.end) {
        return { range: model.lines.spanRange(span), placeholder: squash(model.text.slice(span.start, span.end)) };
      }
    }
  }
  return null;
}

/**
 * Renames a speaker's name or a delegation in every header of the record that writes it the same
 * way (spacing and line breaks aside); never inside the text of a speech.
 */
export function renameEdits(model: TranscriptModel, offset: number, newName: string): TextEdit[] {
  for (const s of model.speeches) {
    const h = s.header;
    if (offset < h.span.start || offset > h.span.end) continue;
    for (const kind of RENAMABLE) {
      const span = partSpan(model.text, h, kind);
      if (!span || offset < span.start || offset > span.end) continue;
      const old = squash(model.text.slice(span.start, span.end));
      const edits: TextEdit[] = [];
      for (const other of model.speeches) {
        const o = partSpan(model.text, other.header, kind);
        if (o && squash(model.text.slice(o.start, o.end)) === old) {
          edits.push({ range: model.lines.spanRange(o), newText: newName.trim() });
        }
      }
      return edits;
    }
  }
  return [];
}
