import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type DiffWork, unifiedDiff } from "../../server/cli/diff";
import { createLanguageService, LineIndex, type TextEdit } from "../../server/src/index";
import { ROOT, tempFiles, verbatim } from "./helpers";

// `verbatim fix`'s diff is built from the fixes' edits (issue 27: a search over the whole file
// took a minute on 10 MB of records, minutes on a file of page furniture). It must stay a correct
// unified diff: applied to the file, it gives the fixed text.

/** Applies one file's unified diff (hunks, `\ No newline at end of file`) as `patch` does, strictly. */
function applyPatch(text: string, patch: string): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const body = patch.split("\n");
  const out: string[] = [];
  let at = 0;
  for (let k = 0; k < body.length; k++) {
    const h = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(body[k]);
    if (!h) continue;
    const oldLines = Number(h[2]);
    const oldStart = oldLines === 0 ? Number(h[1]) : Number(h[1]) - 1;
    assert.ok(oldStart >= at, `hunks in order: ${body[k]}`);
    while (at < oldStart) out.push(lines[at++]);
    let seenOld = 0;
    let seenNew = 0;
    for (k++; k < body.length && /^[ +\-\\]/.test(body[k]); k++) {
      const kind = body[k][0];
      if (kind === "\\") continue;
      const eol = body[k + 1]?.startsWith("\\ No newline at end of file") ? "" : "\n";
      const content = body[k].slice(1) + eol;
      if (kind !== "+") {
        assert.equal(lines[at], content, `line ${at + 1} as the diff says`);
        at++;
        seenOld++;
      }
      if (kind !== "-") {
        out.push(content);
        seenNew++;
      }
    }
    k--;
    assert.equal(seenOld, oldLines, `old count of ${h[0]}`);
    assert.equal(seenNew, Number(h[4]), `new count of ${h[0]}`);
  }
  while (at < lines.length) out.push(lines[at++]);
  return out.join("");
}

/** Each file's part of a multi-file diff, by name. */
function byFile(diff: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of diff.split(/^Index: /m).slice(1)) parts.set(part.slice(0, part.indexOf("\n")), part);
  return parts;
}

/** Random edits on `text`: replacements, insertions and deletions that do not overlap. */
const editsOf = (text: string) =>
  fc
    .array(fc.tuple(fc.nat(text.length), fc.nat(4), fc.constantFrom("", "x", "\n", "y\n", "\r\n", "z\nz")), {
      maxLength: 6,
    })
    .map((picks) => {
      const index = new LineIndex(text);
      const edits: TextEdit[] = [];
      let after = 0;
      for (const [start, len, newText] of [...picks].sort((a, b) => a[0] - b[0])) {
        if (start < after) continue;
        const end = Math.min(text.length, start + len);
        edits.push({ range: { start: index.positionAt(start), end: index.positionAt(end) }, newText });
        after = end + 1;
      }
      return edits;
    });

const apply = (text: string, edits: readonly TextEdit[]) => {
  const index = new LineIndex(text);
  let out = "";
  let at = 0;
  for (const e of edits) {
    const start = index.offsetAt(e.range.start);
    out += text.slice(at, start) + e.newText;
    at = index.offsetAt(e.range.end);
  }
  return out + text.slice(at);
};

describe("verbatim fix's diff, built from the edits", () => {
  it("applied to the text, gives the edited text, for random texts and two stages of edits", () => {
    const text = fc.array(fc.constantFrom("a\n", "b\n", "a", "\n", "\r\n", "\r", "cc\n"), { maxLength: 30 });
    const twoStages = text
      .map((t) => t.join(""))
      .chain((before) =>
        editsOf(before).chain((first) => {
          const middle = apply(before, first);
          return editsOf(middle).map((second) => ({ before, first, middle, second }));
        }),
      );
    fc.assert(
      fc.property(twoStages, ({ before, first, middle, second }) => {
        const after = apply(middle, second);
        const stages = [
          { text: before, edits: first },
          { text: middle, edits: second },
        ];
        const patch = unifiedDiff("f", before, stages, after);
        assert.equal(applyPatch(before, patch), after, patch);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes steps linear in the lines: a file of page furniture, twice as long, twice the steps", () => {
    const service = createLanguageService({ oneShot: true });
    const steps = (n: number) => {
      let text = "";
      for (let i = 1; i <= n; i++) text += `The speaker said something on line ${i}.\n${(i % 17) + 1}/17 14-73556\n`;
      const edits = service.safeFixes({ uri: `file:///furniture-${n}.txt`, version: 1, getText: () => text });
      assert.equal(edits.length, n, "every furniture line is removed");
      const work: DiffWork = { steps: 0 };
      const after = apply(text, edits);
      const patch = unifiedDiff("f", text, [{ text, edits }], after, work);
      assert.equal(applyPatch(text, patch), after);
      return work.steps;
    };
    const small = steps(2000);
    const large = steps(4000);
    // 4000 lines, 2000 removed: a search would take about 2000 × 4000 steps.
    assert.ok(small <= 10 * 4000, `${small} steps for 4000 lines`);
    assert.ok(large <= 2.2 * small, `${large} steps for twice the lines, against ${small}`);
  });

  it("the CLI's diff of real records applies back to what fix --write writes (and with --unwrap)", () => {
    const raw = join(ROOT, "test", "corpus", "sc2020", "text", "raw");
    const names = readdirSync(raw)
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .slice(0, 3);
    const files = Object.fromEntries(names.map((n) => [n, readFileSync(join(raw, n))]));
    files["crlf.txt"] = Buffer.from("The transna-\r\ntional threat is in\r\n\r\nthejoint report.\r\n2/17 14-73556");
    files["end.txt"] = Buffer.from("x\nThe transna-\ntional threat");
    for (const unwrap of [[], ["--unwrap"]]) {
      const dir = tempFiles(files);
      const shown = verbatim(["fix", ...unwrap, "."], { cwd: dir });
      assert.equal(shown.status, 0, shown.err);
      const patches = byFile(shown.out);
      assert.equal(patches.size, Object.keys(files).length);
      const written = verbatim(["fix", "--write", "--no-backup", ...unwrap, "."], { cwd: dir });
      assert.equal(written.status, 0, written.err);
      for (const [name, original] of Object.entries(files)) {
        const patch = patches.get(name);
        assert.ok(patch, name);
        assert.equal(applyPatch(original.toString("utf8"), patch), readFileSync(join(dir, name), "utf8"), name);
      }
    }
  });
});
