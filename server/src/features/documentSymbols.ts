import { squash } from "../model/speakerKeys";
import type { Speech, TranscriptModel, Vote } from "../model/types";
import { type DocumentSymbol, SymbolKind, type WorkspaceSymbol } from "../types";
import { voteDetail, voteName, voteSpan } from "./votes";

/**
 * Symbol kinds (documented in README.md): the record is a File, an agenda item a Namespace,
 * a speech an Event — something that happens in the meeting, which is what an editor's tooltip
 * then says (`The President (event)`; a Function read `The President (function)`).
 * The speech symbol's name is the speaker as written; its detail tells the rows of one speaker
 * apart: the speech's number, its words and the interpretation note (`speech 3 · 120 words ·
 * spoke in French`).
 */
export const RECORD_KIND = SymbolKind.File;
export const AGENDA_KIND = SymbolKind.Namespace;
export const SPEECH_KIND = SymbolKind.Event;
/** A vote: a Number (its counts); a stage direction inside a speech: a String (a line of narrative). */
export const VOTE_KIND = SymbolKind.Number;
export const DIRECTION_KIND = SymbolKind.String;

/** `speech 3 · 120 words · spoke in French`: what tells one speaker's speeches apart in an outline. */
export function speechDetail(s: Speech): string {
  const words = `${s.wordCount} word${s.wordCount === 1 ? "" : "s"}`;
  return [`speech ${s.index + 1}`, words, s.header.note].filter(Boolean).join(" · ");
}

function speechSymbol(model: TranscriptModel, s: Speech): DocumentSymbol {
  // The stage directions inside the speech (a change of the Chair) are shown in it, as narrative.
  const children = s.interruptions.map((d) => {
    const text = squash(model.text.slice(d.span.start, d.span.end));
    return {
      name: text.length > 90 ? `${text.slice(0, 89)}…` : text,
      detail: d.kind,
      kind: DIRECTION_KIND,
      range: model.lines.spanRange(d.span),
      selectionRange: model.lines.spanRange(d.span),
    };
  });
  return {
    name: s.header.display,
    detail: speechDetail(s),
    kind: SPEECH_KIND,
    range: model.lines.spanRange(s.span),
    selectionRange: model.lines.spanRange(s.header.span),
    ...(children.length ? { children } : {}),
  };
}

function voteSymbol(model: TranscriptModel, v: Vote): DocumentSymbol {
  const span = voteSpan(v);
  const first = v.parts[0];
  return {
    name: voteName(v),
    detail: voteDetail(v),
    kind: VOTE_KIND,
    range: model.lines.spanRange(span),
    selectionRange: model.lines.spanRange(first.span),
  };
}

export function documentSymbols(model: TranscriptModel): DocumentSymbol[] {
  const { lines } = model;
  // Speeches go under the agenda item they follow; speeches before any item stand alone.
  const items = model.agendaItems.map((a) => ({ item: a, children: [] as DocumentSymbol[], end: a.span.end }));
  const loose: DocumentSymbol[] = [];
  // Speeches and votes, in the record's order, each under the agenda item it follows.
  const entries: { line: number; end: number; symbol: DocumentSymbol }[] = [
    ...model.speeches.map((s) => ({ line: s.startLine, end: s.span.end, symbol: speechSymbol(model, s) })),
    ...model.votes.map((v) => ({ line: v.startLine, end: voteSpan(v).end, symbol: voteSymbol(model, v) })),
  ].sort((a, b) => a.line - b.line);
  for (const { line, end, symbol } of entries) {
    let owner: (typeof items)[number] | undefined;
    for (const it of items) if (it.item.startLine <= line) owner = it;
    if (owner) {
      owner.children.push(symbol);
      owner.end = Math.max(owner.end, end);
    } else loose.push(symbol);
  }
  const agendaSymbols: DocumentSymbol[] = items.map(({ item, children, end }) => ({
    name: item.title ? `${item.label}: ${item.title}` : item.label,
    kind: AGENDA_KIND,
    range: lines.range(item.span.start, end),
    selectionRange: lines.spanRange(item.labelSpan),
    children,
  }));
  const top = [...loose, ...agendaSymbols].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const cover = model.cover;
  if (!cover?.symbol) return top;
  const detail = [cover.organ?.text, cover.meeting?.text, cover.date?.text].filter(Boolean).join(", ");
  return [
    {
      name: cover.symbol.text,
      ...(detail ? { detail } : {}),
      kind: RECORD_KIND,
      range: lines.range(0, model.text.length),
      selectionRange: lines.spanRange(cover.symbol.span),
      children: top,
    },
  ];
}

function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Does every character of the query appear in order in the text (diacritics and case ignored)? */
export function fuzzyMatch(query: string, text: string): boolean {
  const q = fold(query).replace(/\s+/g, "");
  const t = fold(text);
  let k = 0;
  for (let i = 0; i < t.length && k < q.length; i++) if (t[i] === q[k]) k++;
  return k === q.length;
}

/** Every speech by a speaker or delegation matching the query, across the given records. */
export function workspaceSymbols(query: string, models: Iterable<TranscriptModel>, limit = 5000): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const model of models) {
    const container = model.cover?.symbol?.text ?? model.uri.slice(model.uri.lastIndexOf("/") + 1);
    for (const s of model.speeches) {
      if (query && !fuzzyMatch(query, s.header.display)) continue;
      out.push({
        name: s.header.display,
        kind: SPEECH_KIND,
        containerName: container,
        location: { uri: model.uri, range: model.lines.spanRange(s.header.span) },
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
