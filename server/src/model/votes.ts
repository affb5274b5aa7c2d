import type { Vote, VotePosition } from "./types";

/** A list's position in words, for messages and hovers. */
export const POSITION_WORDS: Record<VotePosition, string> = { yes: "in favour", no: "against", abstain: "abstaining" };

/** How many names each list of a vote gives. */
export function listLengths(v: Vote): Record<VotePosition, number> {
  const n: Record<VotePosition, number> = { yes: 0, no: 0, abstain: 0 };
  for (const l of v.lists) n[l.position] += l.names.length;
  return n;
}

/** Whether each list's length equals its printed count; null where the outcome prints none. */
export function countsAgree(v: Vote): boolean | null {
  const o = v.outcome;
  if (!o || o.yes === null) return null;
  const n = listLengths(v);
  return n.yes === o.yes && n.no === (o.no ?? 0) && n.abstain === (o.abstain ?? 0);
}
