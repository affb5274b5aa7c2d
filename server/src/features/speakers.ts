import type { LanguageProfile } from "../model/profile";
import { partSpan, squash } from "../model/speakerKeys";
import type { HeaderPartKind, TranscriptModel } from "../model/types";
import type { Range, TextEdit } from "../types";

/** The speakers of a record, by delegation: what the client's Speakers view shows. */
export interface SpeakerIndex {
  delegations: {
    /** The country or entity in parentheses, or the office (`The President`). */
    name: string;
    speakers: {
      speaker: string;
      speeches: { index: number; range: Range; selectionRange: Range; wordCount: number; language: string | null }[];
    }[];
  }[];
}

const LANGUAGE =
  /(?:spoke|speaking) in (\p{L}+)|interpretation from (\p{L}+)|parle en (\p{L}+)|habla en (\p{L}+)|говорит по-(\p{L}+)/u;

/** The language an interpretation note names (`spoke in Russian`: Russian), as the note writes it. */
export function spokenLanguage(note: string | null): string | null {
  const m = note ? LANGUAGE.exec(note) : null;
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

export function speakerIndex(model: TranscriptModel): SpeakerIndex {
  const delegations = new Map<string, Map<string, SpeakerIndex["delegations"][number]["speakers"][number]>>();
  for (const s of model.speeches) {
    const h = s.header;
    const delegation = h.entity ?? h.role ?? h.display;
    const speakers = delegations.get(delegation) ?? new Map();
    delegations.set(delegation, speakers);
    const entry = speakers.get(h.display) ?? { speaker: h.display, speeches: [] };
    speakers.set(h.display, entry);
    entry.speeches.push({
      index: s.index + 1,
      range: model.lines.spanRange(s.span),
      selectionRange: model.lines.spanRange(h.span),
      wordCount: s.wordCount,
      language: spokenLanguage(h.note),
    });
  }
  return {
    delegations: [...delegations].map(([name, speakers]) => ({ name, speakers: [...speakers.values()] })),
  };
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
