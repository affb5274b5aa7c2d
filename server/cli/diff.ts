// The unified diff `verbatim fix` prints, built from the edits the fixes made rather than by
// searching the two texts for their differences: a search (Myers, as the `diff` package does) is
// quadratic in the number of changed lines, a minute on 10 MB of records, minutes on a file of
// page furniture. Here the work is linear in the size of the texts.
//
// Each stage of edits (the safe fixes, then `--unwrap`'s on their result) tells which lines of its
// text it leaves alone and where they are in its result; composed, the stages give the lines of
// the file that are still there in the fixed text, in order: the anchors. Each anchor is compared,
// line with line, so that the diff is right whatever the edits were: between two anchors, the old
// lines are removed and the new ones added (less the lines they share at either end).
import { LineIndex, type TextEdit } from "../src/index";

/** One stage of edits: the text they are stated against, and the edits. */
export interface EditStage {
  text: string;
  edits: readonly TextEdit[];
}

interface Span {
  start: number;
  end: number;
  length: number;
}

/** The start of each line of `text` in a unified diff's sense: lines end at LF (a CR is content). */
function lineStarts(text: string): number[] {
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    starts.push(at);
    const nl = text.indexOf("\n", at);
    at = nl < 0 ? text.length : nl + 1;
  }
  return starts;
}

/** Counts the steps the diff takes (lines visited, spans passed, lines compared): linear in the texts. */
export interface DiffWork {
  steps: number;
}

/**
 * For each line of `text`, the line it is in the text the edits make (`nextStarts`), or -1 when
 * an edit touches it or it no longer starts a line.
 */
function lineMap(
  text: string,
  starts: number[],
  edits: readonly TextEdit[],
  nextStarts: number[],
  work: DiffWork,
): Int32Array {
  const index = new LineIndex(text);
  const spans: Span[] = edits
    .map((e) => {
      const start = index.offsetAt(e.range.start);
      return { start, end: index.offsetAt(e.range.end), length: e.newText.length };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const map = new Int32Array(starts.length).fill(-1);
  let k = 0;
  let delta = 0;
  let next = 0;
  for (let i = 0; i < starts.length; i++) {
    work.steps++;
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    // The edits before the line (an insertion at its start too) move it.
    while (k < spans.length && spans[k].end <= start) {
      delta += spans[k].length - (spans[k].end - spans[k].start);
      k++;
      work.steps++;
    }
    // An edit reaching into the line (or an insertion inside it) changes it.
    if (k < spans.length && spans[k].start < end) continue;
    const moved = start + delta;
    while (next < nextStarts.length && nextStarts[next] < moved) {
      next++;
      work.steps++;
    }
    if (nextStarts[next] === moved) map[i] = next;
  }
  return map;
}

/**
 * The unified diff (two lines of context, as `diff -U2`) between `before` and `after`, where
 * `after` is `before` with each stage's edits applied in turn. Equal to what a search would give
 * up to the choice among equally short diffs; every line it calls unchanged is compared.
 */
export function unifiedDiff(
  name: string,
  before: string,
  stages: readonly EditStage[],
  after: string,
  work: DiffWork = { steps: 0 },
): string {
  const oldStarts = lineStarts(before);
  const newStarts = lineStarts(after);
  // Where each line of `before` is after each stage: the composed map.
  let map = Int32Array.from(oldStarts, (_, i) => i);
  let starts = oldStarts;
  stages.forEach((stage, s) => {
    const resultStarts = s + 1 < stages.length ? lineStarts(stages[s + 1].text) : newStarts;
    const step = lineMap(stage.text, starts, stage.edits, resultStarts, work);
    map = map.map((j) => (j >= 0 ? step[j] : -1));
    starts = resultStarts;
  });
  const line = (text: string, lineStart: number[], i: number) =>
    text.slice(lineStart[i], i + 1 < lineStart.length ? lineStart[i + 1] : text.length);
  const oldLine = (i: number) => line(before, oldStarts, i);
  const newLine = (i: number) => line(after, newStarts, i);

  // The anchors, compared; between two, a change (less the lines shared at either end).
  interface Change {
    o: number;
    ol: number;
    n: number;
    nl: number;
  }
  const changes: Change[] = [];
  let lastO = -1;
  let lastN = -1;
  const between = (o: number, n: number) => {
    let o0 = lastO + 1;
    let n0 = lastN + 1;
    let o1 = o;
    let n1 = n;
    while (o0 < o1 && n0 < n1 && oldLine(o0) === newLine(n0)) {
      o0++;
      n0++;
      work.steps++;
    }
    while (o1 > o0 && n1 > n0 && oldLine(o1 - 1) === newLine(n1 - 1)) {
      o1--;
      n1--;
      work.steps++;
    }
    if (o0 < o1 || n0 < n1) changes.push({ o: o0, ol: o1 - o0, n: n0, nl: n1 - n0 });
    lastO = o;
    lastN = n;
  };
  for (let i = 0; i < map.length; i++) {
    const k = map[i];
    work.steps++;
    if (k <= lastN || oldLine(i) !== newLine(k)) continue;
    between(i, k);
  }
  between(oldStarts.length, newStarts.length);
  return format(name, changes, oldLine, newLine, oldStarts.length, 2);
}

/** The patch text: jsdiff's header (`Index:`, `---`/`+++` with a tab), hunks as GNU diff writes them. */
function format(
  name: string,
  changes: { o: number; ol: number; n: number; nl: number }[],
  oldLine: (i: number) => string,
  newLine: (i: number) => string,
  oldCount: number,
  context: number,
): string {
  const out = [`Index: ${name}`, "=".repeat(67), `--- ${name}\t`, `+++ ${name}\t`];
  const show = (prefix: string, text: string) => {
    if (text.endsWith("\n")) out.push(prefix + text.slice(0, -1));
    else out.push(prefix + text, "\\ No newline at end of file");
  };
  for (let c = 0; c < changes.length; ) {
    const first = changes[c];
    let last = c;
    while (last + 1 < changes.length && changes[last + 1].o - (changes[last].o + changes[last].ol) <= 2 * context)
      last++;
    const oStart = Math.max(0, first.o - context);
    const nStart = first.n - (first.o - oStart);
    const end = changes[last];
    const oEnd = Math.min(oldCount, end.o + end.ol + context);
    const nEnd = end.n + end.nl + (oEnd - (end.o + end.ol));
    const oLines = oEnd - oStart;
    const nLines = nEnd - nStart;
    out.push(`@@ -${oLines === 0 ? oStart : oStart + 1},${oLines} +${nLines === 0 ? nStart : nStart + 1},${nLines} @@`);
    let o = oStart;
    for (let k = c; k <= last; k++) {
      const ch = changes[k];
      for (; o < ch.o; o++) show(" ", oldLine(o));
      for (let i = ch.o; i < ch.o + ch.ol; i++) show("-", oldLine(i));
      for (let i = ch.n; i < ch.n + ch.nl; i++) show("+", newLine(i));
      o = ch.o + ch.ol;
    }
    for (; o < oEnd; o++) show(" ", oldLine(o));
    c = last + 1;
  }
  return out.join("\n");
}
