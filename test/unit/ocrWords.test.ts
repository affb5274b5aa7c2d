import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { TextDocumentContentChangeEvent } from "vscode-languageserver/node";
import { LazyTextDocument } from "../../server/lsp/document";
import { moveMarks, OcrWords } from "../../server/lsp/ocrWords";
import { type OcrWordMark, parseOcrSidecar } from "../../server/src/index";
import { OCR_WORDS_MAX_BYTES } from "../../shared/constants";
import { doc, readCorpus, service } from "./helpers";

// The server's side of a transcript's doubtful OCR words (server/lsp/ocrWords.ts): the marks of the
// 1950 scan's transcript (test/corpus/scans, made by `verbatim import --ocr`) moved through edits
// as the server applies them, and the service's analyses of them.

const TEXT = readCorpus("scans", "S_PV.492.p2-3.txt");
const TSV = readCorpus("scans", "S_PV.492.p2-3.ocr.tsv");
const URI = "file:///scans/S_PV.492.p2-3.txt";
const lines = (text: string) => text.split(/\r\n|\r|\n/);
const wordAt = (text: string, m: OcrWordMark) => lines(text)[m.line]?.slice(m.start, m.end);

/** A document of the server's kind whose changes move the marks of `store`. */
function opened(store: OcrWords, text = TEXT) {
  const config = store.moving(LazyTextDocument.configuration);
  let document = config.create(URI, "transcript", 1, text);
  store.set(URI, TSV);
  return {
    change(changes: TextDocumentContentChangeEvent[]) {
      document = config.update(document, changes, document.version + 1);
      return document;
    },
    get text() {
      return document.getText();
    },
  };
}

/** Where a word is in the text: its line and column (the first time it is written). */
function find(text: string, word: string): { line: number; character: number } {
  const all = lines(text);
  for (let line = 0; line < all.length; line++) {
    const character = all[line].indexOf(word);
    if (character >= 0) return { line, character };
  }
  throw new Error(`${word} is not in the text`);
}

describe("OCR doubts: the marks move with the edits", () => {
  const marks = parseOcrSidecar(TSV);

  it("reads the scan's sidecar: every mark names its word in the transcript", () => {
    assert.equal(marks.length, 28);
    for (const m of marks) assert.equal(wordAt(TEXT, m), m.word, `line ${m.line}`);
  });

  it("moves the marks below an edit by the lines it adds, past where the parser looks by itself", () => {
    const store = new OcrWords();
    const d = opened(store);
    const natious = find(TEXT, "Natious");
    // Twelve lines pasted above the word: more than the parser's own search (3 lines) would find.
    d.change([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: "x\n".repeat(12) }]);
    const moved = store.get(URI) ?? [];
    assert.equal(moved.length, marks.length);
    const m = moved.find((x) => x.word === "Natious");
    assert.deepEqual([m?.line, m?.start], [natious.line + 12, natious.character]);
    for (const x of moved) assert.equal(wordAt(d.text, x), x.word);
    // The marks above the edit stay.
    assert.deepEqual(
      moved.filter((x) => x.line < 2),
      marks.filter((x) => x.line < 2),
    );
  });

  it("drops a doubt whose word is edited, keeps the others of its line where they now are", () => {
    const store = new OcrWords();
    const d = opened(store);
    const at = find(TEXT, "Natious");
    // "Natious" corrected to "Nations": the word the OCR doubted is gone.
    d.change([
      {
        range: {
          start: { line: at.line, character: at.character + 4 },
          end: { line: at.line, character: at.character + 6 },
        },
        text: "on",
      },
    ]);
    const after = store.get(URI) ?? [];
    assert.equal(after.length, marks.length - 1);
    assert.equal(
      after.some((x) => x.word === "Natious"),
      false,
    );
    // "aniued", earlier on the same line, is where it was.
    const aniued = after.find((x) => x.word === "aniued");
    assert.equal(wordAt(d.text, aniued as OcrWordMark), "aniued");
    // A word typed before it on its line moves it right; "armed " replacing it drops it.
    const a = find(d.text, "aniued");
    d.change([{ range: { start: { line: a.line, character: 0 }, end: { line: a.line, character: 0 } }, text: "(3) " }]);
    const shifted = store.get(URI)?.find((x) => x.word === "aniued");
    assert.deepEqual([shifted?.line, shifted?.start], [a.line, a.character + 4]);
    d.change([
      {
        range: {
          start: { line: a.line, character: a.character + 4 },
          end: { line: a.line, character: a.character + 10 },
        },
        text: "armed",
      },
    ]);
    assert.equal(
      store.get(URI)?.some((x) => x.word === "aniued"),
      false,
    );
  });

  it("tells a letter typed against a word (another word) from a space or a line break (the same word)", () => {
    const store = new OcrWords();
    const d = opened(store);
    const at = find(TEXT, "Courul");
    const end = { line: at.line, character: at.character + "Courul".length };
    d.change([{ range: { start: end, end }, text: " " }]);
    assert.ok(store.get(URI)?.some((x) => x.word === "Courul"));
    // A line break before the word: it moves to the next line, column 0.
    const start = { line: at.line, character: at.character };
    d.change([{ range: { start, end: start }, text: "\n" }]);
    const broken = store.get(URI)?.find((x) => x.word === "Courul");
    assert.deepEqual([broken?.line, broken?.start], [at.line + 1, 0]);
    assert.equal(wordAt(d.text, broken as OcrWordMark), "Courul");
    // A letter typed right after it: "Coutuls" is not the word the OCR doubted.
    const after = { line: at.line + 1, character: "Courul".length };
    d.change([{ range: { start: after, end: after }, text: "s" }]);
    assert.equal(
      store.get(URI)?.some((x) => x.word === "Courul"),
      false,
    );
  });

  it("after any edits, every mark kept still names its word, and a mark far from every edit is kept", () => {
    const piece = fc.constantFrom("", "a", " ", "\n", "x\ny", "\r\n", "Council ", "é");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(40), piece), { minLength: 1, maxLength: 12 }), (edits) => {
        const store = new OcrWords();
        const d = opened(store);
        for (const [where, length, text] of edits) {
          const now = d.text;
          const start = where % (now.length + 1);
          const end = Math.min(now.length, start + (length % 8));
          const before = lines(now.slice(0, start));
          const upTo = lines(now.slice(0, end));
          const range = {
            start: { line: before.length - 1, character: before[before.length - 1].length },
            end: { line: upTo.length - 1, character: upTo[upTo.length - 1].length },
          };
          const marksBefore = [...(store.get(URI) ?? [])].map((m) => ({ ...m }));
          d.change([{ range, text }]);
          const kept = store.get(URI) ?? [];
          for (const m of kept) assert.equal(wordAt(d.text, m), m.word);
          // A mark on a line the edit did not reach is kept.
          for (const m of marksBefore)
            if (m.line < range.start.line || m.line > range.end.line)
              assert.ok(
                kept.some((k) => k.word === m.word && k.confidence === m.confidence),
                `${m.word} kept`,
              );
        }
      }),
      { numRuns: 200, seed: 24 },
    );
  });

  it("keeps the marks through a change of the whole text, for the parser to check", () => {
    const kept = moveMarks([...marks.map((m) => ({ ...m }))], { text: "" });
    assert.equal(kept.length, marks.length);
  });

  it("takes a sidecar, a changed one, none; refuses one too large, keeping what it had", () => {
    const store = new OcrWords();
    assert.equal(store.set(URI, TSV), "changed");
    assert.equal(store.set(URI, TSV), "same");
    assert.equal(store.set(URI, `${"x".repeat(OCR_WORDS_MAX_BYTES)}\n`), "tooLarge");
    assert.equal(store.get(URI)?.length, 28);
    assert.equal(store.set(URI, TSV.split("\n").slice(0, 5).join("\n")), "changed");
    assert.equal(store.get(URI)?.length, 4);
    assert.equal(store.set(URI, "not\ta sidecar\n\0\0\0"), "changed");
    assert.equal(store.get(URI), undefined);
    assert.equal(store.set(URI, null), "same");
  });
});

describe("OCR doubts: the service's analyses", () => {
  const marks = parseOcrSidecar(TSV);
  const doubts = (ocrWords?: OcrWordMark[], version = 1, uri = URI) =>
    service()
      .diagnostics({ ...doc(TEXT, uri, version), ...(ocrWords ? { ocrWords } : {}) })
      .diagnostics.filter((d) => d.code === "ocr-uncertain");

  it("reports every doubt of the scan's transcript, and none without its sidecar", () => {
    const uri = "file:///scans/a.txt";
    assert.equal(doubts(undefined, 1, uri).length, 0);
    const found = doubts(marks, 1, uri);
    assert.equal(found.length, 28);
    assert.ok(found.every((d) => d.severity === "information"));
    const natious = found.find((d) => /Natious/.test(d.message));
    assert.match(natious?.message ?? "", /“Natious” \(confidence 40%\): check it on the page/);
    // One doubt is one OCR confusion away from a word: said, with a fix.
    assert.deepEqual(
      found.filter((d) => /\?$/.test(d.message)).map((d) => [d.range.start.line, d.message]),
      [[40, "The OCR was unsure of “lt” (confidence 46%): “It”?"]],
    );
    service().forget(uri);
  });

  it("analyses the same version again when its OCR words change: no stale doubts", () => {
    const uri = "file:///scans/b.txt";
    assert.equal(doubts(marks, 1, uri).length, 28);
    assert.equal(doubts(marks.slice(0, 3), 1, uri).length, 3);
    assert.equal(doubts(undefined, 1, uri).length, 0);
    assert.equal(doubts(marks, 1, uri).length, 28);
    service().forget(uri);
  });

  it("gives the fix of a doubt one OCR confusion away as a quick fix", () => {
    const uri = "file:///scans/c.txt";
    const [lt] = doubts(marks, 1, uri).filter((d) => /“lt”/.test(d.message));
    assert.ok(lt);
    const actions = service().codeActions({ ...doc(TEXT, uri, 1), ocrWords: marks }, lt.range, {
      diagnostics: [lt],
    });
    const fix = actions.find((a) => a.title === "Replace with “It”");
    assert.ok(fix, actions.map((a) => a.title).join(", "));
    assert.deepEqual(fix.edit?.changes?.[uri], [{ range: lt.range, newText: "It" }]);
    service().forget(uri);
  });
});
