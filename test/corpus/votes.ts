// Votes read by people from the PDFs (test/corpus/labels/*/RECORD.votes.tsv and
// RECORD.vote-outcomes.tsv, see labels/eras/NOTES-votes.md) and how an export is measured against
// them. Shared by the vote tests (test/unit/proceedings.test.ts) and bench/records.ts.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordExport } from "../../server/src/index";

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
