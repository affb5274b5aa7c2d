import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { lazyPattern, namedGroups, numberGroups } from "../../server/src/text/regexp";

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

describe("patterns made on first use", () => {
  it("makes the pattern when first asked, once, and gives the same object after", () => {
    let made = 0;
    const word = lazyPattern(() => {
      made++;
      return /\p{L}+/gu;
    });
    assert.equal(made, 0);
    const re = word();
    assert.equal(made, 1);
    assert.equal(re.exec("l’État")?.[0], "l");
    assert.equal(word(), re);
    assert.equal(word().lastIndex, 1, "the state of a global pattern is kept between uses");
    assert.equal(made, 1);
  });

  // A one-line `verbatim check` runs a few of the patterns of the bundle it loads: each module's
  // \p{…} patterns made at its top level cost every process their parse (issue 28).
  it("no module of the service, the command line or shared/ makes a \\p{…} pattern at its top level", () => {
    const root = join(__dirname, "..", "..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (e.name.endsWith(".ts")) files.push(path);
      }
    };
    for (const dir of ["server/src", "server/cli", "shared"]) walk(join(root, dir));
    const eager: string[] = [];
    for (const file of files) {
      const name = relative(root, file);
      // The OCR's modules run only under `import` of a scan (their own round keeps them).
      if (name.startsWith(join("server", "src", "pdf", "ocr"))) continue;
      const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      // Every pattern the module's top level makes as it runs: in a declaration's value, or in an
      // array or object there (`[["Latin", /\p{Script=Latin}/u]]`), not in a function's body.
      const visit = (node: ts.Node, where: string): void => {
        if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
        const pattern =
          node.kind === ts.SyntaxKind.RegularExpressionLiteral ||
          (ts.isNewExpression(node) && node.expression.getText(sf) === "RegExp");
        if (pattern && /\\[pP]\{/.test(node.getText(sf))) eager.push(`${name}: ${where}`);
        ts.forEachChild(node, (child) => visit(child, where));
      };
      for (const st of sf.statements) {
        if (!ts.isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) if (d.initializer) visit(d.initializer, d.name.getText(sf));
      }
    }
    assert.ok(files.length > 50, "the modules were found");
    assert.deepEqual(eager, []);
  });
});
