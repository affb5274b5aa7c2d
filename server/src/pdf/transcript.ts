// From the laid-out lines (layout.ts) to a transcript in the project's format, and the map from
// its words back to the PDF's pages. The PDF gives evidence; the parser decides:
//
// - the draft: the PDF's lines in reading order, a blank line between blocks, no furniture;
// - the draft is parsed by the language service's own parser (`parseTranscript`), with each line
//   end's evidence from the page (does the line reach its column's edge?) passed to
//   `decideHyphen`: its headers, its boilerplate and its line-end hyphen decisions are the ones
//   the outline and the diagnostics will read;
// - the transcript: each body block on one line, a hyphen the parser joins taken out, a compound's
//   kept; the cover page's lines as they are, its boilerplate paragraph on one line. With
//   `keepLines`, the draft itself.
// - evidence the parser does not use is compared with what it read: a speaker header should open
//   with a bold run (the name) and its interpretation note be in italics; a block that opens with
//   a bold run should be a header. Disagreements are reported as notes, the text is not changed.
import type { LineEndEvidence } from "../model/hyphenation";
import type { HyphenBreak, TranscriptModel } from "../model/types";
import { sentenceGaps } from "../rules/splitParagraph";
import { lazyPattern } from "../text/regexp";
import { isWordChar, type LayoutLine } from "./layout";
import type { PageBox, PdfFont } from "./types";

/** One word of the transcript and where it is printed: one box, or two for a word broken over lines. */
export interface SourceWord {
  /** 0-based line of the transcript, and the word's UTF-16 offsets in that line. */
  line: number;
  start: number;
  end: number;
  boxes: PageBox[];
}

/** A parse of a text, with evidence about its line ends (the language service's parser). */
export type ParseText = (
  text: string,
  lineEndEvidence?: (line: number) => LineEndEvidence | undefined,
  /** The line opens a paragraph whose first letter is set in bold (a speaker header may have any title). */
  boldOpening?: (line: number) => boolean,
  /**
   * Which tokens the caller reads (ParseOptions.tokens): the draft's line-end hyphens, none of the
   * transcript's (its structure only: cover, headers, line kinds).
   */
  tokens?: "line-end-hyphens" | "none",
) => TranscriptModel;

export interface Transcript {
  text: string;
  /**
   * Every word of the text (white space apart) with its boxes, in text order: found when first
   * read (the command line's import writes the text and never reads them).
   */
  readonly words: SourceWord[];
  /** The parse of `text`: its structure (no tokens: `ParseText`'s `"none"`). */
  model: TranscriptModel;
  /** Where the PDF's evidence and the parser's reading disagree (page, what). */
  notes: string[];
}

/** A transcript line as pieces of laid-out lines: `[from, to)` of layout line `line` lands at `at`. */
interface Piece {
  line: number;
  from: number;
  to: number;
  at: number;
}

interface OutLine {
  text: string;
  pieces: Piece[];
}

const HYPHEN_END = lazyPattern(() => /[-\u2010\u2011\u00AD]$/);

export function buildTranscript(
  lines: readonly LayoutLine[],
  fonts: readonly PdfFont[],
  parse: ParseText,
  options: { keepLines?: boolean } = {},
): Transcript {
  // The draft: one text line per laid-out line, a blank line before each block but the first.
  const draft: OutLine[] = [];
  const layoutOf: number[] = [];
  let blocks: Block[] = [];
  lines.forEach((l, k) => {
    if (l.blockStart || !blocks.length) {
      if (draft.length) {
        draft.push({ text: "", pieces: [] });
        layoutOf.push(-1);
      }
      blocks.push({ lines: [], cover: l.cover });
    }
    blocks[blocks.length - 1].lines.push(draft.length);
    draft.push({ text: l.text, pieces: [{ line: k, from: 0, to: l.text.length, at: 0 }] });
    layoutOf.push(k);
  });
  const evidence = (line: number): LineEndEvidence | undefined => {
    const k = layoutOf[line];
    return k === undefined || k < 0 || lines[k].side === "full" ? undefined : { full: lines[k].atEdge };
  };
  // A paragraph opening in bold: where a speaker header may have a title the language data lacks.
  const opensBold = (o: OutLine | undefined) => {
    const k = o?.pieces[0]?.line;
    if (k === undefined || o?.pieces[0].from !== 0 || !lines[k].blockStart || lines[k].cover) return false;
    const l = lines[k];
    let c = 0;
    while (c < l.text.length && !isWordChar(l.text.charCodeAt(c))) c++;
    return c < l.text.length && fonts[l.charFont[c]]?.bold === true;
  };
  const draftModel = parse(textOf(draft), evidence, (line) => opensBold(draft[line]), "line-end-hyphens");
  blocks = mergeCutSentences(withoutFooter(blocks, draftModel), draftModel);
  const out = options.keepLines ? keptLines(draft, blocks) : unwrap(draft, blocks, draftModel);
  symbolOnOpening(out, draft, draftModel);
  const text = textOf(out);
  const model = parse(text, undefined, (line) => opensBold(out[line]), "none");
  let words: SourceWord[] | undefined;
  return {
    text,
    get words() {
      words ??= wordsOf(out, lines);
      return words;
    },
    model,
    notes: checkStyles(model, out, lines, fonts),
  };
}

/**
 * The blocks without page 1's footer where the parser reads one (a General Assembly record's
 * correction notice printed below speech text, which the layout may set inside the paragraph it
 * cuts): the speech's two halves meet again.
 */
function withoutFooter(blocks: readonly Block[], model: TranscriptModel): Block[] {
  const footer = new Set(model.furniture.filter((f) => f.kind === "footer").map((f) => f.line));
  if (!footer.size) return [...blocks];
  return blocks
    .map((b) => ({ lines: b.lines.filter((i) => !footer.has(i)), cover: b.cover }))
    .filter((b) => b.lines.length > 0);
}

/**
 * A cover that prints no symbol (the 1990s: `United Nations` / `GENERAL ASSEMBLY`) gives it in page
 * 1's footer, a line of its own under `Distr. GENERAL`, which the import leaves out with the rest
 * of the footer. The symbol is the record's name, not furniture: it is kept, on the cover's opening
 * line as later covers print it (`United Nations A/48/PV.46`), where the parser reads it as the
 * cover's symbol, and its word keeps its box in the footer. A line of its own would read as a
 * running head.
 */
function symbolOnOpening(out: OutLine[], draft: readonly OutLine[], model: TranscriptModel): void {
  const cover = model.cover;
  const symbol = cover?.symbol;
  if (!cover || !symbol || symbol.line === cover.startLine) return;
  const inFooter = model.furniture.some((f) => f.kind === "footer" && f.line === symbol.line);
  const first = out[0];
  const opening = draft[cover.startLine];
  if (!inFooter || !first || first.pieces.length !== 1 || first.text !== opening?.text) return;
  if (first.pieces[0].line !== opening.pieces[0]?.line) return;
  const line = draft[symbol.line];
  if (!line || line.text !== symbol.text || line.pieces.length !== 1) return;
  out[0] = {
    text: `${first.text} ${line.text}`,
    pieces: [...first.pieces, { ...line.pieces[0], at: first.text.length + 1 }],
  };
}

/** A block: draft lines (a paragraph; on the cover, lines printed together). */
interface Block {
  lines: number[];
  cover: boolean;
}

const textOf = (out: readonly OutLine[]) => `${out.map((l) => l.text).join("\n")}\n`;

/**
 * Blocks the page sets apart but a sentence runs across (`… the Charter, namely,` / a quotation
 * set off, `“to save succeeding generations …”`; a quotation going on in the next column): where
 * the split-paragraph rule would report the blank line between them, they are one paragraph.
 */
function mergeCutSentences(blocks: readonly Block[], model: TranscriptModel): Block[] {
  const cut = new Set(sentenceGaps(model).map((g) => g.after));
  const out: Block[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    // A loop, not a spread into push: a block may have more lines than a call has arguments.
    if (prev && !b.cover && !prev.cover && cut.has(b.lines[0])) for (const i of b.lines) prev.lines.push(i);
    else out.push({ lines: [...b.lines], cover: b.cover });
  }
  return out;
}

/** The draft's lines as they are, a blank line between blocks. */
function keptLines(draft: readonly OutLine[], blocks: readonly Block[]): OutLine[] {
  const out: OutLine[] = [];
  for (const b of blocks) {
    if (out.length) out.push({ text: "", pieces: [] });
    for (const i of b.lines) out.push(draft[i]);
  }
  return out;
}

/** Each body block on one line (the parser's hyphen decisions applied), the cover's lines kept but its boilerplate. */
function unwrap(draft: readonly OutLine[], blocks: readonly Block[], model: TranscriptModel): OutLine[] {
  const breaks = new Map<number, HyphenBreak>(model.tokens.hyphenBreaks.map((b) => [b.line, b]));
  const boilerplate = new Set(model.boilerplate?.lines ?? []);
  const out: OutLine[] = [];
  for (const b of blocks) {
    if (out.length) out.push({ text: "", pieces: [] });
    if (b.cover && !boilerplate.has(b.lines[0])) {
      for (const i of b.lines) out.push(draft[i]);
      continue;
    }
    // In parts, joined once: a hyphen dropped from the text built so far would copy all of it
    // (quadratic in a block of many lines).
    const parts: string[] = [];
    let length = 0;
    const pieces: Piece[] = [];
    b.lines.forEach((i, n) => {
      const line = draft[i];
      if (n > 0) {
        const p = b.lines[n - 1];
        const prev = draft[p].text;
        if (HYPHEN_END().test(prev)) {
          // The parser's decision on this hyphen: a split word is joined without it; a compound
          // (or a hyphen it has no decision on, `2019-`/`2020`) keeps it, with no space.
          const brk = breaks.get(p);
          const decided = brk !== undefined && brk.hyphen === model.lines.starts[p] + prev.length - 1;
          if ((decided && brk.decision === "join") || prev.endsWith("\u00AD")) {
            // The previous line's text, the last part (it ends with the hyphen).
            parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
            length--;
            pieces[pieces.length - 1].to--;
          }
        } else {
          parts.push(" ");
          length++;
        }
      }
      pieces.push({ ...line.pieces[0], at: length });
      parts.push(line.text);
      length += line.text.length;
    });
    out.push({ text: parts.join(""), pieces });
  }
  return out;
}

/** The words of the text (runs of non-space characters) with the boxes their characters were printed in. */
function wordsOf(out: readonly OutLine[], lines: readonly LayoutLine[]): SourceWord[] {
  const words: SourceWord[] = [];
  out.forEach((o, lineNo) => {
    // The pieces in the text's order, words too: each word's first piece is found from the
    // previous word's (not from the line's first: a block of many lines is one line).
    let next = 0;
    for (const m of o.text.matchAll(/\S+/g)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const boxes: PageBox[] = [];
      while (next < o.pieces.length && o.pieces[next].at + (o.pieces[next].to - o.pieces[next].from) <= start) next++;
      for (let k = next; k < o.pieces.length; k++) {
        const p = o.pieces[k];
        if (p.at >= end) break;
        const a = Math.max(start, p.at);
        const b = Math.min(end, p.at + (p.to - p.from));
        if (a >= b) continue;
        const l = lines[p.line];
        const first = p.from + (a - p.at);
        const last = p.from + (b - p.at) - 1;
        const x = l.charStart[first];
        boxes.push({
          page: l.page,
          x,
          y: l.baseline - 0.8 * l.size,
          width: l.charEnd[last] - x,
          height: l.size,
        });
      }
      words.push({ line: lineNo, start, end, boxes });
    }
  });
  return words;
}

/** The characters of a transcript span, as laid-out characters (line, index). */
function* charsOf(o: OutLine, from: number, to: number): Generator<{ line: number; k: number }> {
  for (const p of o.pieces) {
    // The pieces in the text's order: none after `to` holds any of the span.
    if (p.at >= to) break;
    const a = Math.max(from, p.at);
    const b = Math.min(to, p.at + (p.to - p.from));
    for (let c = a; c < b; c++) yield { line: p.line, k: p.from + (c - p.at) };
  }
}

/** Where the PDF's fonts and the parser's reading disagree: headers not in bold, bold openings read as no header. */
function checkStyles(
  model: TranscriptModel,
  out: readonly OutLine[],
  lines: readonly LayoutLine[],
  fonts: readonly PdfFont[],
): string[] {
  const notes: string[] = [];
  const fontAt = (line: number, k: number) => fonts[lines[line].charFont[k]];
  const styleOf = (lineNo: number, from: number, to: number, want: "bold" | "italic") => {
    let letters = 0;
    let styled = 0;
    let page = 0;
    for (const { line, k } of charsOf(out[lineNo], from, to)) {
      page ||= lines[line].page;
      if (!isWordChar(lines[line].text.charCodeAt(k))) continue;
      const f = fontAt(line, k);
      if (!f?.name) return { known: false, page, ok: true, letters, styled };
      letters++;
      if (f[want]) styled++;
    }
    return { known: true, page, ok: letters > 0 && styled * 2 > letters, letters, styled };
  };
  // A header part's style: its letters, on whichever line each piece of it is.
  const partsStyle = (
    parts: readonly { span: { start: number; end: number } }[],
    want: "bold" | "italic",
    inner = 0,
  ) => {
    let known = true;
    let letters = 0;
    let styled = 0;
    let page = 0;
    for (const p of parts) {
      const at = model.lines.positionAt(p.span.start + inner);
      const r = styleOf(at.line, at.character, at.character + (p.span.end - p.span.start - 2 * inner), want);
      page ||= r.page;
      if (!r.known) known = false;
      letters += r.letters;
      styled += r.styled;
    }
    return { known, page, ok: letters > 0 && styled * 2 > letters };
  };
  const headerLines = new Set<number>();
  for (const s of model.speeches) {
    const h = s.header;
    headerLines.add(h.startLine);
    if (h.fromBold) {
      const page = partsStyle(h.parts, "bold").page;
      notes.push(
        `page ${page}: “${h.display}” is read as a speaker header from its bold type; the text alone does not read it (bold-header)`,
      );
    }
    const named = h.parts.filter((p) => p.kind === "title" || p.kind === "name" || p.kind === "office");
    const bold = partsStyle(named, "bold");
    if (named.length && bold.known && !bold.ok)
      notes.push(`page ${bold.page}: the speaker header “${h.display}” is not in bold`);
    // The note's words, inside its parentheses.
    const note = h.parts.filter((p) => p.kind === "note");
    const italic = partsStyle(note, "italic", 1);
    if (note.length && italic.known && !italic.ok)
      notes.push(`page ${italic.page}: the interpretation note of “${h.display}” is not in italics`);
  }
  // A block opening with a bold run that is not all bold (a heading) should be a header.
  out.forEach((o, lineNo) => {
    if (headerLines.has(lineNo) || !o.pieces.length || model.lineKinds[lineNo] === "cover") return;
    const first = o.pieces[0];
    const l = lines[first.line];
    let k = 0;
    while (k < l.text.length && !isWordChar(l.text.charCodeAt(k))) k++;
    if (k >= l.text.length || !fontAt(first.line, k)?.bold) return;
    const firstWord = /^\S+(?:\s+\S+)?/.exec(o.text)?.[0] ?? "";
    // A heading is all in bold.
    const all = styleOf(lineNo, 0, o.text.length, "bold");
    if (!all.known || all.styled === all.letters) return;
    notes.push(`page ${l.page}: a paragraph opens in bold (“${firstWord}…”) but reads as no speaker header`);
  });
  return notes;
}
