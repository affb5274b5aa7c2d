// Speaker headers that the OCR misread: the parser finds no header and a speech is lost. A header's
// office and names are often set in small capitals (`The PRESIDENT`, `Mr. AUSTIN`, 1946–1990s),
// which Tesseract reads badly (`The Presment`, `The Preswwent`), and its punctuation is small
// (`Mr,`, `(Ecuador) :`, `{United Kingdom)`, `Russian);`). Put right from the language's data, on a
// line that opens like a header (an office, or a personal title before a capitalised word) and
// only where the line then has a header's shape (the office or title and name, groups in
// parentheses, a colon); a name is never changed:
// - a stray mark before the first word (`‘The`);
// - an office's words but for a third of their letters (two in a short word) in each word after
//   the first (`The Presipent`, `The PRresipentT`), in capitals where the OCR read most letters past
//   the first in capitals;
// - a personal title (`titles`: `Mr.`, `Sir`) read one letter away (`Mr,`, `Mr`, `Mfr`, `Sit`); of
//   two as near, the one the record's headers use most;
// - a bracket read as a brace or square bracket (`{United Kingdom)`, `Russian}`);
// - the interpretation note's words (`(iranslated from Russtan)`, `Cranslated`: the note's words and
//   the official languages' names, within two letters);
// - the colon after the last group: read apart (`) :`), as a semicolon (`);`), or lost after an
//   interpretation note (`(translated from Russian) It`); a delegation's closing parenthesis read as
//   a letter (`(Chinay:`) where a State (the States' data) or the record's other headers have that
//   name (`China`) and not the name as read.
// A word keeps its box and confidence: a low one makes it a doubtful word, for the editor to check.
// A name is never put right (no data says what it should be): a header's name word read below
// REREAD_BELOW, even after its second reading, is marked doubtful (a name in small capitals read
// `Tstaxe` with a confidence of 62 for `TSIANG`), whatever DOUBT_BELOW says of other words: no
// lexicon catches a misread name, and the header's is the one the speakers' list shows.
import { join } from "node:path";
import { defaultDataDir, loadData, readDataText } from "../../data";
import { REREAD_BELOW } from "./reread";
import type { OcrLine } from "./tsv";

/** Levenshtein distance, stopping past `max` (small words: quadratic in a word's length). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

/** A word's letters, its outer punctuation apart: `Presment:` → [``, `Presment`, `:`]. */
function parts(text: string): [string, string, string] {
  const m = /^(\P{L}*)(.*?)(\P{L}*)$/u.exec(text);
  return m ? [m[1], m[2], m[3]] : ["", text, ""];
}

interface HeaderWords {
  offices: string[][];
  /** Personal titles as printed (`Mr.`, `Sir`), in the data's order. */
  titles: string[];
  /** The interpretation note's words (`translated`, `spoke`, `interpretation`…), lower case. */
  note: string[];
  /** The official languages' names as the notes write them (`Russian`). */
  languages: string[];
}
let headerWords: Map<string, HeaderWords> | undefined;
function headerWordsOf(language: string): HeaderWords | undefined {
  if (!headerWords) {
    headerWords = new Map();
    for (const l of loadData().languages)
      headerWords.set(l.language, {
        offices: (l.offices ?? [])
          .map((o) => o.split(/\s+/))
          .filter((w) => w.length >= 2)
          .sort((a, b) => b.length - a.length),
        titles: [...(l.nameOnlyTitles ?? [])],
        // The note's words (its pattern's lower-case words of five letters or more).
        note: [...new Set(String(l.note ?? "").match(/(?<![\\[])\b\p{Ll}{5,}\b/gu) ?? [])],
        languages: Object.values(l.officialLanguages?.names ?? {}).filter((n) => n.length >= 5),
      });
  }
  return headerWords.get(language);
}

let states: Set<string> | undefined;
/**
 * The States' names as records print them (server/data/states/states.tsv: the short names in each
 * language and the other names), read once; the PDF import reads the data, not the glossary.
 */
function stateNames(): Set<string> {
  if (!states) {
    states = new Set();
    const rows = (readDataText(join(defaultDataDir(), "states", "states.tsv")) ?? "").split(/\r?\n/);
    const header = rows[0]?.split("\t") ?? [];
    const columns = ["en", "fr", "es", "ru", "aliases"].map((c) => header.indexOf(c)).filter((k) => k >= 0);
    for (const row of rows.slice(1)) {
      const f = row.split("\t");
      for (const k of columns) for (const name of (f[k] ?? "").split("|")) if (name.trim()) states.add(name.trim());
    }
  }
  return states;
}

/** The most words a header's office or title and name take before its first group. */
const MAX_NAME_WORDS = 6;
/** The most words a header's groups take, up to its colon. */
const MAX_HEADER_WORDS = 16;

/** What a line opens with: an office (its words) or a personal title, and where its name or groups start. */
type Opening = { kind: "office"; office: string[] } | { kind: "title"; title: string };

interface RecordHeaders {
  /** How many header-shaped lines open with each title, as read. */
  titleUse: Map<string, number>;
  /** The delegations the record's header-shaped lines name, as read (`China`). */
  entities: Set<string>;
}

/** The lines with their headers' misread words put right (in place); how many words were. */
export function correctHeaders(lines: OcrLine[], language: string): number {
  const data = headerWordsOf(language);
  if (!data) return 0;
  let changed = 0;
  // Twice: the headers put right the first time name the delegations and titles of the second.
  for (let pass = 0; pass < 2; pass++) {
    const record = readRecord(lines, data);
    for (const line of lines) changed += repairLine(line, data, record);
  }
  return changed;
}

/** The titles and delegations of the lines already read as headers (their text as it is). */
function readRecord(lines: readonly OcrLine[], data: HeaderWords): RecordHeaders {
  const titleUse = new Map<string, number>();
  const entities = new Set<string>();
  const titles = new Set(data.titles);
  for (const line of lines) {
    const first = line.words[0]?.text;
    if (!first || !titles.has(first)) continue;
    const m = /^\S+ [^():]{1,80}? \(([^()]{2,80})\)(?: \([^()]*\))?:/u.exec(line.words.map((w) => w.text).join(" "));
    if (!m) continue;
    titleUse.set(first, (titleUse.get(first) ?? 0) + 1);
    entities.add(m[1]);
  }
  return { titleUse, entities };
}

/** The office a line opens with, its words after the first but for a third of their letters (two in a short word). */
function officeOpening(texts: readonly string[], data: HeaderWords): string[] | undefined {
  for (const office of data.offices) {
    if (texts.length < office.length || texts[0] !== office[0]) continue;
    let fits = true;
    for (let k = 1; k < office.length && fits; k++) {
      const [, letters] = parts(texts[k]);
      const max = Math.max(2, Math.floor(office[k].length / 3));
      fits = letters.length >= 4 && editDistance(letters.toLowerCase(), office[k].toLowerCase(), max) <= max;
    }
    if (fits) return office;
  }
  return undefined;
}

/** The personal title a line's first word is, or is one letter from (the record's most used of two as near). */
function titleOpening(texts: readonly string[], data: HeaderWords, record: RecordHeaders): string | undefined {
  const [, letters, end] = parts(texts[0]);
  if (!/^\p{Lu}/u.test(letters) || !/^\p{Lu}/u.test(texts[1] ?? "") || end.length > 1) return undefined;
  let best: string | undefined;
  let bestDistance = 2;
  for (const title of data.titles) {
    const bare = title.replace(/\.$/, "");
    if (letters === bare) return title;
    const d = editDistance(letters, bare, 1);
    const more = (t: string | undefined) => (t ? (record.titleUse.get(t) ?? 0) : -1);
    if (d < bestDistance || (d === bestDistance && more(title) > more(best))) {
      best = title;
      bestDistance = d;
    }
  }
  return bestDistance <= 1 && letters.length >= 2 ? best : undefined;
}

const OPENING_BRACKET = /^[{[]/u;
const CLOSING_BRACKET = /[}\]](?=\P{L}*$)/u;

/** Puts right one line's header (see the module's comment); how many words changed. */
function repairLine(line: OcrLine, data: HeaderWords, record: RecordHeaders): number {
  const w = line.words;
  if (w.length < 2) return 0;
  const texts = w.map((x) => x.text);
  texts[0] = texts[0].replace(/^[‘’'"“”`´,.]+(?=\p{Lu})/u, "");
  const office = officeOpening(texts, data);
  const title = office ? undefined : titleOpening(texts, data, record);
  if (!office && !title) return 0;
  const opening: Opening = office ? { kind: "office", office } : { kind: "title", title: title as string };
  let k: number;
  if (opening.kind === "office") {
    for (let j = 1; j < opening.office.length; j++) {
      const [before, letters, end] = parts(texts[j]);
      const printed = opening.office[j];
      const lower = printed.toLowerCase();
      if ([printed, printed.toUpperCase(), lower, lower[0].toUpperCase() + lower.slice(1)].includes(letters)) continue;
      // In capitals when most letters past the first are (`PrEsIDENT`), not for one stray capital.
      const rest = letters.slice(1);
      const capitals = (rest.match(/\p{Lu}/gu)?.length ?? 0) * 2 > rest.length;
      texts[j] = before + (capitals ? printed.toUpperCase() : printed) + end;
    }
    k = opening.office.length;
  } else {
    texts[0] = opening.title;
    // The name: up to its first group.
    k = 1;
    while (k < texts.length && k <= MAX_NAME_WORDS && !/^[({[]/u.test(texts[k]) && !noteWord(texts[k], data)) {
      if (/[:()]/u.test(texts[k])) return 0;
      k++;
    }
    if (k === 1 || k >= texts.length || k > MAX_NAME_WORDS) return 0;
  }
  const end = groups(texts, k, data, record, opening.kind === "office");
  if (end === undefined) return 0;
  // The name's words read with little confidence: doubtful (not a change: the text stays as read).
  if (opening.kind === "title")
    for (let j = 1; j < k; j++)
      if (w[j].confidence < REREAD_BELOW && !w[j].doubtful) w[j] = { ...w[j], doubtful: true };
  let changed = 0;
  for (let j = 0; j < texts.length; j++)
    if (texts[j] !== w[j].text) {
      w[j] = { ...w[j], text: texts[j] };
      changed++;
    }
  // A colon read apart from the `)` before it joins it, its box with it.
  if (end.joinColon !== undefined) {
    const j = end.joinColon;
    const a = w[j - 1].box;
    const b = w[j].box;
    w[j - 1] = { ...w[j - 1], text: `${w[j - 1].text}:`, box: { ...a, width: b.x + b.width - a.x } };
    w.splice(j, 1);
    changed++;
  }
  return changed;
}

/** A word that is the interpretation note's first, its `(` misread or lost (`Cranslated`, `(iranslated`). */
function noteWord(text: string, data: HeaderWords): string | undefined {
  const [before, letters] = parts(text);
  if (letters.length < 5) return undefined;
  const lower = letters.toLowerCase();
  const near = (s: string) => data.note.find((n) => editDistance(s, n, 2) <= (s.length >= 6 ? 2 : 1));
  if (before === "(" || before === "{" || before === "[") return near(lower);
  if (before) return undefined;
  // The parenthesis read as a letter: `Cranslated`.
  const exact = data.note.find((n) => editDistance(lower.slice(1), n, 1) <= 1);
  return exact && /^\p{Lu}/u.test(letters) ? exact : undefined;
}

/**
 * The header's groups from word `k`: brackets, the note's words and the colon put right in
 * `texts`. Undefined when the words after the office or name are no header's (nothing changes).
 */
function groups(
  texts: string[],
  k: number,
  data: HeaderWords,
  record: RecordHeaders,
  office: boolean,
): { joinColon?: number } | undefined {
  // An office alone: `The PRESIDENT:`.
  if (office && /:$/.test(texts[k - 1])) return {};
  let j = k;
  while (j < texts.length && j < k + MAX_HEADER_WORDS) {
    // A group's opening.
    const note = noteWord(texts[j], data);
    if (note) texts[j] = `(${note}${parts(texts[j])[2]}`;
    else if (OPENING_BRACKET.test(texts[j])) texts[j] = `(${texts[j].slice(1)}`;
    if (!texts[j].startsWith("(")) return undefined;
    const isNote = note !== undefined || noteWord(texts[j], data) !== undefined;
    const start = j;
    // Its words, up to the one that closes it.
    for (; j < texts.length && j < k + MAX_HEADER_WORDS; j++) {
      if (j > start && texts[j].startsWith("(")) return undefined;
      if (isNote && j > start) {
        const [before, letters, after] = parts(texts[j]);
        const language = data.languages.find((n) => letters !== n && editDistance(letters, n, 2) <= 2);
        if (language && j > start + 1) texts[j] = before + language + after;
      }
      texts[j] = texts[j].replace(CLOSING_BRACKET, ")");
      if (texts[j].includes(")")) break;
      // A delegation's `)` read as a letter before the colon (`(Chinay:`), where the record names it.
      if (/:$/.test(texts[j])) {
        if (isNote) return undefined;
        const inside = [...texts.slice(start, j), texts[j].slice(0, -2)].join(" ").slice(1);
        const known = (name: string) => record.entities.has(name) || stateNames().has(name);
        if (known(inside) && !known(`${inside}${texts[j].slice(-2, -1)}`)) {
          texts[j] = `${texts[j].slice(0, -2)}):`;
          break;
        }
        return undefined;
      }
    }
    // A header broken over two lines: its group goes on below.
    if (j >= texts.length) return {};
    if (!/\)\P{L}*$/u.test(texts[j])) return undefined;
    const after = texts[j].slice(texts[j].lastIndexOf(")") + 1);
    if (after === ":") return {};
    if (after === ";") {
      texts[j] = `${texts[j].slice(0, -1)}:`;
      return {};
    }
    if (after !== "") return undefined;
    const next = texts[j + 1];
    if (next !== undefined && /^[:;]$/.test(next)) {
      texts[j + 1] = ":";
      return { joinColon: j + 1 };
    }
    j++;
    if (next === undefined) return {}; // the next line may go on
    if (next.startsWith("(") || OPENING_BRACKET.test(next) || noteWord(next, data)) continue;
    // No colon: after an interpretation note only, before a speech's first word (`It`, `I` read `1`).
    if (!isNote || !/^[\p{Lu}\p{N}“"‘']/u.test(next)) return undefined;
    texts[j - 1] = `${texts[j - 1]}:`;
    return {};
  }
  return undefined;
}
