import type { Vote } from "../model/types";
import { listLengths, POSITION_WORDS } from "../model/votes";
import type { Span } from "../types";
import type { HoverContributor } from "./hover";
import { md } from "./hover";

/** `120–3–40`: in favour, against, abstaining. */
const tally = (yes: number | null, no: number | null, abstain: number | null) =>
  [yes, no ?? 0, abstain ?? 0].map((x) => x ?? "?").join("–");

/**
 * A vote's line in the Outline: `Vote on A/48/L.13 and Corr.1: 140–1–9, adopted (resolution 48/14)`,
 * `Vote on A/48/L.13 and Corr.1 — Operative paragraph 7: 106–1–28, retained`,
 * from the printed counts where the record gives them, else from the lists.
 */
export function voteName(v: Vote): string {
  const o = v.outcome;
  const n = listLengths(v);
  const counts =
    o?.yes !== null && o?.yes !== undefined ? tally(o.yes, o.no, o.abstain) : tally(n.yes, n.no, n.abstain);
  const result = o?.result ? `, ${o.result}${o.act ? ` (${o.act})` : ""}` : "";
  // What was voted on: the draft, and the part of it or the amendment the outcome names
  // (`A/48/L.13 and Corr.1 — Operative paragraph 7`).
  const part = v.outcome?.subject && !v.outcome.subject.includes(v.draft ?? "\u0000") ? v.outcome.subject : null;
  const subject = part && v.draft ? `${v.draft} — ${part}` : (part ?? v.draft);
  return `Vote${subject ? ` on ${subject}` : ""}: ${counts}${result}`;
}

/** The Outline's detail of a vote: how it was taken, and whether its lists agree with the printed counts. */
export function voteDetail(v: Vote): string {
  const method = v.method === "show-of-hands" ? "show of hands" : v.method === "recorded" ? "recorded vote" : "vote";
  const o = v.outcome;
  if (!o || o.yes === null) return method;
  const n = listLengths(v);
  if (!v.lists.length) return `${method} · no lists`;
  const agree = n.yes === o.yes && n.no === (o.no ?? 0) && n.abstain === (o.abstain ?? 0);
  return agree
    ? `${method} · lists agree`
    : `${method} · lists ${tally(n.yes, n.no, n.abstain)} ≠ printed ${tally(o.yes, o.no, o.abstain)}`;
}

/** A vote's range in the text: its opening sentence to its last list, outcome line or note. */
export function voteSpan(v: Vote): Span {
  const first = v.parts[0];
  const last = v.parts[v.parts.length - 1];
  return { start: first.span.start, end: last.span.end };
}

/**
 * On a vote list's label (`In favour:`): the list's length against the count the outcome prints,
 * and the whole vote's counts; names not known as States are listed.
 */
export const voteHover: HoverContributor = ({ model }, offset) => {
  for (const v of model.votes)
    for (const l of v.lists) {
      if (offset < l.label.start || offset >= l.label.end) continue;
      const n = listLengths(v);
      const o = v.outcome;
      const printed =
        o?.yes === null || !o ? undefined : { yes: o.yes, no: o.no ?? 0, abstain: o.abstain ?? 0 }[l.position];
      const lines = [
        `**${l.names.length} ${l.names.length === 1 ? "State" : "States"} ${POSITION_WORDS[l.position]}**${
          printed === undefined
            ? " (the record prints no count)"
            : printed === n[l.position]
              ? ` — the outcome prints ${printed} ✓`
              : ` — the outcome prints ${printed} ✗`
        }`,
        `Vote ${v.index + 1}${v.draft ? ` on ${md(v.draft)}` : ""}: ${tally(n.yes, n.no, n.abstain)} in the lists${
          o?.yes !== null && o?.yes !== undefined ? `, ${tally(o.yes, o.no, o.abstain)} printed` : ""
        }${o?.result ? ` · ${md(o.result)}${o.act ? ` (${md(o.act)})` : ""}` : ""}`,
      ];
      const unknown = l.names.filter((x) => !x.state).map((x) => md(x.printed));
      if (unknown.length) lines.push(`Not known as States: ${unknown.join(", ")}`);
      return { span: l.label, markdown: lines.join("  \n") };
    }
  return undefined;
};
