// Every text of the corpus and whether an export holds every word of it; votes and stage
// directions read by people from the PDFs (test/corpus/labels/*/RECORD.votes.tsv and
// RECORD.vote-outcomes.tsv, see labels/eras/NOTES-votes.md) and how an export is measured against
// them. Shared by test/unit/proceedings.test.ts and bench/export.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { importPdf, type RecordExport, type TranscriptModel } from "../../server/src/index";
import { OCR_RECORDS } from "./records";

const LABELS = join(__dirname, "labels");

export interface LabelledVote {
  vote: number;
  method: string;
  subject: string;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  result: string;
  resolution: string;
  lists: { yes: string[]; no: string[]; abstain: string[] };
}

function tsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const keys = head.split("\t");
  return rows.filter(Boolean).map((r) => Object.fromEntries(r.split("\t").map((v, k) => [keys[k], v ?? ""])));
}

/** The labelled votes of a record (`eras/A_48_PV.46`), those taken with lists or counts; undefined where none are labelled. */
export function labelledVotes(record: string): LabelledVote[] | undefined {
  const outcomes = join(LABELS, `${record}.vote-outcomes.tsv`);
  if (!existsSync(outcomes)) return undefined;
  const rows = tsv(join(LABELS, `${record}.votes.tsv`));
  const num = (s: string) => (s === "" ? null : Number(s));
  return tsv(outcomes)
    .filter((o) => o.method !== "without-vote")
    .map((o) => {
      const of = (position: string) =>
        rows.filter((r) => r.vote === o.vote && r.position === position).map((r) => r.state);
      return {
        vote: Number(o.vote),
        method: o.method,
        subject: o.subject,
        yes: num(o.yes),
        no: num(o.no),
        abstain: num(o.abstain),
        result: o.result,
        resolution: o.resolution,
        lists: { yes: of("yes"), no: of("no"), abstain: of("abstain") },
      };
    });
}

/** A State's name compared across printings: letters and digits only, lower case, no diacritics. */
export const nameKey = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/^the /, "")
    .replace(/[^\p{L}\p{N}]+/gu, "");

export interface VoteScore {
  /** Labelled votes whose three lists the export gives exactly, in order. */
  exact: number;
  labelled: number;
  /** Exported votes whose lists' lengths equal the counts the record prints. */
  countsAgree: number;
  withCounts: number;
  problems: string[];
}

/** The export's votes against the labels: each labelled vote matched in order to the export's. */
export function scoreVotes(exported: RecordExport, labels: readonly LabelledVote[]): VoteScore {
  const score: VoteScore = { exact: 0, labelled: labels.length, countsAgree: 0, withCounts: 0, problems: [] };
  const votes = exported.votes.filter((v) => v.yes.length + v.no.length + v.abstain.length > 0 || v.outcome?.yes);
  labels.forEach((label, k) => {
    const v = votes[k];
    if (!v) {
      score.problems.push(`vote ${label.vote}: not found`);
      return;
    }
    const same = (["yes", "no", "abstain"] as const).every((p) => {
      const got = v[p].map((s) => nameKey(s.printed)).join("|");
      const want = label.lists[p].map(nameKey).join("|");
      if (got !== want)
        score.problems.push(`vote ${label.vote} ${p}: ${v[p].length} names, ${label.lists[p].length} labelled`);
      return got === want;
    });
    const counts =
      v.outcome?.yes === label.yes && v.outcome?.no === label.no && (v.outcome?.abstain ?? null) === label.abstain;
    if (!counts)
      score.problems.push(
        `vote ${label.vote}: counts ${v.outcome?.yes}-${v.outcome?.no}-${v.outcome?.abstain}, labelled ${label.yes}-${label.no}-${label.abstain}`,
      );
    if (same && counts) score.exact++;
  });
  if (votes.length > labels.length) score.problems.push(`${votes.length - labels.length} votes more than labelled`);
  for (const v of votes) {
    if (v.countsAgree === null) continue;
    score.withCounts++;
    if (v.countsAgree) score.countsAgree++;
  }
  return score;
}

/** The stage directions people read inside a speech that goes on after them (labels/eras/RECORD.directions.tsv). */
export function labelledInterruptions(
  record: string,
): { speech: number; header: string; kind: string; text: string }[] {
  const directions = join(LABELS, `${record}.directions.tsv`);
  if (!existsSync(directions)) return [];
  const headers = tsv(join(LABELS, `${record}.speeches.tsv`));
  return tsv(directions)
    .filter((d) => d.speech !== "")
    .map((d) => ({
      speech: Number(d.speech),
      header: headers.find((h) => h.n === d.speech)?.header ?? "",
      kind: d.kind,
      text: d.text,
    }));
}

const letterKey = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/**
 * Of the labelled stage directions inside speeches, those the model keeps inside the speech of the
 * same speaker, with the speech's text going on after them.
 */
export function scoreInterruptions(
  model: TranscriptModel,
  labels: readonly { header: string; text: string }[],
): { kept: number; labelled: number; problems: string[] } {
  let kept = 0;
  const problems: string[] = [];
  for (const l of labels) {
    const want = letterKey(l.text);
    const speech = model.speeches.find((s) =>
      s.interruptions.some((i) => letterKey(model.text.slice(i.span.start, i.span.end)) === want),
    );
    const inside = speech?.interruptions.find((i) => letterKey(model.text.slice(i.span.start, i.span.end)) === want);
    if (!speech || !inside) {
      problems.push(`“${l.text}” is not inside a speech`);
      continue;
    }
    const speaker = letterKey(model.text.slice(speech.header.span.start, speech.header.span.end));
    if (!speaker.startsWith(letterKey(l.header))) {
      problems.push(`“${l.text}” is inside the speech of ${speech.header.display}, labelled ${l.header}`);
      continue;
    }
    if (speech.endLine <= inside.endLine) {
      problems.push(`“${l.text}” ends the speech of ${speech.header.display}`);
      continue;
    }
    kept++;
  }
  return { kept, labelled: labels.length, problems };
}

// ---- Every text of the corpus, and whether an export holds every word of its record ----

export interface CorpusText {
  name: string;
  text: () => string | Promise<string>;
}

const CORPUS = __dirname;
const ROOT = join(__dirname, "..", "..");
const CORPORA = ["sc2020", "eras"];
const EXTRACTORS = ["raw", "plain", "layout", "pdfjs"];

/** Every extractor's text of every corpus record, and the samples. */
export function corpusTexts(): CorpusText[] {
  const out: CorpusText[] = [];
  for (const corpus of CORPORA)
    for (const variant of EXTRACTORS) {
      const dir = join(CORPUS, corpus, "text", variant);
      for (const f of readdirSync(dir)
        .filter((x) => x.endsWith(".txt"))
        .sort())
        out.push({ name: `${corpus}/${variant}/${f}`, text: () => readFileSync(join(dir, f), "utf8") });
    }
  const samples = join(ROOT, "samples");
  for (const f of readdirSync(samples).filter((x) => x.endsWith(".txt")))
    out.push({ name: `samples/${f}`, text: () => readFileSync(join(samples, f), "utf8") });
  for (const f of readdirSync(join(samples, "corpus")))
    out.push({ name: `samples/corpus/${f}`, text: () => readFileSync(join(samples, "corpus", f), "utf8") });
  return out;
}

const imports = new Map<string, Promise<string>>();
/** The import of a corpus PDF (`eras`, `A_48_PV.46`), once per process. */
export function imported(corpus: string, record: string): Promise<string> {
  const key = `${corpus}/${record}`;
  let text = imports.get(key);
  if (!text) {
    text = importPdf(readFileSync(join(CORPUS, corpus, `${record}.pdf`))).then((r) => {
      if (!r.ok) throw new Error(`${key}: ${r.message}`);
      return r.text;
    });
    imports.set(key, text);
  }
  return text;
}

/**
 * The import of every corpus PDF with a text layer the import takes: not the scan's OCR layer
 * (S/PV.492), which the import refuses as too poor (its OCR is test/unit/ocr.test.ts's).
 */
export function importTexts(): CorpusText[] {
  return CORPORA.flatMap((corpus) =>
    readdirSync(join(CORPUS, corpus))
      .filter((f) => f.endsWith(".pdf") && !OCR_RECORDS.has(f.slice(0, -4)))
      .sort()
      .map((f) => ({ name: `${corpus}/import/${f}`, text: () => imported(corpus, f.slice(0, -4)) })),
  );
}

/** Letters and digits of a text, in order, as one string: the words, whoever joins or splits them. */
const letters = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** A job number run into the text (`Secretary20-02121`): page furniture, which the cleaning takes out. */
const JOB_NUMBER = /(?<!\d)\d{2}-\d{5}(?!\d)(?: \(E\))?/g;

/** Every line of a record but its furniture, job numbers run into the text left out too. */
function recordText(m: TranscriptModel): string {
  const parts: string[] = [];
  for (let i = 0; i < m.lines.lineCount; i++)
    if (m.lineKinds[i] !== "furniture" && m.lineKinds[i] !== "blank")
      parts.push(m.lines.line(i).replace(JOB_NUMBER, " "));
  return parts.join("\n");
}

/** The export's words: its cover, then its proceedings. */
export const exportText = (e: RecordExport) => [e.cover?.text ?? "", ...e.proceedings.map((p) => p.text)].join("\n");

export interface ExportCheck {
  /** Letters of the record less its furniture. */
  letters: number;
  /** Letters of the record not in the export, and letters of the export not in the record. */
  lost: number;
  added: number;
  /** Where the export first parts from the record in order (null: in order to the end). */
  partsAt: string | null;
}

/**
 * Whether an export holds every word of its record (the record's model, `record`), in order, less
 * the page furniture: compared letter by letter, so that the cleaning's joins and splits of words
 * do not count. Where the text has two columns side by side (pdftotext -layout), the record is its
 * cleaned text, the columns one after the other, and only the letters' counts are compared: a
 * scan's strip of the facing page makes a third column, which the cleaning's two passes may place
 * elsewhere.
 */
export function checkExport(record: TranscriptModel, e: RecordExport, inOrder: boolean): ExportCheck {
  const got = letters(exportText(e));
  const want = letters(recordText(record));
  const counts = new Map<string, number>();
  for (const ch of want) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const ch of got) counts.set(ch, (counts.get(ch) ?? 0) - 1);
  let lost = 0;
  let added = 0;
  for (const n of counts.values())
    if (n > 0) lost += n;
    else added -= n;
  let k = 0;
  if (inOrder) while (k < got.length && got[k] === want[k]) k++;
  const partsAt =
    !inOrder || (k === got.length && k === want.length)
      ? null
      : `letter ${k}: the export has …${got.slice(Math.max(0, k - 60), k + 30)}…, the record …${want.slice(Math.max(0, k - 60), k + 30)}…`;
  return { letters: want.length, lost, added, partsAt };
}
