// Votes and stage directions read by people from the PDFs (test/corpus/labels/*/RECORD.votes.tsv and
// RECORD.vote-outcomes.tsv, see labels/eras/NOTES-votes.md) and how an export is measured against
// them. Shared by the vote tests (test/unit/proceedings.test.ts) and bench/records.ts.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordExport, TranscriptModel } from "../../server/src/index";

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
