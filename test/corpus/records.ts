// The ten Security Council records of test/corpus/sc2020 and the seven records of other decades
// and producers of test/corpus/eras as users extract them, their labels by reading
// (test/corpus/labels/sc2020, test/corpus/labels/eras), and how a model is measured against those
// labels. Shared by the accuracy benchmark (bench/records.ts) and the tests. Labels are keyed by
// text, so one label file serves every extractor. Every function takes the corpus, sc2020 unless
// told.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diffArrays } from "diff";
import type { Diagnostic, TranscriptModel } from "../../server/src/index";

export const SC2020 = join(__dirname, "sc2020");
export const ERAS = join(__dirname, "eras");
export type Corpus = "sc2020" | "eras";
const folder = (corpus: Corpus) => (corpus === "eras" ? ERAS : SC2020);
const labelsOf = (corpus: Corpus) => join(__dirname, "labels", corpus);

/** How users get the text of a PDF: see test/corpus/sc2020/text/README.md. */
export const VARIANTS = ["raw", "plain", "layout", "pdfjs"] as const;
export type Variant = (typeof VARIANTS)[number];

const recordsOf = (corpus: Corpus): readonly string[] =>
  readdirSync(labelsOf(corpus))
    .filter((f) => f.endsWith(".speeches.tsv"))
    .map((f) => f.slice(0, -".speeches.tsv".length))
    .sort();
export const RECORDS = recordsOf("sc2020");
/** The eras records; `S_PV.492` is the 1950 scan, its text an OCR layer: measured, not tuned for. */
export const ERAS_RECORDS = recordsOf("eras");
export const OCR_RECORDS: ReadonlySet<string> = new Set(["S_PV.492"]);

/** The PDF of a record. */
export function recordPdf(record: string, corpus: Corpus = "sc2020"): string {
  return join(folder(corpus), `${record}.pdf`);
}

export function recordPath(record: string, variant: Variant, corpus: Corpus = "sc2020"): string {
  return join(folder(corpus), "text", variant, `${record}.txt`);
}

export function hasVariant(record: string, variant: Variant, corpus: Corpus = "sc2020"): boolean {
  return existsSync(recordPath(record, variant, corpus));
}

export function recordText(record: string, variant: Variant, corpus: Corpus = "sc2020"): string {
  return readFileSync(recordPath(record, variant, corpus), "utf8");
}

function tsv(file: string, corpus: Corpus): Record<string, string>[] {
  const path = join(labelsOf(corpus), file);
  // The 1950 scan has no hyphen labels.
  if (!existsSync(path)) return [];
  const [head, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const keys = head.split("\t");
  return rows.map((r) => Object.fromEntries(r.split("\t").map((v, k) => [keys[k], v ?? ""])));
}

export interface RecordLabels {
  speeches: { n: number; page: number; header: string }[];
  furniture: { page: number; text: string }[];
  hyphens: { page: number; left: string; right: string; decision: "join" | "keep" }[];
}

export function recordLabels(record: string, corpus: Corpus = "sc2020"): RecordLabels {
  return {
    speeches: tsv(`${record}.speeches.tsv`, corpus).map((r) => ({
      n: Number(r.n),
      page: Number(r.page),
      header: r.header,
    })),
    furniture: tsv(`${record}.furniture.tsv`, corpus).map((r) => ({ page: Number(r.page), text: r.text })),
    hyphens: tsv(`${record}.hyphens.tsv`, corpus).map((r) => ({
      page: Number(r.page),
      left: r.left,
      right: r.right,
      decision: r.decision as "join" | "keep",
    })),
  };
}

/**
 * A header compared across extractors: no white space or control characters (pdftotext -raw
 * drops the spaces of tightly set lines; a wrapped header has a line break), straight quotes, no
 * soft hyphen, no final colon.
 */
export function headerKey(s: string): string {
  return (
    s
      .normalize("NFC")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: extractors leave control characters in headers
      .replace(/[\s\u0000-\u001F\u00AD]+/g, "")
      .replace(/[’‘]/g, "'")
      .replace(/:$/, "")
  );
}

/** The longest common subsequence of two key lists: which labelled items were found, in order. */
export function align(labelled: readonly string[], found: readonly string[]): { missed: number[]; extra: number[] } {
  const n = labelled.length;
  const m = found.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = labelled[i] === found[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const missed: number[] = [];
  const extra: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (labelled[i] === found[j]) {
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) missed.push(i++);
    else extra.push(j++);
  }
  while (i < n) missed.push(i++);
  while (j < m) extra.push(j++);
  return { missed, extra };
}

/** The header of each speech of a model, as written (its colon left out). */
export function foundHeaders(model: TranscriptModel): string[] {
  return model.speeches.map((s) => model.text.slice(s.header.span.start, s.header.span.end).replace(/:$/, ""));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: page-number lines hold a backspace
const squeeze = (s: string) => s.replace(/[\s\u0000-\u001F]+/g, "");

/**
 * The lines of a text that are page furniture by the labels: made only of the record's labelled
 * furniture elements (white space aside, so that `S/PV. 8699` matches `S/PV.8699`). A line made
 * only of a running head's title (`The situation in the Middle East`, also an agenda heading in
 * the body) counts only beside a line holding a symbol, a page or job number or a date. A line
 * of a paragraph labelled as one element (a correction notice) counts too.
 * Lines of white space and control characters alone are neither.
 */
/** A labelled furniture element this long (letters and digits, no spaces) is a paragraph: it wraps. */
const PARAGRAPH = 100;

export function labelledFurnitureLines(
  lines: readonly string[],
  labels: RecordLabels,
): { furniture: Set<number>; neutral: Set<number> } {
  const elementsOf = (furniture: RecordLabels["furniture"]) =>
    [...new Set(furniture.map((f) => squeeze(f.text)))].filter(Boolean).sort((a, b) => b.length - a.length);
  const all = elementsOf(labels.furniture);
  // Page 1 is the cover page: up to its last furniture (the barcode), only its own elements count
  // (the record symbol at its top is the cover's, not a running head).
  const first = elementsOf(labels.furniture.filter((f) => f.page === 1));
  // Where the cover ends is told by elements with a letter or a digit (a stray printed `.` is in
  // every sentence).
  const marks = first.filter((e) => /[\p{L}\p{N}]/u.test(e));
  const onCover = (i: number) => marks.some((e) => squeeze(lines[i]).includes(e));
  let lastOfCover = marks.length ? lines.findIndex((_, i) => onCover(i)) : -1;
  for (let i = lastOfCover + 1; lastOfCover >= 0 && i < lines.length && i < lastOfCover + 10; i++)
    if (onCover(i)) lastOfCover = i;
  const strong = (e: string) => /\d/.test(e);
  const paragraphs = all.filter((e) => e.length >= PARAGRAPH);
  const kind = lines.map((line, i): "none" | "weak" | "strong" | "neutral" => {
    const elements = i <= lastOfCover ? first : all;
    let rest = squeeze(line);
    if (!rest) return "neutral";
    let hasStrong = false;
    for (const e of elements) {
      if (!rest.includes(e)) continue;
      rest = rest.split(e).join("");
      if (strong(e)) hasStrong = true;
    }
    if (rest) {
      // A line of a paragraph labelled as one element (page 1's correction notice below speech
      // text, in the General Assembly records of test/corpus/eras).
      return rest.length >= 20 && paragraphs.some((e) => e.includes(rest)) ? "strong" : "none";
    }
    return hasStrong ? "strong" : "weak";
  });
  const furniture = new Set<number>();
  const neutral = new Set<number>();
  const near = (i: number) => {
    // The nearest two lines with text on each side.
    for (const dir of [-1, 1]) {
      let seen = 0;
      for (let j = i + dir; j >= 0 && j < lines.length && seen < 2; j += dir) {
        if (kind[j] === "neutral") continue;
        seen++;
        if (kind[j] === "strong") return true;
      }
    }
    return false;
  };
  kind.forEach((k, i) => {
    if (k === "neutral") neutral.add(i);
    else if (k === "strong" || (k === "weak" && near(i))) furniture.add(i);
  });
  return { furniture, neutral };
}

/** The letters and digits a hyphen pair is compared by: `Secretary` | `General`. */
export function hyphenKey(left: string, right: string): string {
  const first = (s: string) => /^[\p{L}\p{N}]+/u.exec(s.normalize("NFC"))?.[0] ?? "";
  return `${left.normalize("NFC").toLowerCase()}|${first(right).toLowerCase()}`;
}

export interface RecordMeasure {
  speeches: number;
  found: number;
  /** Found, but where the extractor's reading order put them (not among the missed). */
  outOfOrder: string[];
  /** Labelled headers not found, as labelled. */
  missed: string[];
  /** Headers found that no label has (look-alikes taken for headers). */
  extra: string[];
  furnitureLines: number;
  furnitureFlagged: number;
  /** Labelled furniture lines not flagged, and flagged lines that are not furniture (text). */
  furnitureMissed: string[];
  furnitureFalse: string[];
  /** Line-end hyphens labelled keep that the model joins. */
  compoundsJoined: string[];
  hyphensLabelled: number;
  /** Labelled compounds the extractor wrote without their hyphen (`SecretaryGeneral`), and those restored. */
  hyphensLost: number;
  hyphensRestored: number;
  /** Lost hyphens not restored, and restorations no label supports. */
  lostMissed: string[];
  restoredFalse: string[];
}

export function measure(
  model: TranscriptModel,
  labels: RecordLabels,
  diagnostics: readonly Diagnostic[] = [],
): RecordMeasure {
  const wanted = labels.speeches.map((s) => headerKey(s.header));
  const got = foundHeaders(model);
  const { missed, extra } = align(
    wanted,
    got.map((h) => headerKey(h)),
  );
  const lines: string[] = [];
  for (let i = 0; i < model.lines.lineCount; i++) lines.push(model.lines.line(i));
  const { furniture, neutral } = labelledFurnitureLines(lines, labels);
  const flagged = new Set<number>();
  model.lineKinds.forEach((k, i) => {
    if (k === "furniture" && !neutral.has(i)) flagged.add(i);
    // A correction notice labelled as furniture that the model reads as the cover's boilerplate
    // (sc2020's rule: see test/corpus/labels/eras/NOTES-eras.md) is found too.
    if (k === "boilerplate" && furniture.has(i)) flagged.add(i);
  });
  const keep = new Set(labels.hyphens.filter((h) => h.decision === "keep").map((h) => hyphenKey(h.left, h.right)));
  const compoundsJoined: string[] = [];
  for (const b of model.tokens.hyphenBreaks) {
    if (b.decision !== "join") continue;
    const left = model.text.slice(b.before.start, b.before.end);
    const right = model.text.slice(b.after.start, b.after.end);
    if (keep.has(hyphenKey(left, right))) compoundsJoined.push(`${left}-${right}`);
  }
  // A speech missed in order and found elsewhere: the extractor moved it (pdftotext's reading order).
  const extraKeys = extra.map((k) => headerKey(got[k]));
  const outOfOrder: string[] = [];
  const stillMissed: number[] = [];
  for (const k of missed) {
    const at = extraKeys.indexOf(wanted[k]);
    if (at >= 0) {
      extraKeys.splice(at, 1);
      extra.splice(at, 1);
      outOfOrder.push(labels.speeches[k].header);
    } else stillMissed.push(k);
  }
  // Compounds written without their hyphen: each occurrence of a labelled compound's letters as one word.
  const lostForms = new Map<string, string>();
  for (const h of labels.hyphens)
    if (h.decision === "keep") lostForms.set(`${h.left}${h.right}`.normalize("NFC"), `${h.left}-${h.right}`);
  const words = [...model.text.matchAll(/[\p{L}\p{N}]+/gu)].filter((m) => lostForms.has(m[0].normalize("NFC")));
  const restored = diagnostics.filter((d) => d.code === "lost-hyphen");
  const at = (d: Diagnostic) => model.lines.offsetAt(d.range.start);
  const restoredAt = new Set(restored.map(at));
  const lostMissed = words.filter((m) => !restoredAt.has(m.index)).map((m) => m[0]);
  const lostAt = new Set(words.map((m) => m.index));
  const restoredFalse = restored.filter((d) => !lostAt.has(at(d))).map((d) => d.message);
  return {
    hyphensLost: words.length,
    hyphensRestored: words.length - lostMissed.length,
    lostMissed,
    restoredFalse,
    speeches: wanted.length,
    found: wanted.length - stillMissed.length,
    outOfOrder,
    missed: stillMissed.map((k) => labels.speeches[k].header),
    extra: extra.map((k) => got[k]),
    furnitureLines: furniture.size,
    furnitureFlagged: [...furniture].filter((i) => flagged.has(i)).length,
    furnitureMissed: [...furniture].filter((i) => !flagged.has(i)).map((i) => `${i + 1}: ${lines[i]}`),
    furnitureFalse: [...flagged].filter((i) => !furniture.has(i)).map((i) => `${i + 1}: ${lines[i]}`),
    compoundsJoined,
    hyphensLabelled: labels.hyphens.length,
  };
}

/**
 * A text's words for the word-fidelity measure: white-space separated, NFC, punctuation at either
 * end taken off (`(spoke` → `spoke`, `2020),` → `2020`), punctuation alone (leader dots, dashes)
 * dropped; inner punctuation kept (`S/2020/24`, `Council’s`, `co-penholders`).
 */
export function fidelityWords(text: string): string[] {
  const out: string[] = [];
  for (const token of text.normalize("NFC").split(/\s+/)) {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (word) out.push(word);
  }
  return out;
}

/**
 * The reference words of a record for the PDF import's word fidelity: the `pdftotext -raw` text
 * (an extractor other than pdf.js, whose text the import reads) less the labelled furniture lines,
 * each line-end hyphen resolved as labelled (all 171 are compounds: kept, the halves joined).
 */
export function referenceWords(record: string, corpus: Corpus = "sc2020"): string[] {
  const labels = recordLabels(record, corpus);
  // pdftotext's form feeds and backspaces separate like spaces.
  const lines = recordText(record, "raw", corpus)
    .replace(/[\f\b]/g, " ")
    .split("\n");
  const { furniture } = labelledFurnitureLines(lines, labels);
  const decisions = new Map(labels.hyphens.map((h) => [hyphenKey(h.left, h.right), h.decision]));
  let text = "";
  lines.forEach((line, i) => {
    if (furniture.has(i)) return;
    const trimmed = line.trimEnd();
    const hyphen = /([\p{L}\p{N}'’-]*[\p{L}\p{N}])-$/u.exec(trimmed);
    if (hyphen) {
      // The next line's first word, furniture skipped: the label's right half.
      let j = i + 1;
      while (j < lines.length && (furniture.has(j) || !lines[j].trim())) j++;
      const right = lines[j] ?? "";
      const decision = decisions.get(hyphenKey(hyphen[1].replace(/^.*[^\p{L}\p{N}'’-]/u, ""), right.trim())) ?? "keep";
      text += decision === "join" ? trimmed.slice(0, -1) : trimmed;
      return;
    }
    text += `${trimmed}\n`;
  });
  return fidelityWords(text);
}

export interface Fidelity {
  /** Reference words. */
  words: number;
  /** Words missed, added or changed (a change counted once): 1 − errors/words is the fidelity. */
  errors: number;
  /**
   * Places where the reference ran words together that the output has apart (`pdftotext -raw`
   * drops the spaces of tightly set lines): not errors, counted apart.
   */
  referenceSpacing: number;
  /** The differences, `reference → output`, for a report. */
  differences: string[];
}

/**
 * Word fidelity of an output against reference words: the words aligned (a diff), each changed
 * stretch counting as many errors as its longer side. Where the reference ran words together
 * (its spaces lost), the stretch has the same letters and digits on both sides and fewer words in
 * the reference: no error. Changed stretches apart by at most three unchanged words are compared
 * as one (a diff may match a short word inside a run of fused ones).
 */
export function wordFidelity(reference: readonly string[], output: readonly string[]): Fidelity {
  const changes = diffArrays(reference as string[], output as string[]);
  const changed = (j: number) => changes[j] !== undefined && (changes[j].added || changes[j].removed);
  let errors = 0;
  let referenceSpacing = 0;
  const differences: string[] = [];
  const key = (words: readonly string[]) => words.join("").replace(/[^\p{L}\p{N}]/gu, "");
  let k = 0;
  while (k < changes.length) {
    if (!changed(k)) {
      k++;
      continue;
    }
    // A region: changes, and unchanged stretches of at most three words between two changes.
    let end = k;
    while (changed(end + 1) || (changes[end + 1]?.value.length <= 3 && changed(end + 2))) end++;
    const removed: string[] = [];
    const added: string[] = [];
    let errorsHere = 0;
    let r = 0;
    let a = 0;
    for (let j = k; j <= end; j++) {
      const c = changes[j];
      if (c.removed) {
        removed.push(...c.value);
        r += c.value.length;
      } else if (c.added) {
        added.push(...c.value);
        a += c.value.length;
      } else {
        removed.push(...c.value);
        added.push(...c.value);
        errorsHere += Math.max(r, a);
        r = 0;
        a = 0;
      }
    }
    errorsHere += Math.max(r, a);
    k = end + 1;
    if (removed.length < added.length && key(removed) === key(added)) {
      referenceSpacing++;
      continue;
    }
    errors += errorsHere;
    differences.push(`${removed.join(" ")} → ${added.join(" ")}`);
  }
  return { words: reference.length, errors, referenceSpacing, differences };
}

/** The record's text by `pdftotext -raw`, labelled furniture lines taken out (what the reference words come from). */
export function referenceText(record: string, corpus: Corpus = "sc2020"): string {
  const labels = recordLabels(record, corpus);
  const lines = recordText(record, "raw", corpus)
    .replace(/[\f\b]/g, " ")
    .split("\n");
  const { furniture } = labelledFurnitureLines(lines, labels);
  return lines.filter((_, i) => !furniture.has(i)).join("\n");
}

/**
 * Page furniture left in a text: each labelled furniture element (`2/12`, `20-00806`,
 * `S/PV.8700`, a running head's title) counted where it stands as a whole (not inside a longer
 * symbol or number), beyond the times the record's own text (the reference, furniture lines out)
 * holds it: a speaker may cite `S/PV.8697`, the agenda heading repeats the running head's title.
 */
export function furnitureLeaks(record: string, text: string, corpus: Corpus = "sc2020"): string[] {
  const squeezeSpaces = (s: string) => s.replace(/\s+/g, " ");
  const reference = squeezeSpaces(referenceText(record, corpus));
  const output = squeezeSpaces(text);
  const count = (haystack: string, element: string) => {
    const escaped = element.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace(/ /g, "\\s*");
    return [...haystack.matchAll(new RegExp(`(?<![\\p{L}\\p{N}/.-])${escaped}(?![\\p{L}\\p{N}/-])`, "gu"))].length;
  };
  const leaks: string[] = [];
  // The cover's opening line (`United Nations A/48/PV.46`): a symbol there is the cover's, where the
  // import put one printed only in page 1's footer (a 1990s cover), not a running head.
  const opening = squeezeSpaces(text.split("\n").find((l) => l.trim()) ?? "");
  const SYMBOL_ONLY = /^[AS]\/(?:[\w.-]+\/)*PV\.\d+$/u;
  for (const element of new Set(recordLabels(record, corpus).furniture.map((f) => squeezeSpaces(f.text).trim()))) {
    // Punctuation alone (a stray printed `.`) cannot be told from the text's own.
    if (!/[\p{L}\p{N}]/u.test(element)) continue;
    const onOpening = SYMBOL_ONLY.test(element) ? count(opening, element) : 0;
    // Once: the reference holds the cover's symbol where the cover prints it.
    const extra = count(output, element) - Math.max(onOpening, count(reference, element));
    if (extra > 0) leaks.push(`${element} ×${extra}`);
  }
  return leaks;
}
