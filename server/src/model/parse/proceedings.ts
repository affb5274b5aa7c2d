import type { Proceeding, Speech } from "../types";
import { isContent, lineText, type ParseState } from "./state";

/**
 * The proceedings: the record after its cover as one ordered list of elements — agenda items and
 * headings, speeches (with the stage directions inside them), votes, decisions, other stage
 * directions, and text that belongs to none of these — so that every line of content after the
 * cover is in exactly one element and an export that walks them loses nothing.
 */
export function buildProceedings(s: ParseState, speeches: readonly Speech[]): Proceeding[] {
  const start = s.bodyStart;
  const owned = new Uint8Array(s.n);
  const items: Proceeding[] = [];
  // A run of lines owned at once (a native fill: a speech's lines are most of the record's).
  const own = (from: number, to: number) => {
    if (to >= from) owned.fill(1, Math.max(from, 0), Math.min(to + 1, s.n));
  };
  const lineEnd = (i: number) => s.lines.starts[i] + lineText(s, i).trimEnd().length;
  const lineStart = (i: number) => s.lines.starts[i] + (lineText(s, i).length - lineText(s, i).trimStart().length);

  for (const sp of speeches) {
    if (sp.startLine < start) continue;
    items.push({ kind: "speech", startLine: sp.startLine, endLine: sp.endLine, span: sp.span, index: sp.index });
    own(sp.startLine, sp.endLine);
  }
  for (const v of s.votes) {
    if (v.startLine < start || owned[v.startLine]) continue;
    const first = v.parts[0];
    const last = v.parts[v.parts.length - 1];
    items.push({
      kind: "vote",
      startLine: v.startLine,
      endLine: v.endLine,
      span: { start: first.span.start, end: last.span.end },
      index: v.index,
    });
    for (const p of v.parts) own(p.startLine, p.endLine);
  }
  s.procedurals.forEach((p, index) => {
    if (p.startLine < start || owned[p.startLine]) return;
    const kind =
      p.kind === "heading" ? "heading" : p.kind === "decision" || p.kind === "vote" ? "decision" : "direction";
    items.push({ kind, startLine: p.startLine, endLine: p.endLine, span: p.span, index });
    own(p.startLine, p.endLine);
  });
  s.agendaItems.forEach((a, index) => {
    if (a.startLine < start || owned[a.startLine]) return;
    items.push({ kind: "agenda", startLine: a.startLine, endLine: a.endLine, span: a.span, index });
    own(a.startLine, a.endLine);
  });
  s.paragraphs.forEach((p, index) => {
    if (p.startLine < start || owned[p.startLine]) return;
    items.push({
      kind: "text",
      startLine: p.startLine,
      endLine: p.endLine,
      span: { start: p.start, end: p.end },
      index,
    });
    for (const l of p.lines) owned[l] = 1;
  });
  // Whatever content is left (an agenda item's title repeated as a heading, a line no pass took):
  // a heading where the parser called it one, else text, one element per run of such lines.
  for (let i = start; i < s.n; i++) {
    // The next line no element owns (a native search: most lines are owned).
    i = owned.indexOf(0, i);
    if (i < 0) break;
    if (!isContent(s, i)) continue;
    const heading = s.kinds[i] === "agenda";
    let last = i;
    for (let j = i + 1; j < s.n; j++) {
      if (owned[j] || s.kinds[j] === "blank") break;
      if (s.kinds[j] === "furniture") continue;
      if ((s.kinds[j] === "agenda") !== heading) break;
      last = j;
    }
    items.push({
      kind: heading ? "heading" : "text",
      startLine: i,
      endLine: last,
      span: { start: lineStart(i), end: lineEnd(last) },
      index: -1,
    });
    own(i, last);
    i = last;
  }
  return items.sort((a, b) => a.startLine - b.startLine || a.span.start - b.span.start);
}
