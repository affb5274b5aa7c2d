// The diagnostics an analyst posts as a change to the list it posted before
// (server/lsp/diagnosticsChange.ts): read back against that list, a version's diagnostics are the
// service's, to the byte of their JSON, after random edits of a real record; a keystroke's
// change keeps nearly all of them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  applyDiagnosticsChange,
  diagnosticsChange,
  type PostedList,
  postedList,
  sameDiagnostic,
} from "../../server/lsp/diagnosticsChange";
import { applyEdits } from "../../server/lsp/stale";
import { createLanguageService, DEFAULT_SETTINGS, type Diagnostic } from "../../server/src/index";
import { readCorpus } from "./helpers";

const RECORD = readCorpus("eras", "text", "pdfjs", "A_60_PV.85.txt");
const URI = "file:///change/record.txt";

const PIECE = fc.constantFrom("x", "é", "e\u0301", "𝔘", "\n", "\r\n", "", "\n\nThe President: ", "Ü\n𝕍\n", "- ");

/** The diagnostics of each text, each a version of one document, analysed in turn. */
function versions(texts: string[]): Diagnostic[][] {
  const service = createLanguageService();
  return texts.map(
    (text, v) => service.diagnostics({ uri: URI, version: v + 1, getText: () => text }, DEFAULT_SETTINGS).diagnostics,
  );
}

const kept = (parts: ReturnType<typeof diagnosticsChange>) =>
  (parts ?? []).reduce((n, p) => n + ("from" in p ? p.count : 0), 0);

describe("diagnostics posted as a change", () => {
  it("keep all but a keystroke's own of a real record's diagnostics, read back to the same JSON", () => {
    const at = RECORD.indexOf("\n", RECORD.length >> 1);
    const typed = `${RECORD.slice(0, at)} Thhe${RECORD.slice(at)}`;
    const [before, after] = versions([RECORD, typed]);
    assert.ok(before.length > 20 && before.some((d) => d.data));
    const parts = diagnosticsChange(before, after, 2);
    assert.ok(parts);
    // The typed word is a finding of its own at most; the rest are the previous version's.
    assert.ok(kept(parts) >= after.length - 2, `${kept(parts)} of ${after.length} kept`);
    assert.ok(parts.length < 10, `${parts.length} parts`);
    const read = applyDiagnosticsChange(before, parts, 2);
    assert.equal(JSON.stringify(read), JSON.stringify(after));
    // Each fix is stated for the new version, in a new object: the list read before is as it was.
    assert.ok(read.every((d) => !d.data || d.data.version === 2));
    assert.ok(before.every((d) => !d.data || d.data.version === 1));
  });

  it("read back against the list before, equal a version's diagnostics to the byte (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(40), PIECE, fc.constantFrom("middle", "start", "end")), {
          minLength: 1,
          maxLength: 5,
        }),
        (edits) => {
          const texts = [RECORD];
          for (const [at, cut, piece, where] of edits) {
            const text = texts[texts.length - 1];
            const start = where === "start" ? 0 : where === "end" ? text.length : at % (text.length + 1);
            texts.push(applyEdits(text, [{ start, end: Math.min(text.length, start + cut), text: piece }]));
          }
          const lists = versions(texts);
          let held: PostedList | undefined;
          lists.forEach((diagnostics, i) => {
            const version = i + 1;
            const parts = held && diagnosticsChange(held.diagnostics, diagnostics, version);
            const posted = parts
              ? { counts: {}, dropped: 0, post: version, parts, base: held?.post ?? 0 }
              : { counts: {}, dropped: 0, post: version, diagnostics };
            // Through a structured clone, as a message between threads.
            held = postedList(held, structuredClone(posted), version);
            assert.ok(held);
            assert.equal(JSON.stringify(held.diagnostics), JSON.stringify(diagnostics));
          });
        },
      ),
      { numRuns: 15 },
    );
  });

  it("keeps a diagnostic only if all but its fix's version is the same, keys in the same order", () => {
    const [before] = versions([RECORD]);
    const d = before.find((x) => x.data && x.data.edits.length > 0);
    assert.ok(d?.data);
    const data = d.data;
    const as = (version: number) => ({ ...d, data: { ...data, version } });
    assert.equal(sameDiagnostic(d, as(7), 7), true);
    assert.equal(sameDiagnostic(d, as(7), 8), false);
    const edit = { ...data.edits[0], newText: `${data.edits[0].newText}x` };
    assert.equal(sameDiagnostic(d, { ...d, data: { ...data, version: 7, edits: [edit] } }, 7), false);
    assert.equal(sameDiagnostic(d, { ...d, data: { ...data, version: 7, safe: !data.safe } }, 7), false);
    assert.equal(sameDiagnostic(d, { ...as(7), severity: d.severity === "error" ? "hint" : "error" }, 7), false);
    const { range, ...rest } = as(7);
    assert.equal(sameDiagnostic(d, { ...rest, range }, 7), false, "the same fields in another order");
    // A field the comparison does not name (one added later) is never taken for the same.
    assert.equal(sameDiagnostic({ ...d, tags: [1] } as Diagnostic, { ...as(7), tags: [2] } as Diagnostic, 7), false);
    const { data: _, ...bare } = d;
    assert.equal(sameDiagnostic(d, bare, 7), false);
    assert.equal(sameDiagnostic(bare, as(7), 7), false);
  });

  it("is not read against another list", () => {
    const [before] = versions([RECORD]);
    const posted = { counts: {}, dropped: 0, post: 3, parts: [{ from: 0, count: 1 }], base: 2 };
    assert.equal(postedList({ post: 1, diagnostics: before }, posted, 3), undefined);
    assert.equal(postedList(undefined, posted, 3), undefined);
  });
});
