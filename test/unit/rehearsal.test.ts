import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createLanguageService,
  DEFAULT_SETTINGS,
  FIRST_ANALYSES,
  firstAnalysis,
  type LanguageService,
  REHEARSAL_URI,
  rehearsal,
} from "../../server/src/index";
import { readCorpus } from "./helpers";

// Two General Debate statements, one after the other: a record of some 80 000 characters.
const RECORD = `${readCorpus("ungdc", "AUT_53_1998.txt")}\n\n${readCorpus("ungdc", "EGY_50_1995.txt")}`;
const URI = "file:///rehearsal/record.txt";

function fresh(): LanguageService {
  return createLanguageService({
    onError: (what, error) => {
      throw new Error(`${what} failed: ${String(error)}`);
    },
  });
}

const version = (text: string, v: number) => ({ uri: URI, version: v, getText: () => text });

/** Runs a rehearsal to its end; the number of steps it took. */
function runAll(steps: () => boolean): number {
  let n = 1;
  while (steps()) n++;
  return n;
}

/** The model as JSON, without what holds the text (the same as `modelSnapshot` leaves out). */
function snapshot(s: LanguageService, text: string, v: number): unknown {
  const { lines: _l, profile: _p, text: _t, ...rest } = s.model(version(text, v));
  return JSON.parse(JSON.stringify(rest));
}

describe("priming a document for its first edit (LanguageService.prime)", () => {
  it("keeps the document's model and diagnostics those of its text", () => {
    const s = fresh();
    const before = s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS);
    const model = snapshot(s, RECORD, 1);
    s.settle(URI);
    s.prime(URI, DEFAULT_SETTINGS);
    assert.deepEqual(snapshot(s, RECORD, 1), model);
    assert.deepEqual(s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS), before);
  });

  it("leaves every later edit's analysis as a fresh service gives it", () => {
    const s = fresh();
    s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS);
    s.settle(URI);
    s.prime(URI, DEFAULT_SETTINGS);
    // In the middle, a line split and joined, a diacritic near the start, an astral character
    // near the end (the last line is the one the priming's version changed, as the memo sees it),
    // a new speaker's header, a deletion.
    const middle = RECORD.indexOf("\n", RECORD.length >> 1) + 1;
    let text = RECORD;
    const edits: [number, number, string][] = [
      [middle + 10, 0, "x"],
      [middle + 11, 0, "\n"],
      [middle + 11, 1, ""],
      [200, 0, "é"],
      [text.length - 50, 0, "\u{1D400}"],
      [text.length, 0, "\nThe meeting rose at 1 p.m.\n"],
      [middle - 30, 0, "\n\nThe President: "],
      [middle + 400, 3, ""],
    ];
    edits.forEach(([at, remove, insert], k) => {
      text = text.slice(0, at) + insert + text.slice(at + remove);
      const got = s.diagnostics(version(text, k + 2), DEFAULT_SETTINGS);
      s.settle(URI);
      assert.deepEqual(got, fresh().diagnostics(version(text, k + 2), DEFAULT_SETTINGS), `edit ${k + 1}`);
      assert.deepEqual(snapshot(s, text, k + 2), snapshot(fresh(), text, k + 2), `edit ${k + 1}'s model`);
      // A document already edited is not primed again: its model is not parsed again.
      const model = s.model(version(text, k + 2));
      s.prime(URI, DEFAULT_SETTINGS);
      assert.equal(s.model(version(text, k + 2)), model);
    });
  });

  it("primes a short record too, and does nothing under oneShot", () => {
    const short = "a short line\n".repeat(200);
    const s = fresh();
    s.diagnostics(version(short, 1), DEFAULT_SETTINGS);
    s.prime(URI, DEFAULT_SETTINGS);
    const text = `${short}x`;
    assert.deepEqual(
      s.diagnostics(version(text, 2), DEFAULT_SETTINGS),
      fresh().diagnostics(version(text, 2), DEFAULT_SETTINGS),
    );
    const once = createLanguageService({ oneShot: true });
    const model = once.model(version(RECORD, 1));
    once.prime(URI, DEFAULT_SETTINGS);
    assert.equal(once.model(version(RECORD, 1)), model);
  });
});

describe("rehearsal of the edit path (server/src/rehearsal.ts)", () => {
  it("runs its first analysis and eleven edits, then forgets its document", () => {
    const s = fresh();
    s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS);
    const steps = rehearsal(s, RECORD, DEFAULT_SETTINGS);
    assert.ok(steps);
    assert.equal(runAll(steps), 12);
    // Forgotten: its next analysis is a first one, whose census lists the words written once
    // (a version corrected from a previous one's does not).
    const again = { uri: REHEARSAL_URI, version: 0, getText: () => RECORD.slice(0, 30_000) };
    assert.ok(s.analysis(again).wordCensus().once);
  });

  it("leaves the record's analyses as a fresh service gives them, edits after it included", () => {
    const s = fresh();
    s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS);
    s.settle(URI);
    const steps = rehearsal(s, RECORD, DEFAULT_SETTINGS);
    assert.ok(steps);
    runAll(steps);
    // Edits of the record after the rehearsal: a letter, a line split and join, a diacritic.
    const at = RECORD.indexOf("\n", RECORD.length >> 1) - 3;
    const texts = [
      `${RECORD.slice(0, at)}x${RECORD.slice(at)}`,
      `${RECORD.slice(0, at)}x\n${RECORD.slice(at)}`,
      `${RECORD.slice(0, at)}é${RECORD.slice(at)}`,
    ];
    texts.forEach((text, k) => {
      const got = s.diagnostics(version(text, k + 2), DEFAULT_SETTINGS);
      s.settle(URI);
      const want = fresh().diagnostics(version(text, k + 2), DEFAULT_SETTINGS);
      assert.deepEqual(got, want, `edit ${k + 1}`);
    });
  });

  it("stopped half way (an analysis came), leaves the record's next analysis as a fresh one", () => {
    const s = fresh();
    s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS);
    const steps = rehearsal(s, RECORD, DEFAULT_SETTINGS);
    assert.ok(steps);
    for (let k = 0; k < 4; k++) assert.equal(steps(), true);
    s.forget(REHEARSAL_URI);
    const text = `${RECORD.slice(0, 5000)}The President: ${RECORD.slice(5000)}`;
    assert.deepEqual(
      s.diagnostics(version(text, 2), DEFAULT_SETTINGS),
      fresh().diagnostics(version(text, 2), DEFAULT_SETTINGS),
    );
  });

  it("does not rehearse on a record too short, nor on one without a line of some length", () => {
    const s = fresh();
    assert.equal(rehearsal(s, RECORD.slice(0, 5000), DEFAULT_SETTINGS), undefined);
    assert.equal(rehearsal(s, "a short line\n".repeat(3000), DEFAULT_SETTINGS), undefined);
  });
});

describe("first analyses of a sample in idle time (firstAnalysis)", () => {
  it("each analyses a copy of the record's start afresh and forgets it; the record's analyses are unchanged", () => {
    const s = fresh();
    const before = s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS);
    s.settle(URI);
    const step = firstAnalysis(s, RECORD, DEFAULT_SETTINGS);
    assert.ok(step);
    for (let k = 0; k < FIRST_ANALYSES; k++) step();
    // Forgotten: the next analysis of its URI is a first one (its census lists the words written once).
    const again = { uri: REHEARSAL_URI, version: 0, getText: () => RECORD.slice(0, 30_000) };
    assert.ok(s.analysis(again).wordCensus().once);
    s.forget(REHEARSAL_URI);
    // The record it was taken from: its model kept, an edit's analysis a fresh service's.
    assert.deepEqual(s.diagnostics(version(RECORD, 1), DEFAULT_SETTINGS), before);
    const at = RECORD.indexOf("\n", RECORD.length >> 1) - 3;
    const text = `${RECORD.slice(0, at)}x${RECORD.slice(at)}`;
    assert.deepEqual(
      s.diagnostics(version(text, 2), DEFAULT_SETTINGS),
      fresh().diagnostics(version(text, 2), DEFAULT_SETTINGS),
    );
  });

  it("analyses no record too short to stand for one", () => {
    assert.equal(firstAnalysis(fresh(), RECORD.slice(0, 5000), DEFAULT_SETTINGS), undefined);
  });
});
