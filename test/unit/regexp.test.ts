import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { namedGroups, numberGroups } from "../../server/src/text/regexp";

/** The groups of a match that took part in it, as the engine names them. */
const taking = (m: RegExpExecArray) =>
  Object.fromEntries(Object.entries(m.groups ?? {}).filter(([, v]) => v !== undefined));

describe("numbered groups", () => {
  const cases: [string, string, string[]][] = [
    // pattern, flags, subjects
    [
      String.raw`(?<![\p{L}\p{N}])(?:(?<a>\d+)(?:st|nd)?|(?<b>(?<c>[Tt]he) (?<d>year))|(x)(?<e>y)?)(?![\p{L}])`,
      "gu",
      ["the year 21st and 3 xy x", "The year", ""],
    ],
    [String.raw`\((?<open>[(])[^)\]]*(?<close>\))|\\(?<esc>k)`, "g", ["((a) \\k [(]"]],
    [String.raw`(?<=(?<pre>mid)-)(?<y>\d{4})|(?<!x)(?<z>[^(?<q>)]+)`, "g", ["mid-2015 (?<q>) x1"]],
    ["(?<empty>)a|(?<opt>b)?c", "g", ["ac bc c"]],
  ];
  for (const [pattern, flags, subjects] of cases) {
    it(`matches what /${pattern}/ matches, with the same groups`, () => {
      const named = new RegExp(pattern, flags);
      const { source, names } = numberGroups(pattern);
      assert.ok(!source.includes("(?<a") && !source.includes("(?<open"), source);
      const numbered = new RegExp(source, flags);
      for (const s of subjects) {
        const a = [...s.matchAll(named)];
        const b = [...s.matchAll(numbered)];
        assert.deepEqual(
          b.map((m) => [m.index, m[0], namedGroups(m, names)]),
          a.map((m) => [m.index, m[0], taking(m)]),
        );
      }
    });
  }

  it("refuses a pattern that refers to a group by name", () => {
    assert.throws(() => numberGroups(String.raw`(?<w>a)\k<w>`), /named back-reference/);
  });
});
