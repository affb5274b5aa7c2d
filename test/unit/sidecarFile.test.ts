import assert from "node:assert/strict";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { writeSidecar } from "../../client/src/sidecarFile";
import { formatOcrSidecar, type LineChange, moveMarks, parseOcrSidecar } from "../../shared/ocrSidecar";

// An OCR'd transcript's doubtful words, from its import to its sidecar (issue 24): carried through
// the edits made before it is saved, and written beside it by VS Code under the command line's
// rules (never through a link, never over a file without need).

const TEXT = ["The PRESIDENT: I cal1 the meeting to order.", "", "Mr. AUSTIN (United States): The rnembers agree."];
const MARKS = [
  { line: 0, start: 17, end: 21, word: "cal1", confidence: 41 },
  { line: 2, start: 32, end: 39, word: "rnembers", confidence: 52 },
].map((m) => ({ ...m, end: m.start + m.word.length }));

/** Applies a change to lines of text, as an editor would. */
function apply(lines: string[], c: LineChange): string[] {
  const text = lines.join("\n");
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return (text.slice(0, offset(c.start)) + c.text + text.slice(offset(c.end))).split("\n");
}

/** Marks of their own (moveMarks moves them in place). */
const copy = (marks: typeof MARKS) => marks.map((m) => ({ ...m }));

/** Each mark still names its word where it says. */
function named(lines: string[], marks: readonly { line: number; start: number; end: number }[]): string[] {
  return marks.map((m) => lines[m.line]?.slice(m.start, m.end) ?? "");
}

describe("the OCR's doubtful words carried through edits", () => {
  it("start where the transcript has them", () => {
    assert.deepEqual(named(TEXT, MARKS), ["cal1", "rnembers"]);
    assert.deepEqual(parseOcrSidecar(formatOcrSidecar(MARKS)), MARKS);
  });

  it("move with lines added above and text typed before them on their line", () => {
    const changes: LineChange[] = [
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, text: "UNITED NATIONS\n\n" },
      { start: { line: 4, character: 0 }, end: { line: 4, character: 3 }, text: "Mister" },
      { start: { line: 2, character: 4 }, end: { line: 2, character: 13 }, text: "President" },
    ];
    let lines = TEXT;
    let marks = MARKS;
    for (const c of changes) {
      lines = apply(lines, c);
      marks = moveMarks(copy(marks), c);
    }
    assert.deepEqual(named(lines, marks), ["cal1", "rnembers"]);
    assert.deepEqual(
      marks.map((m) => m.line),
      [2, 4],
    );
  });

  it("move when lines are joined above them, on the joined line", () => {
    const c: LineChange = { start: { line: 0, character: 43 }, end: { line: 2, character: 0 }, text: " " };
    const lines = apply(TEXT, c);
    const marks = moveMarks(copy(MARKS), c);
    assert.deepEqual(named(lines, marks), ["cal1", "rnembers"]);
    assert.equal(marks[1].line, 0);
  });

  it("drop a word corrected, or letters typed against it; keep one a space is typed after", () => {
    const fix: LineChange = { start: { line: 0, character: 20 }, end: { line: 0, character: 21 }, text: "l" };
    assert.deepEqual(
      moveMarks(copy(MARKS), fix).map((m) => m.word),
      ["rnembers"],
    );
    const glued: LineChange = { start: { line: 2, character: 40 }, end: { line: 2, character: 40 }, text: "hip" };
    assert.deepEqual(
      moveMarks(copy(MARKS), glued).map((m) => m.word),
      ["cal1"],
    );
    const space: LineChange = { start: { line: 0, character: 21 }, end: { line: 0, character: 21 }, text: " " };
    const lines = apply(TEXT, space);
    assert.deepEqual(named(lines, moveMarks(copy(MARKS), space)), ["cal1", "rnembers"]);
  });
});

describe("the sidecar written beside a saved transcript", () => {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-sidecar-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const text = formatOcrSidecar(MARKS);

  it("is a new file, then left alone when it says the same, replaced when the words changed", () => {
    const path = join(dir, "S_PV.492.ocr.tsv");
    assert.deepEqual(writeSidecar(path, text), { done: "written" });
    assert.equal(readFileSync(path, "utf8"), text);
    const before = statSync(path).mtimeMs;
    assert.deepEqual(writeSidecar(path, text), { done: "unchanged" });
    assert.equal(statSync(path).mtimeMs, before);
    const fewer = formatOcrSidecar(MARKS.slice(1));
    assert.deepEqual(writeSidecar(path, fewer), { done: "replaced" });
    assert.equal(readFileSync(path, "utf8"), fewer);
    // No temporary file left beside it.
    assert.deepEqual(readdirSync(dir), ["S_PV.492.ocr.tsv"]);
  });

  it("is never written through a link, nor over a folder", () => {
    const target = join(dir, "elsewhere.txt");
    writeFileSync(target, "keep me");
    const link = join(dir, "linked.ocr.tsv");
    symlinkSync(target, link);
    const r = writeSidecar(link, text);
    assert.ok("refused" in r && /is a link/.test(r.refused));
    assert.equal(readFileSync(target, "utf8"), "keep me");
    const dangling = join(dir, "dangling.ocr.tsv");
    symlinkSync(join(dir, "nowhere"), dangling);
    assert.ok("refused" in writeSidecar(dangling, text));
    assert.equal(existsSync(join(dir, "nowhere")), false);
    const made = mkdtempSync(join(dir, "f-"));
    const r2 = writeSidecar(made, text);
    assert.ok("refused" in r2 && /not a regular file/.test(r2.refused));
  });
});
