// The diagnostics convert only what `maxProblems` keeps and count the rest; a rule with `first`
// (rules/rule.ts) builds only the findings the cap keeps. On the ten real records as four
// extractors give them and a dozen General Debate speeches (line-end hyphens), each such rule's first findings are its `check`'s, in order, with the same
// count, and the diagnostics (kept, counted, dropped) under any cap are those of the rules run
// whole — before an edit and after one (the rules' per-line tables then carried over).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { computeDiagnostics } from "../../server/src/features/diagnostics";
import { DEFAULT_SETTINGS, RULES, type Rule } from "../../server/src/index";
import { hasVariant, RECORDS, recordPath, VARIANTS } from "../corpus/records";
import { CORPUS, doc, service } from "./helpers";

/** The rules as they were: every finding built, then capped. */
const WHOLE: Rule[] = RULES.map(({ first: _first, ...rule }) => rule);

function records(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const record of RECORDS)
    for (const variant of VARIANTS)
      if (hasVariant(record, variant))
        out.push({ name: `${record} (${variant})`, text: readFileSync(recordPath(record, variant), "utf8") });
  const ungdc = join(CORPUS, "ungdc");
  for (const f of readdirSync(ungdc).sort().slice(0, 12))
    out.push({ name: f, text: readFileSync(join(ungdc, f), "utf8") });
  return out;
}

describe("rules that build only the findings the cap keeps", () => {
  it("has first findings equal to check's, and the same diagnostics under every cap, on real records", () => {
    const counted = new Map<string, number>();
    let version = 0;
    for (const { name, text } of records()) {
      const uri = `file:///cap/${encodeURIComponent(name)}`;
      // The record, then the record with a line typed into its middle (a version after an edit).
      const middle = text.indexOf("\n", text.length >> 1) + 1;
      for (const version_ of [
        text,
        `${text.slice(0, middle)}The President: It is so decided.\n${text.slice(middle)}`,
      ]) {
        const analysis = service().analysis(doc(version_, uri, ++version));
        let total = 0;
        for (const rule of RULES) {
          const all = rule.check(analysis);
          total += all.length;
          if (!rule.first) continue;
          counted.set(rule.code, (counted.get(rule.code) ?? 0) + all.length);
          for (const wanted of new Set([0, 1, 2, all.length >> 1, all.length - 1, all.length, all.length + 1])) {
            if (wanted < 0) continue;
            const first = rule.first(analysis, wanted);
            assert.equal(first.count, all.length, `${name}: ${rule.code}'s count`);
            assert.deepEqual(first.findings, all.slice(0, wanted), `${name}: ${rule.code}'s first ${wanted}`);
          }
        }
        for (const maxProblems of new Set([1, 3, total >> 2, total >> 1, total - 1, total, total + 1, 1000])) {
          if (maxProblems < 1) continue;
          const settings = { ...DEFAULT_SETTINGS, maxProblems };
          assert.deepEqual(
            computeDiagnostics(analysis, settings),
            computeDiagnostics(analysis, settings, () => {}, WHOLE),
            `${name}: diagnostics capped at ${maxProblems}`,
          );
        }
      }
      service().forget(uri);
    }
    // Each rule with `first` had findings to build or count on these records.
    for (const rule of RULES.filter((r) => r.first))
      assert.ok((counted.get(rule.code) ?? 0) > 0, `${rule.code} found nothing on the real records`);
  });
});
