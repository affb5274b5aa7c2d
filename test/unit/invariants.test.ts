import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyTextEdits, DEFAULT_SETTINGS, type Diagnostic, type TranscriptModel } from "../../server/src/index";
import { hasVariant, RECORDS, recordPath, VARIANTS } from "../corpus/records";
import { CORPUS, doc, ROOT, service } from "./helpers";

// Three promises, checked on every file the project has — the ten real records as four extractors
// give them, the General Debate corpus, the seeds and the samples — not on made-up text:
// export has the outline's speeches and no furniture; cleaning reaches a fixed point in one pass;
// a safe fix changes no word except the join, split or repair it names.

function corpusFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const folder = (dir: string, ext = /\.(?:txt|transcript)$/) => {
    for (const f of readdirSync(dir).sort())
      if (ext.test(f)) out.push({ name: f, text: readFileSync(join(dir, f), "utf8") });
  };
  for (const record of RECORDS)
    for (const variant of VARIANTS)
      if (hasVariant(record, variant))
        out.push({ name: `${record}.txt (${variant})`, text: readFileSync(recordPath(record, variant), "utf8") });
  folder(join(ROOT, "samples"));
  folder(join(ROOT, "samples", "corpus"));
  folder(join(CORPUS, "seeds"));
  folder(join(CORPUS, "ungdc"));
  folder(join(CORPUS, "ungdc-clean"));
  return out;
}

const FILES = corpusFiles();
let version = 0;
const docOf = (name: string, text: string) => doc(text, `file:///invariants/${encodeURIComponent(name)}`, ++version);

describe("invariants over every corpus file and variant", () => {
  it("covers the ten records in four variants and the rest of the corpus", () => {
    assert.equal(FILES.filter((f) => f.name.includes("(")).length, 40);
    assert.ok(FILES.length > 160, `${FILES.length} files`);
  });

  it("exports exactly the outline's speeches, in order, and no page furniture in any paragraph", () => {
    for (const f of FILES) {
      const d = docOf(f.name, f.text);
      // Two columns side by side are put one after the other first: the outline is that text's.
      const model = service().model(docOf(f.name, unColumned(f.name, f.text)));
      const exported = service().exportRecord(d, f.name);
      assert.deepEqual(
        exported.speeches.map((s) => s.speaker),
        model.speeches.map((s) => s.header.display),
        `${f.name}: export and outline differ`,
      );
      const furniture = furnitureTexts(model);
      for (const s of exported.speeches)
        for (const p of s.paragraphs)
          for (const line of furniture)
            assert.ok(!p.includes(line), `${f.name}: speech ${s.index} holds the furniture “${line}”`);
    }
  });

  it("puts no diagnostic on a blank line: no range reaches a line that shows nothing", () => {
    const problems: string[] = [];
    // A form feed shows as a control character; spaces alone show nothing.
    const blank = (s: string) => !/[^ \t\u00A0]/.test(s);
    for (const f of FILES) {
      const d = docOf(f.name, f.text);
      const model = service().model(d);
      const { diagnostics } = service().diagnostics(d, { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER });
      for (const x of diagnostics) {
        const { start, end } = x.range;
        for (let line = start.line; line <= end.line; line++) {
          // A blank line inside the range, or a range that ends at the start of a later line.
          if (blank(model.lines.line(line)) || (line > start.line && line === end.line && end.character === 0))
            problems.push(`${f.name}:${line + 1} ${x.code} ${JSON.stringify(x.range)}`);
        }
      }
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} diagnostics reach a blank line`);
  });

  it("cleans to a fixed point in one pass: the safe fixes of the cleaned text are none", () => {
    for (const f of FILES) {
      const cleaned = applyTextEdits(f.text, service().safeFixes(docOf(f.name, f.text)));
      const again = service().safeFixes(docOf(f.name, cleaned));
      assert.deepEqual(again, [], `${f.name}: a second pass still changes ${again.length} things`);
    }
  });

  it("changes no word but the joins, splits and repairs the diagnostics name", () => {
    for (const f of FILES) {
      const d = docOf(f.name, unColumned(f.name, f.text));
      const diagnostics = service().diagnostics(d, { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER });
      const expected = expectedWords(d.getText(), service().model(d), diagnostics.diagnostics, f.name);
      const cleaned = applyTextEdits(f.text, service().safeFixes(docOf(f.name, f.text)));
      const got = tokens(cleaned).map((t) => t.text);
      const at = firstDifference(expected, got);
      assert.equal(
        at,
        -1,
        `${f.name}: word ${at} is “${got[at]}”, expected “${expected[at]}” (…${expected.slice(Math.max(0, at - 5), at + 3).join(" ")}…)`,
      );
    }
  });
});

/**
 * The text with its two columns put one after the other, where it has them side by side: the
 * words are the same, only their order changes (each page's left column, then its right).
 */
function unColumned(name: string, text: string): string {
  const fix = service()
    .diagnostics(docOf(name, text))
    .diagnostics.find((d) => d.code === "two-column-layout");
  if (!fix?.data) return text;
  const after = applyTextEdits(text, fix.data.edits);
  const sorted = (t: string) =>
    tokens(t)
      .map((w) => w.text)
      .sort();
  assert.deepEqual(sorted(after), sorted(text), `${name}: putting the columns one after the other changed words`);
  return after;
}

/** The text of each furniture line of a model, control characters as spaces, trimmed. */
function furnitureTexts(model: TranscriptModel): string[] {
  const out = new Set<string>();
  for (const f of model.furniture) {
    const text = model.lines
      .line(f.line)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: furniture lines carry backspaces and form feeds
      .replace(/[\u0000-\u001F]+/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    // A bare page number (`3`) may be a word of the text, and a running head's title a phrase of
    // it (`Maintenance of international peace and security`): lines with a symbol, a date or a
    // page and job number may not.
    if (text.length >= 8 && /\d/.test(text)) out.add(text);
  }
  return [...out];
}

interface Token {
  start: number;
  end: number;
  text: string;
  gone?: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

const named = (title: string) => /“(.*)”/.exec(title)?.[1];

/**
 * The words the cleaned text must have, from the original's words and what each safe
 * diagnostic names — its code, its range and the word in its title — never from its edits:
 * a furniture line's words go; a join makes one word of the two halves; a split puts a space
 * at the named place; a repair replaces the damaged characters with the named ones.
 */
function expectedWords(text: string, model: TranscriptModel, diagnostics: Diagnostic[], file: string): string[] {
  const offset = (p: { line: number; character: number }) => model.lines.offsetAt(p);
  const safe = diagnostics.filter((d) => d.data?.safe);
  // Repairs first: the damaged characters replaced by the named ones in the words they touch
  // (several repairs may touch one word: `â€œyesâ€`).
  const repairs = safe
    .filter((d) => (d.code === "character-damage" && !d.data?.title.startsWith("Join")) || d.code === "lost-hyphen")
    .map((d) => ({
      start: offset(d.range.start),
      end: offset(d.range.end),
      // `Replace with “’”`, `Write “Secretary-General”`; `Remove …` names nothing.
      replacement: /^(?:Replace|Write)/.test(d.data?.title ?? "") ? (named(d.data?.title ?? "") ?? "") : "",
    }))
    .sort((a, b) => a.start - b.start);
  let all = tokens(text);
  const groups: { first: number; last: number; ops: typeof repairs }[] = [];
  for (const r of repairs) {
    // White space removed between two words joins them (`forty- ninth`): both are touched.
    const joins = r.replacement === "" && /^\s+$/.test(text.slice(r.start, r.end));
    const from = joins ? r.start - 1 : r.start;
    const to = joins ? r.end + 1 : Math.max(r.end, r.start + 1);
    const first = all.findIndex((t) => t.end > from);
    let last = first;
    while (last + 1 < all.length && all[last + 1].start < to) last++;
    if (first < 0 || all[first].start >= to) continue; // white space only
    const g = groups[groups.length - 1];
    if (g && first <= g.last) {
      g.last = Math.max(g.last, last);
      g.ops.push(r);
    } else groups.push({ first, last, ops: [r] });
  }
  for (const g of groups.reverse()) {
    const from = all[g.first].start;
    let region = text.slice(from, all[g.last].end);
    for (const r of [...g.ops].reverse())
      region = region.slice(0, r.start - from) + r.replacement + region.slice(Math.max(r.end, r.start) - from);
    const repaired = tokens(region).map((t) => ({ ...t, start: t.start + from, end: t.end + from }));
    all = [...all.slice(0, g.first), ...repaired, ...all.slice(g.last + 1)];
  }
  const containing = (o: number) => all.find((t) => t.start <= o && o < t.end);
  const extra: Token[] = [];
  for (const d of safe) {
    const start = offset(d.range.start);
    const end = offset(d.range.end);
    const title = d.data?.title ?? "";
    if (d.code === "page-artifact") {
      const from = model.lines.starts[d.range.start.line];
      const to = model.lines.ends[d.range.end.line];
      for (const t of all) if (t.start >= from && t.start < to) t.gone = true;
    } else if (d.code === "split-paragraph") {
      // Lines merged: no word changes.
    } else if (title.startsWith("Join")) {
      const first = containing(start);
      const second = containing(end - 1);
      assert.ok(first && second && first !== second, `${file}: a join at ${JSON.stringify(d.range)}`);
      first.text = first.text.slice(0, -1) + second.text;
      second.gone = true;
      assert.ok(first.text.includes(named(title) ?? "\u0000"), `${file}: “${first.text}” is no “${named(title)}”`);
    } else if (d.code === "fused-words") {
      const halves = named(title)?.split(" ") ?? [];
      const t = containing(start);
      assert.ok(t && halves.length === 2, `${file}: a split at ${JSON.stringify(d.range)}`);
      const k = start - t.start + halves[0].length;
      extra.push({ start: t.start + k, end: t.end, text: t.text.slice(k) });
      t.text = t.text.slice(0, k);
    } else if (d.code !== "character-damage" && d.code !== "lost-hyphen")
      assert.fail(`${file}: a safe fix of ${d.code} changes words the test does not know: add its expectation`);
  }
  return [...all.filter((t) => !t.gone), ...extra]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((t) => t.text);
}
