import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { TextDocument } from "vscode-languageserver-textdocument";
import { applyEdits, ChangeLog, keptAround, offsetsToRanges, rangesToOffsets } from "../../server/lsp/stale";
import { applyContentChanges, LineIndex } from "../../server/src/index";

// Carrying an older model's answer over to the current text (server/lsp/stale.ts): what is
// carried over is the same text in both versions, and text that changed is never claimed.

const edit = fc.record({
  at: fc.nat(),
  length: fc.nat(12),
  text: fc.constantFrom("", "x", "\n", "\r\n", "ab\ncd", "\r", "long inserted text "),
  /** Now and then the whole text replaced, as a client without incremental sync sends it. */
  full: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
});

describe("carrying answers between versions", () => {
  it("records edits that remake each version, and maps offsets and spans only onto the same text", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).map((s) => s.replace(/[^a-z \n]/g, "e")),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (initial, versions) => {
          const log = new ChangeLog();
          const docs = log.recording({ create: TextDocument.create, update: TextDocument.update });
          let doc = docs.create("file:///t", "transcript", 1, initial);
          const texts = [initial];
          versions.forEach((changes, i) => {
            // Each change is stated against the text the previous one left, as LSP says.
            let text = doc.getText();
            const events = changes.map((c) => {
              const event = c.full
                ? { text: c.text }
                : (() => {
                    const start = c.at % (text.length + 1);
                    const end = Math.min(text.length, start + c.length);
                    const lines = new LineIndex(text);
                    return { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: c.text };
                  })();
              text = applyContentChanges(text, [event]);
              return event;
            });
            doc = docs.update(doc, events, i + 2);
            assert.equal(doc.getText(), text);
            texts.push(doc.getText());
          });
          for (let from = 1; from <= texts.length; from++) {
            const older = texts[from - 1];
            const newer = texts[texts.length - 1];
            const to = texts.length;
            // The edits the analysts are sent make the newer text from the older.
            const edits = log.edits("file:///t", from, to) ?? [];
            assert.equal(applyEdits(older, edits), newer);
            // What they leave as it was, for the parse's memo (EditedFrom).
            const { prefix, suffix } = keptAround(older.length, edits);
            assert.ok(prefix + suffix <= Math.min(older.length, newer.length) || older === newer);
            assert.equal(newer.slice(0, prefix), older.slice(0, prefix));
            assert.equal(newer.slice(newer.length - suffix), older.slice(older.length - suffix));
            for (let n = 0; n <= newer.length; n++) {
              const o = log.olderOffset("file:///t", from, to, n);
              if (o !== undefined && n < newer.length) assert.equal(older[o], newer[n], `offset ${n} from ${from}`);
            }
            for (let a = 0; a < older.length; a++) {
              for (let b = a; b <= Math.min(older.length, a + 5); b++) {
                const span = log.newerSpan("file:///t", from, to, a, b);
                if (span) assert.equal(newer.slice(span[0], span[1]), older.slice(a, b));
              }
            }
            if (from === to) {
              assert.equal(log.olderOffset("file:///t", from, to, 3), 3);
              assert.deepEqual(log.newerSpan("file:///t", from, to, 1, 2), [1, 2]);
            }
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("carries a position back and a range forward across an edit elsewhere, and drops what touches it", () => {
    const log = new ChangeLog();
    const docs = log.recording({ create: TextDocument.create, update: TextDocument.update });
    const doc = docs.create("file:///t", "transcript", 1, "one two three\nfour five\n");
    // "two" becomes "2", and a line is added at the end.
    docs.update(
      doc,
      [
        { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } }, text: "2" },
        { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: "six\n" },
      ],
      2,
    );
    assert.equal(doc.getText(), "one 2 three\nfour five\nsix\n");
    assert.equal(log.olderOffset("file:///t", 1, 2, doc.getText().indexOf("four")), 14);
    assert.equal(log.olderOffset("file:///t", 1, 2, 4), undefined, "the changed word");
    assert.deepEqual(log.newerSpan("file:///t", 1, 2, 14, 18), [12, 16]);
    assert.equal(log.newerSpan("file:///t", 1, 2, 0, 4), undefined, "a span ending where a change starts");
    log.prune("file:///t", 2);
    assert.equal(log.olderOffset("file:///t", 2, 2, 5), 5);
  });

  it("turns ranges into offsets and back, leaving out the items that cannot be carried", () => {
    const ranges = [
      { uri: "u", range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } } },
      { uri: "u", range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } } },
    ];
    const offsets = rangesToOffsets(ranges, (p) => p.line * 10 + p.character);
    assert.deepEqual(offsets, [
      { uri: "u", range: { startOffset: 1, endOffset: 3 } },
      { uri: "u", range: { startOffset: 10, endOffset: 12 } },
    ]);
    const back = offsetsToRanges(
      offsets,
      (r) =>
        r.startOffset < 10
          ? undefined
          : { start: { line: 5, character: r.startOffset - 10 }, end: { line: 5, character: r.endOffset - 10 } },
      [],
    );
    assert.deepEqual(back, [{ uri: "u", range: { start: { line: 5, character: 0 }, end: { line: 5, character: 2 } } }]);
    const hover = { contents: { kind: "markdown", value: "x" }, range: { startOffset: 1, endOffset: 2 } };
    assert.equal(
      offsetsToRanges(hover, () => undefined, null),
      null,
    );
  });

  it("keeps a pinned reader's changes through pruning, and says when they are gone", () => {
    const log = new ChangeLog();
    const docs = log.recording({ create: TextDocument.create, update: TextDocument.update });
    let doc = docs.create("file:///p", "transcript", 1, "one two");
    const change = (version: number, text: string) => {
      doc = docs.update(
        doc,
        [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }],
        version,
      );
    };
    change(2, "a ");
    log.pin("file:///p", 2);
    change(3, "b ");
    change(4, "c ");
    // The analysts hold version 4: without the pin, 3 and 4 would go.
    log.prune("file:///p", 4);
    assert.equal(applyEdits("a one two", log.editsSince("file:///p", 2, 4) ?? []), "c b a one two");
    log.unpin("file:///p");
    log.prune("file:///p", 4);
    assert.equal(log.editsSince("file:///p", 2, 4), undefined);
    assert.deepEqual(log.editsSince("file:///p", 4, 4), []);
  });
});
