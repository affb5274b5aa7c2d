import { builtinStates } from "../glossary/states";
import type { VotePosition } from "../model/types";
import { listLengths, POSITION_WORDS } from "../model/votes";
import type { Finding, Rule } from "./rule";

/**
 * `vote-count`: a vote whose lists do not agree with the record: a list's length differs from the
 * count its outcome prints, a State is listed twice in one vote, or a name of a list is not a State
 * (the fix writes the nearest State's name, where one is near).
 */
export const voteCount: Rule = {
  code: "vote-count",
  description:
    "A vote list whose length differs from the printed count, a State listed twice in one vote, or a listed name that is not a State.",
  defaultSeverity: "warning",
  category: "check",
  check({ model }) {
    const out: Finding[] = [];
    if (model.votes.length === 0) return out;
    const states = builtinStates();
    const { lines } = model;
    // The States near a name, once per name as printed.
    const nearest = new Map<string, ReturnType<typeof states.near>>();
    for (const v of model.votes) {
      const o = v.outcome;
      const n = listLengths(v);
      if (o && o.yes !== null && v.lists.length) {
        const printed: Record<VotePosition, number> = { yes: o.yes, no: o.no ?? 0, abstain: o.abstain ?? 0 };
        for (const l of v.lists) {
          if (n[l.position] === printed[l.position]) continue;
          out.push({
            range: lines.spanRange(l.label),
            message: `${n[l.position]} ${n[l.position] === 1 ? "State" : "States"} listed ${POSITION_WORDS[l.position]}, but the outcome prints ${printed[l.position]}.`,
            related: [{ range: lines.spanRange(o.span), message: "The outcome as printed" }],
          });
        }
      }
      const seen = new Map<string, { position: VotePosition; start: number; end: number }>();
      for (const l of v.lists)
        for (const name of l.names) {
          const state = states.states.length ? states.findLoose(name.printed) : undefined;
          const range = lines.spanRange(name.span);
          if (state) {
            const first = seen.get(state.iso3);
            if (first)
              out.push({
                range,
                message: `${state.en} is listed twice in this vote (${POSITION_WORDS[first.position]} and ${POSITION_WORDS[l.position]}).`,
                related: [{ range: lines.range(first.start, first.end), message: "Listed first here" }],
              });
            else seen.set(state.iso3, { position: l.position, ...name.span });
            continue;
          }
          if (!states.states.length || !/\p{L}/u.test(name.printed)) continue;
          // The nearest State, where the names at the least distance are all one State's (in English).
          let near = nearest.get(name.printed);
          if (!near) {
            near = states.near(name.printed);
            nearest.set(name.printed, near);
          }
          const closest = near.filter((x) => x.distance === near[0]?.distance);
          const best =
            closest.length && closest.every((x) => x.state === closest[0].state)
              ? { name: closest[0].state.en }
              : undefined;
          out.push({
            range,
            message: `“${name.printed}” is listed in a vote but is neither a UN Member State nor an observer State${best ? `: “${best.name}”?` : "."}`,
            ...(best
              ? { fix: { title: `Write “${best.name}”`, edits: [{ range, newText: best.name }], safe: false } }
              : {}),
          });
        }
    }
    return out;
  },
};
