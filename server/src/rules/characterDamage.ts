import { hyphenatedNumber } from "../model/dates";
import { memoOf } from "../model/memo";
import type { TranscriptModel } from "../model/types";
import type { Span } from "../types";
import { joinEdits as joinEditsFor } from "./brokenHyphenation";
import type { Finding, Rule } from "./registry";

/**
 * Characters damaged by extraction, and what was meant. Mojibake is UTF-8 read as Windows-1252
 * (`â€™` for `’`); ligatures are Unicode's presentation forms (U+FB00–U+FB06).
 */
const REPLACEMENTS: [string, string, string][] = [
  ["\uFB00", "ff", "the ligature ﬀ"],
  ["\uFB01", "fi", "the ligature ﬁ"],
  ["\uFB02", "fl", "the ligature ﬂ"],
  ["\uFB03", "ffi", "the ligature ﬃ"],
  ["\uFB04", "ffl", "the ligature ﬄ"],
  ["\uFB05", "st", "the ligature ﬅ"],
  ["\uFB06", "st", "the ligature ﬆ"],
  ["â€™", "’", "mojibake for ’"],
  ["â€˜", "‘", "mojibake for ‘"],
  ["â€œ", "“", "mojibake for “"],
  ["â€\u009d", "”", "mojibake for ”"],
  ["â€“", "–", "mojibake for –"],
  ["â€”", "—", "mojibake for —"],
  ["â€¦", "…", "mojibake for …"],
  ["Ã©", "é", "mojibake for é"],
  ["Ã¨", "è", "mojibake for è"],
  ["Ã¡", "á", "mojibake for á"],
  ["Ã³", "ó", "mojibake for ó"],
  ["Ã±", "ñ", "mojibake for ñ"],
  ["Ã§", "ç", "mojibake for ç"],
  ["Ã¶", "ö", "mojibake for ö"],
  ["Ã¼", "ü", "mojibake for ü"],
  ["Ãº", "ú", "mojibake for ú"],
  ["Ã­", "í", "mojibake for í"],
  ["Ã¢", "â", "mojibake for â"],
  ["Ã´", "ô", "mojibake for ô"],
  ["Ã®", "î", "mojibake for î"],
  ["Ã«", "ë", "mojibake for ë"],
];

const DAMAGE = new RegExp(
  `${REPLACEMENTS.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}|\u00AD|\u2011[ \\t]*$|(?<=\\S) {2,}(?=\\S)|[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F]|(?<=\\S)\\f|\\f(?=\\S)|(?<=\\p{L})\\d{2}-\\d{5}(?=[ \\t]*$)`,
  "gmu",
);

/** Cheap first look: a line with none of these characters has no damage (most lines). */
const MAYBE_DAMAGE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are damage this looks for
  /[\uFB00-\uFB06\u00C3\u00E2\u00AD\u2011\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]| {2}|\d{2}-\d{5}[ \t]*$/;

export interface Damage {
  span: Span;
  replacement: string;
  what: string;
}

/** Finds damaged characters in lines of text (a line-end soft hyphen is left to the hyphen rule's join). */
export function findDamage(model: TranscriptModel): Damage[] {
  const out: Damage[] = [];
  // Each line read on its own; unchanged lines keep what the previous version found.
  const damageOf = memoOf(model).lines("damage", (i) => model.lines.line(i), lineDamage);
  for (let i = 0; i < model.lines.lineCount; i++) {
    const kind = model.lineKinds[i];
    if (kind === "blank" || kind === "furniture") continue;
    const start = model.lines.starts[i];
    for (const d of damageOf(i)) {
      // The cover page's dot leaders are set with wide spaces (`China. . . . .  Mr. Zhang Jun`).
      if (kind === "cover" && d.what === DOUBLED) continue;
      out.push({ ...d, span: { start: d.span.start + start, end: d.span.end + start } });
    }
  }
  return out;
}

const NONE: Damage[] = [];
/** A word ending in `y`, a hyphen, one space and a word: the shape of `forty- ninth`. */
const STRAY_SPACE = /(?<![\p{L}-])(\p{L}{4,7}y)- (\p{Ll}{3,8})(?![\p{L}-])/gu;
const DOUBLED = "doubled spaces";

/** The damaged characters of one line, with spans from the line's start. */
function lineDamage(line: string): Damage[] {
  const out: Damage[] = [];
  // A number word's hyphen left with a space after it where a line break was (`forty- ninth`).
  if (line.includes("- ")) {
    for (const m of line.matchAll(STRAY_SPACE)) {
      const word = hyphenatedNumber(`${m[1]}${m[2]}`.toLowerCase());
      if (!word) continue;
      const at = m.index + m[1].length + 1;
      out.push({ span: { start: at, end: at + 1 }, replacement: "", what: `a stray space in “${word}”` });
    }
  }
  if (!MAYBE_DAMAGE.test(line)) return out.length ? out : NONE;
  for (const m of line.matchAll(DAMAGE)) {
    const found = m[0];
    const at = m.index ?? 0;
    const span = { start: at, end: at + found.length };
    const known = REPLACEMENTS.find(([from]) => from === found);
    if (known) out.push({ span, replacement: known[1], what: known[2] });
    else if (found === "\u00AD") {
      // A soft hyphen inside a line is invisible typesetting; at a line end it splits a word (below).
      if (/^\u00AD[ \t]*$/.test(line.slice(m.index ?? 0))) continue;
      out.push({ span, replacement: "", what: "a soft hyphen (U+00AD)" });
    } else if (found.startsWith("\u2011"))
      out.push({
        span: { start: at, end: at + 1 },
        replacement: "-",
        what: "a non-breaking hyphen (U+2011) at a line end",
      });
    else if (found.startsWith(" ")) out.push({ span, replacement: " ", what: DOUBLED });
    else if (found === "\f") out.push({ span, replacement: "", what: "a form feed in mid-text" });
    else if (/^\d{2}-\d{5}$/.test(found))
      // pdftotext may run the page's job number into the last word of a column.
      out.push({ span, replacement: "", what: `the job number ${found} (page furniture) run into the text` });
    else
      out.push({
        span,
        replacement: "",
        what: `a stray control character (U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})`,
      });
  }
  return out;
}

/** `character-damage`: ligatures, mojibake, soft and non-breaking hyphens, doubled spaces, control characters. */
export const characterDamage: Rule = {
  code: "character-damage",
  description:
    "Characters damaged by extraction: ligatures (ﬁ), mojibake (â€™), soft hyphens, doubled spaces, control characters.",
  defaultSeverity: "warning",
  category: "cleaning",
  check(model) {
    const out: Finding[] = findDamage(model).map((d) => {
      const range = model.lines.spanRange(d.span);
      return {
        range,
        message: `Damaged text: ${d.what}.`,
        fix: {
          title: d.replacement ? `Replace with “${d.replacement}”` : `Remove ${d.what}`,
          edits: [{ range, newText: d.replacement }],
          safe: true,
        },
      };
    });
    // A soft hyphen at a line end splits a word: join it as the hyphen rule does.
    for (const b of model.tokens.hyphenBreaks) {
      if (model.text[b.hyphen] !== "\u00AD") continue;
      const before = model.text.slice(b.before.start, b.before.end);
      const after = model.text.slice(b.after.start, b.after.end);
      out.push({
        range: model.lines.range(b.before.start, b.after.end),
        message: `Damaged text: a soft hyphen (U+00AD) splits “${before}${after}” at the line end.`,
        fix: { title: `Join “${before}${after}”`, edits: joinEditsFor(model, b), safe: true },
      });
    }
    return out.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  },
};
