import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CompactText } from "../../server/lsp/compactText";
import { LazyTextDocument } from "../../server/lsp/document";
import { RECORDS, recordPath } from "../corpus/records";

// The server's documents (server/lsp/document.ts) keep changes as edits and update their line
// starts around them: they must read exactly as vscode-languageserver-textdocument's, whatever the
// changes, line breaks of every kind among them (a CR meeting an LF, a CRLF cut in two).

const piece = fc.constantFrom("", "a", "bc", "\n", "\r", "\r\n", "\n\r", "x\ny", "line\r\nline\r", "é𝐀");

describe("the server's documents", () => {
  it("read as TextDocument does after any changes", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((p) => p.join("")),
        fc.array(
          fc.array(
            fc.record({ at: fc.nat(), length: fc.nat(6), text: piece, full: fc.nat(30), compact: fc.boolean() }),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          { maxLength: 12 },
        ),
        (initial, versions) => {
          const reference = TextDocument.create("file:///t", "transcript", 1, initial);
          const lazy = LazyTextDocument.configuration.create("file:///t", "transcript", 1, initial);
          versions.forEach((changes, v) => {
            for (const c of changes) {
              // A change stated against the text the previous one left, as LSP says; now and
              // then the whole text.
              const text = reference.getText();
              const start = c.at % (text.length + 1);
              const end = Math.min(text.length, start + c.length);
              const event =
                c.full === 0
                  ? { text: c.text }
                  : { range: { start: reference.positionAt(start), end: reference.positionAt(end) }, text: c.text };
              TextDocument.update(reference, [event], v + 2);
              LazyTextDocument.configuration.update(lazy, [event], v + 2);
              // The server idle now and then: the text held compactly, the edits pending kept.
              if (c.compact) lazy.compact();
            }
            assert.equal(lazy.lineCount, reference.lineCount, "line count");
            const text = reference.getText();
            for (let o = 0; o <= text.length + 1; o++) assert.deepEqual(lazy.positionAt(o), reference.positionAt(o));
            for (let line = -1; line <= reference.lineCount; line++) {
              for (let character = -1; character <= 8; character++) {
                assert.equal(lazy.offsetAt({ line, character }), reference.offsetAt({ line, character }));
              }
              assert.deepEqual(lazy.getLineRange(line), reference.getLineRange(line));
              assert.equal(lazy.getEOLCharacters(line), reference.getEOLCharacters(line));
            }
            assert.equal(lazy.version, v + 2);
            assert.equal(
              Buffer.from(lazy.utf16()).toString("utf16le"),
              reference.getText(),
              "the bytes an analyst gets",
            );
          });
          assert.equal(lazy.getText(), reference.getText());
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });

  it("keeps a 10 MB record's changes as edits, and builds the same text when asked", () => {
    const line = "The speaker said that the Council must act now and act together.\n";
    const doc = LazyTextDocument.configuration.create("file:///big", "transcript", 1, line.repeat(160_000));
    for (let k = 0; k < 300; k++) {
      const at = { line: 80_000 + k, character: 10 };
      LazyTextDocument.configuration.update(doc, [{ range: { start: at, end: at }, text: "x" }], k + 2);
    }
    assert.equal(doc.lineCount, 160_001);
    assert.equal(doc.getText({ start: { line: 80_001, character: 8 }, end: { line: 80_001, character: 13 } }), "kexr ");
    const edited = line.replace("speaker", "speakexr");
    assert.equal(doc.getText(), line.repeat(80_000) + edited.repeat(300) + line.repeat(79_700));
  });

  it("reads a real record the same once held compactly, in half the bytes", () => {
    const text = readFileSync(recordPath(RECORDS[0], "raw"), "utf8");
    const compact = CompactText.from(text) as CompactText;
    assert.ok(compact, "a record is mostly Latin-1");
    assert.ok(compact.wide > 0, "with its curly quotes and dashes apart");
    assert.equal(compact.slice(0, text.length), text);
    assert.equal(Buffer.from(compact.utf16()).toString("utf16le"), text);
    for (let o = 0; o < text.length; o += 7) assert.equal(compact.charCodeAt(o), text.charCodeAt(o));
    const doc = LazyTextDocument.configuration.create("file:///r", "transcript", 1, text);
    const before = [10, 200, 1000].map((line) => doc.getLineRange(line));
    doc.compact();
    assert.deepEqual(
      [10, 200, 1000].map((line) => doc.getLineRange(line)),
      before,
    );
    const at = doc.positionAt(text.indexOf("\u2019"));
    LazyTextDocument.configuration.update(doc, [{ range: { start: at, end: at }, text: "\u2014x" }], 2);
    const edited = `${text.slice(0, text.indexOf("\u2019"))}\u2014x${text.slice(text.indexOf("\u2019"))}`;
    assert.equal(doc.getText({ start: at, end: doc.positionAt(doc.offsetAt(at) + 3) }), "\u2014x\u2019");
    assert.equal(doc.getText(), edited);
  });

  it("keeps as they are a text mostly beyond Latin-1, the marker byte and surrogate pairs", () => {
    assert.equal(CompactText.from("Председатель: Слово предоставляется"), undefined);
    const text = `a\u001a b\u2019c 𝐀 é ${"plain ".repeat(40)}`;
    const compact = CompactText.from(text) as CompactText;
    assert.equal(compact.wide, 3);
    for (let o = 0; o <= text.length; o++) assert.equal(compact.charCodeAt(o), text.charCodeAt(o), `at ${o}`);
    for (let a = 0; a < 14; a++) for (let b = a; b < 16; b++) assert.equal(compact.slice(a, b), text.slice(a, b));
  });
});
