import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  applyContentChanges,
  DEFAULT_SETTINGS,
  type Diagnostic,
  LineIndex,
  type TranscriptModel,
} from "../../server/src/index";
import { classifyFurniture } from "../../server/src/model/furniture";
import { doc, modelSnapshot, readCorpus, service, snapshotOf } from "./helpers";
import { propertyRuns } from "./propertyRuns";

const BASE = `${readCorpus("seeds", "002_68e17840d4f4b104.txt").slice(0, 2500)}
2/17 18-06789

S/PV.9001 Threats to international peace and security 13/03/2018

Mr. Medina Mejías (Bolivarian Republic of
Venezuela), Rapporteur: Thank you.
The meeting rose at 1 p.m.
`;

/** Pieces that edits insert: structure, line ends of every kind, and awkward characters. */
const PIECE = fc.constantFrom(
  "\n",
  "\r\n",
  "\r",
  "\n\n",
  "The President: ",
  "Mr. Smith (France): ",
  "(spoke in French)",
  "2/17 16-43375\n",
  "\f",
  "\u00ad",
  "é",
  "e\u0301",
  "𝐀",
  "\u2028",
  " ",
  "-",
  "word",
  "thejoint",
  "-\n",
  " NATO ",
  "the North Atlantic Treaty Organization (NATO)",
  "on 3 June 2016",
  "\nlast",
  "Mr. Smith (Frnace): ",
  "",
);

/**
 * Diagnostics with their document's own uri (in related information: where a cut sentence goes
 * on) written as `<this document>`: a document and its fresh copy under another uri then compare.
 */
/**
 * Applies `edits` (a place, a length cut, pieces inserted) to `base` one version at a time, each
 * at one of `places(text)` except one edit in `every` anywhere, and asserts each version's model
 * equals a fresh parse of its text — and still does once the next version is parsed (an edit
 * reuses what a model two versions old holds, never the previous one's: model/types.ts).
 */
function replayEdits(
  name: string,
  base: string,
  uri: string,
  edits: readonly (readonly [number, number, readonly string[]])[],
  places: (text: string) => number[],
  every: number,
): void {
  let text = base;
  let version = 1;
  let previous: { model: TranscriptModel; fresh: unknown } = {
    model: service().model(doc(text, uri, version)),
    fresh: modelSnapshot(text),
  };
  for (const [at, length, inserted] of edits) {
    const near = at % every ? places(text) : [];
    const start = near.length ? near[at % near.length] : at % (text.length + 1);
    text = text.slice(0, start) + inserted.join("") + text.slice(Math.min(text.length, start + length));
    const updated = service().model(doc(text, uri, ++version));
    const fresh = modelSnapshot(text);
    assert.deepEqual(snapshotOf(updated), fresh, `${name} v${version}`);
    assert.deepEqual(snapshotOf(previous.model), previous.fresh, `${name} v${version - 1} once v${version} is parsed`);
    previous = { model: updated, fresh };
  }
  service().forget(uri);
}

function ownUri<T extends { diagnostics: Diagnostic[] }>(result: T, uri: string): T {
  return {
    ...result,
    diagnostics: result.diagnostics.map((d) =>
      d.relatedInformation
        ? {
            ...d,
            relatedInformation: d.relatedInformation.map((r) =>
              r.location.uri === uri ? { ...r, location: { ...r.location, uri: "<this document>" } } : r,
            ),
          }
        : d,
    ),
  };
}

/**
 * Random edit sequences on `base` (each a splice at a random place of up to `maxDelete`
 * characters, replaced by pieces), sent as a client sends them: after each, the re-analysed model
 * and its diagnostics equal a fresh analysis of the same text.
 */
function editsEqualFresh(
  base: string,
  piece: fc.Arbitrary<string>,
  o: { maxDelete: number; maxPieces: number; maxEdits: number; numRuns: number; seed: number },
): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(), fc.nat(o.maxDelete), fc.array(piece, { maxLength: o.maxPieces })), {
        minLength: 1,
        maxLength: o.maxEdits,
      }),
      (edits) => {
        const uri = `file:///incremental-${o.seed}.txt`;
        let text = base;
        let version = 1;
        service().model(doc(text, uri, version));
        for (const [at, length, pieces] of edits) {
          const index = new LineIndex(text);
          const start = at % (text.length + 1);
          const end = Math.min(text.length, start + length);
          const range = { start: index.positionAt(start), end: index.positionAt(end) };
          const next = applyContentChanges(text, [{ range, text: pieces.join("") }]);
          // The edit as a client states it must give the text a plain splice gives.
          const spliced =
            text.slice(0, index.offsetAt(range.start)) + pieces.join("") + text.slice(index.offsetAt(range.end));
          assert.equal(next, spliced);
          text = next;
          version++;
          const updated = service().model(doc(text, uri, version));
          assert.equal(updated.version, version);
          assert.deepEqual(snapshotOf(updated), modelSnapshot(text));
          // The diagnostics too (the rules keep word counts and line results between versions).
          const fresh = `file:///incremental-fresh-${version}.txt`;
          assert.deepEqual(
            ownUri(service().diagnostics(doc(text, uri, version), DEFAULT_SETTINGS), uri),
            ownUri(service().diagnostics(doc(text, fresh, version), DEFAULT_SETTINGS), fresh),
          );
          service().forget(fresh);
        }
        service().forget(uri);
      },
    ),
    propertyRuns(o.numRuns, o.seed),
  );
}

describe("re-analysis after edits equals a fresh parse", () => {
  it("holds for random edit sequences (property)", () => {
    editsEqualFresh(BASE, PIECE, { maxDelete: 40, maxPieces: 3, maxEdits: 6, numRuns: 60, seed: 20261122 });
  });

  it("holds through many versions of a short record, where every edit touches the structure (property)", () => {
    // Lines with line-end hyphens deleted in groups, parentheses over blank lines, headers and
    // furniture coming and going.
    const short =
      "Mr. Smith (France): The trans-\nnational\n\nthreat of the Collective Security Treaty\nOrganization (CSTO\n\n\n) and co-\noperation.\n2/17 16-43375\nlast-\nyear we met\n";
    const pieces = fc.constantFrom(
      "\n",
      "\r",
      "\r\n",
      "-\n",
      "(NATO\n\n\n)",
      "x-\ny",
      "\n\n",
      "Mr. Lee (Chad): ",
      "w-\n  xx\np\nq\n",
      "word",
      "",
    );
    editsEqualFresh(short, pieces, { maxDelete: 60, maxPieces: 2, maxEdits: 10, numRuns: 100, seed: 20261123 });
  });

  it("holds on the layouts of other decades: 1990s heads, page 1's footer, capitals (property)", () => {
    // What reads neighbouring lines: a head's page, the footer to its job number and the
    // distribution lines after it, a mark between furniture, a meeting number and its ordinal.
    const old =
      "General Assembly\n85\n\nth plenary meeting\nThe PRESIDENT: We begin.\nMr. OKAFOR (Nigeria): We thank the\n" +
      "This record is subject to correction.\nCorrections will be issued in a consolidated corrigendum.\n" +
      "95-12345 (E)\nDistr. GENERAL\n22 November 1995\nENGLISH\n.\n\f2 General Assembly - Fiftieth session\n" +
      "Secretary-General.\nMr. Benali (spoke in French) (Algeria): Yes.\n\f45th meeting - Tuesday, 3 October 1995 3\nEnd.\n";
    const pieces = fc.constantFrom(
      "\n",
      "\f",
      ".\n",
      "95-12345 (E)\n",
      "This record is subject to correction.\n",
      "Distr. GENERAL\n",
      "ENGLISH\n",
      "2 General Assembly - Fiftieth session\n",
      "th plenary meeting",
      "Mr. Ortega: (Peru) (spoke in Spanish): ",
      "AGENDA ITEM 4 (continued)\n",
      "",
    );
    editsEqualFresh(old, pieces, { maxDelete: 50, maxPieces: 2, maxEdits: 6, numRuns: 40, seed: 20261206 });
  });
});

describe("results taken over only where what they read is unchanged", () => {
  /** Edits `text` at `at` (replacing `length` characters) and compares with a fresh parse. */
  const check = (text: string, at: number, length: number, inserted: string) => {
    const uri = `file:///context-${Math.random()}.txt`;
    service().model(doc(text, uri, 1));
    const next = text.slice(0, at) + inserted + text.slice(at + length);
    const updated = service().model(doc(next, uri, 2));
    service().forget(uri);
    assert.deepEqual(snapshotOf(updated), modelSnapshot(next));
    return updated;
  };
  const filler = Array.from({ length: 40 }, (_, k) => `Line ${k} of a speech that says nothing in particular.`).join(
    "\n",
  );

  /** Analyses the versions one after another under one uri; the last must equal a fresh parse. */
  const sequence = (versions: string[]) => {
    const uri = `file:///sequence-${Math.random()}.txt`;
    versions.forEach((text, k) => {
      const updated = service().model(doc(text, uri, k + 1));
      assert.deepEqual(snapshotOf(updated), modelSnapshot(text), `version ${k + 1}`);
      assert.deepEqual(
        ownUri(service().diagnostics(doc(text, uri, k + 1), DEFAULT_SETTINGS), uri),
        ownUri(service().diagnostics(doc(text, `${uri}-fresh-${k}`, k + 1), DEFAULT_SETTINGS), `${uri}-fresh-${k}`),
      );
      service().forget(`${uri}-fresh-${k}`);
    });
    service().forget(uri);
  };

  it("lines removed where a per-line table was never filled (line-end hyphens, word counts)", () => {
    sequence(["w-\n  xx\np\nq\nzzzzz\n", "v-\nzzzzz\n"]);
    sequence(["x\nfoo-\nbar\n   bazzz\nqux\n", "foo-\nbar\n   bazzz\nqux\n", "foo-\nbar-\n   bazzz\nqux\n"]);
  });

  it("the line kinds outside an edit compared once for every pass: a running head edited away at one break", () => {
    // A line recurring at three page breaks is furniture; edit one copy and the other two, far
    // from the edit, are text again: paragraphs, line-end breaks, acronyms and dates around them
    // must be read again, not taken over (their blank lines did not move, their kinds did).
    const page = (k: number) =>
      `and the North Atlantic Treaty Organization (NATO) met on 3 June 2016 in page ${k}, and the peace-\nbuilding talks went on.\n`;
    const head = "Threats to peace and security (UNSC) of 3 June 2016 and the North Atlantic";
    const pages = [0, 1, 2, 3].map((k) => `${page(k)}${k < 3 ? `\n\f${head}\n\n` : ""}`).join("");
    const text = `${pages}\n${filler}\n`;
    const at = text.indexOf(head);
    const edited = `${text.slice(0, at)}Threats${text.slice(at + head.length)}`;
    const first = service().model(doc(text, "file:///heads-first.txt"));
    service().forget("file:///heads-first.txt");
    assert.equal(
      first.furniture.filter((f) => f.kind === "running-header").length,
      3,
      "the head recurs at three breaks",
    );
    sequence([text, edited, text, edited.replace("peace-\nbuilding", "peace\nbuilding")]);
  });

  it("a definition whose closing parenthesis stands three lines after its short form", () => {
    const v1 = "We met the Shanghai Cooperation Organization (SCO\n\n\nx)\nMore text here.\n";
    sequence([v1, v1.replace("x)", ")"), v1]);
    sequence([v1.replace(/\n/g, "\r"), v1.replace(/\n/g, "\r").replace("x)", ")")]);
  });

  it("an acronym definition whose long form crosses a hyphen that evidence far away decides", () => {
    const text = `The Office for peace-\nbuilding and Security (OPS) met.\n\n${filler}\n\nWe said it: peacebuilding.\n`;
    const at = text.indexOf("We said it.");
    const before = service().model(doc(text, "file:///ops-before.txt")).tokens.acronymDefinitions;
    service().forget("file:///ops-before.txt");
    const after = check(text, at, 0, "peace-building, peace-building and peace-building. ").tokens.acronymDefinitions;
    assert.equal(before[0]?.expansion, "Office for peacebuilding and Security");
    assert.equal(after[0]?.expansion, "Office for peace-building and Security", "the document's spelling decides");
  });
});

describe("the passes that follow the edit give a fresh parse's model on real records", () => {
  /**
   * Records of several eras and layouts. Edits land where the parts that follow an edit change:
   * line-end hyphens, blank lines between blocks, dates, document symbols and acronyms (and
   * anywhere, one time in four), and insert what makes or breaks them, with diacritics and
   * astral characters.
   */
  const records: [string, string][] = [
    ["A_48_PV.46 (1993)", readCorpus("eras", "text", "pdfjs", "A_48_PV.46.txt").slice(0, 60_000)],
    ["A_64_PV.121 (2010), pdftotext -layout", readCorpus("eras", "text", "layout", "A_64_PV.121.txt")],
    ["S_PV.8422 (2018), pdftotext -raw", readCorpus("eras", "text", "raw", "S_PV.8422.txt")],
    ["S_PV.10100", readCorpus("eras", "text", "pdfjs", "S_PV.10100.txt")],
  ];
  const pieces = fc.constantFrom(
    "\n",
    "\n\n",
    "\r\n",
    "-\n",
    "co-\noperation ",
    " cooperation cooperation ",
    " co-operation co-operation ",
    "on 3 June 2016",
    "31 December",
    "1995",
    " (S/2020/123) ",
    "A/75/PV.3",
    " UNHCR ",
    "the Peacebuilding Commission (PBC)",
    "Briceño",
    "Côte d’Ivoire",
    "e\u0301",
    "𝐀𝐁",
    "\u00ad\n",
    "",
  );
  const interesting = (text: string): number[] => {
    const out: number[] = [];
    for (const re of [/-\n/g, /\n\n/g, /\b(?:19|20)\d\d\b/g, /[AS]\/\d/g, /\b\p{Lu}{3,}\b/gu])
      for (const m of text.matchAll(re)) out.push(m.index ?? 0);
    return out;
  };
  records.forEach(([name, base], k) => {
    it(`${name} (property)`, () => {
      const places = interesting(base);
      assert.ok(places.length > 5, `${places.length} places in ${name}`);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(), fc.nat(30), fc.array(pieces, { maxLength: 2 })), { minLength: 1, maxLength: 5 }),
          // Three in four at a place of interest (found again in the edited text), else anywhere.
          (edits) => replayEdits(name, base, `file:///follow-${k}.txt`, edits, interesting, 4),
        ),
        propertyRuns(10, 20261207 + k),
      );
    });
  });

  /** Pieces that make, break or join the body scan's structures: headers, procedural lines, agenda items, votes. */
  const structure = fc.constantFrom(
    "\n",
    "\n\n",
    "\r\n",
    "The President: ",
    "\nThe PRESIDENT: ",
    "Mr. Smith (France): ",
    "Mr. Núñez Mosquera (Cuba) (spoke in Spanish): ",
    "Ms. Šćepanović (Montenegro):\n",
    "(Bolivarian Republic of\nVenezuela):",
    "The meeting rose at 1 p.m.\n",
    "The meeting was called to order at 10 a.m.\n",
    "[Subsequently the delegation\nof 𝐀 advised",
    "]\n",
    "In favour:\n",
    "Against:\nFrance, Chad\n",
    "Agenda item 7\n",
    "AGENDA ITEM 4 (continued)\n",
    ".",
    ":",
    "e\u0301",
    "",
  );
  /** Where the body scan's structures start and end: headers, procedural sentences, agenda items, blank lines. */
  const structural = (text: string): number[] => {
    const out: number[] = [];
    for (const re of [
      /^(?:The President|The PRESIDENT|M[rs]s?\.|Agenda item|AGENDA ITEM|In favour|The meeting)/gm,
      /:\n/g,
      /\n\n/g,
    ])
      for (const m of text.matchAll(re)) out.push(m.index ?? 0);
    return out;
  };
  records.forEach(([name, base], k) => {
    it(`${name}: the body scan taken over around an edit of its structure (property)`, () => {
      assert.ok(structural(base).length > 5, name);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.array(structure, { maxLength: 2 })), {
            minLength: 1,
            maxLength: 5,
          }),
          (edits) => replayEdits(name, base, `file:///scan-${k}.txt`, edits, structural, 5),
        ),
        propertyRuns(12, 20261220 + k),
      );
    });
  });

  it("an edit in the middle keeps the speakers' headers before it and moves those after it", () => {
    const uri = "file:///scan-kept.txt";
    const base = readCorpus("eras", "text", "pdfjs", "A_76_PV.102.txt");
    const v1 = service().model(doc(base, uri, 1));
    const middle = v1.speeches[Math.floor(v1.speeches.length / 2)];
    assert.ok(v1.speeches.length > 6, `${v1.speeches.length} speeches`);
    // A word typed in the middle speech's first paragraph, after its header's line.
    const at = v1.lines.starts[middle.header.endLine + 1] + 3;
    const text = `${base.slice(0, at)}ñ𝐀${base.slice(at)}`;
    const v2 = service().model(doc(text, uri, 2));
    service().forget(uri);
    assert.deepEqual(snapshotOf(v2), modelSnapshot(text));
    assert.equal(v2.speeches.length, v1.speeches.length);
    // Page 1 (where its footer may be) is scanned again; a header after it and before the edit is kept.
    const kept = v1.speeches.findIndex((x) => x.header.startLine > 400);
    assert.ok(kept > 0 && v1.speeches[kept].header.endLine < middle.header.startLine);
    assert.equal(v2.speeches[kept].header, v1.speeches[kept].header, "a header before the edit is the same object");
    // Its speech too (walked by the previous version, the same paragraphs), where it ends before the edit.
    assert.equal(v2.speeches[kept], v1.speeches[kept], "a speech before the edit is the same object");
    const last = v2.speeches.length - 1;
    assert.notEqual(v2.speeches[last].header, v1.speeches[last].header, "a header after the edit is moved");
    assert.equal(v2.speeches[last].header.span.start, v1.speeches[last].header.span.start + 3);
  });

  it("the line classes taken over away from page breaks, read again near them (furniture found by its repetition)", () => {
    // A 2018 record as plain pdftotext gives it, its running heads re-lettered (ROT13, a shape no
    // pattern knows: `Gur fvghngvba va gur Prageny Nsevpna Erchoyvp`): furniture found by its
    // repetition at page breaks. Each edit is made on the record as it is, then undone, each
    // version equal to a fresh parse.
    const rot13 = (t: string) =>
      t.replace(/[a-z]/gi, (c) => {
        const a = c <= "Z" ? 65 : 97;
        return String.fromCharCode(((c.charCodeAt(0) - a + 13) % 26) + a);
      });
    const record = readCorpus("eras", "text", "plain", "S_PV.8422.txt");
    const plain = service().model(doc(record, "file:///classes-plain.txt"));
    service().forget("file:///classes-plain.txt");
    const heads = new Set(plain.furniture.filter((f) => f.kind === "running-header").map((f) => f.line));
    const base = record
      .split("\n")
      .map((line, i) => (heads.has(i) ? rot13(line) : line))
      .join("\n");
    const uri = "file:///classes-kept.txt";
    let version = 1;
    const v1 = service().model(doc(base, uri, version));
    const byRepetition = v1.furniture.filter(
      (f) => f.kind === "running-header" && !classifyFurniture(v1.lines.line(f.line), 0, 0),
    );
    assert.ok(byRepetition.length >= 8, `${byRepetition.length} lines of furniture found by repetition`);
    const check = (text: string, what: string) => {
      const updated = service().model(doc(text, uri, ++version));
      assert.deepEqual(snapshotOf(updated), modelSnapshot(text), what);
      return updated;
    };
    // A letter typed in the middle of a paragraph far from any page break: the furniture before it
    // is the previous version's (the same objects), the furniture after it moved by one.
    const far = v1.paragraphs.find(
      (p) =>
        p.endLine - p.startLine > 12 &&
        p.startLine > 100 &&
        v1.furniture.every((f) => Math.abs(f.line - p.startLine - 6) > 8),
    );
    assert.ok(far, "a long paragraph away from the page breaks");
    const at = v1.lines.starts[far.startLine + 6] + 2;
    const typed = check(`${base.slice(0, at)}é${base.slice(at)}`, "a letter far from the breaks");
    const split = v1.furniture.findIndex((f) => f.line > far.startLine);
    assert.ok(split > 0 && split < v1.furniture.length);
    assert.equal(typed.furniture[split - 1], v1.furniture[split - 1], "furniture before the edit: the same object");
    assert.notEqual(typed.furniture[split], v1.furniture[split]);
    assert.equal(typed.furniture[split].span.start, v1.furniture[split].span.start + 1);
    check(base, "undone");
    // On each line from six before to six after one of them: a letter typed, the line split or
    // joined with the next, a blank line, a copy of the furniture's line, a form feed.
    const f = byRepetition[Math.floor(byRepetition.length / 2)];
    for (let d = -6; d <= 6; d++) {
      const line = f.line + d;
      const start = v1.lines.starts[line];
      const end = v1.lines.ends[line];
      const middle = start + Math.floor((end - start) / 2);
      const edits: [number, number, string][] = [
        [middle, 0, "x"],
        [middle, 0, "\n"],
        [end, v1.lines.starts[line + 1] - end, " "],
        [start, 0, "\n"],
        [start, 0, `${v1.lines.line(f.line)}\n`],
        [start, 0, "\f"],
      ];
      for (const [from, cut, inserted] of edits) {
        check(
          `${base.slice(0, from)}${inserted}${base.slice(from + cut)}`,
          `${JSON.stringify(inserted)} at line ${line}`,
        );
        check(base, `undone at line ${line}`);
      }
    }
    service().forget(uri);
  });

  it("the body scan restarts at a step that read far past its own lines (an agenda item's title over blank lines)", () => {
    // An agenda item's title goes on over blank lines to a line that reads as a title: its step
    // reads to the next line of content, here twenty blank lines on, past other steps' lines. An
    // edit there makes that line a title or a sentence: the scan is taken up again at the agenda
    // item, not at the blank line before the edit.
    const record = readCorpus("eras", "text", "pdfjs", "A_64_PV.121.txt");
    const v0 = service().model(doc(record, "file:///agenda-far-0.txt"));
    service().forget("file:///agenda-far-0.txt");
    const item = v0.agendaItems.find((a) => a.startLine > 300 && a.endLine - a.startLine < 2);
    assert.ok(item, "an agenda item in the body");
    const after = v0.lines.ends[item.endLine];
    const base = `${record.slice(0, after)}${"\n".repeat(20)}${record.slice(after)}`;
    const uri = "file:///agenda-far.txt";
    let version = 1;
    const v1 = service().model(doc(base, uri, version));
    const next = item.endLine + 21;
    assert.equal(v1.lineKinds[next - 1], "blank");
    const start = v1.lines.starts[next];
    const end = v1.lines.ends[next];
    const titled: string[] = [];
    for (const line of [
      "Report of the Fifth Committee",
      "Report of the Fifth Committee.",
      "report",
      "Draft resolution",
    ]) {
      const text = `${base.slice(0, start)}${line}${base.slice(end)}`;
      const updated = service().model(doc(text, uri, ++version));
      assert.deepEqual(snapshotOf(updated), modelSnapshot(text), JSON.stringify(line));
      titled.push(updated.agendaItems.find((a) => a.startLine === item.startLine)?.title ?? "");
    }
    // The edit changed what the agenda item's step found (its title), far from the item's lines.
    assert.ok(new Set(titled).size > 1, titled.join(" | "));
    service().forget(uri);
  });

  it("the body scan taken over by edits on each line around page 1's end, where its footer may stand", () => {
    // A 1990s record: page 1's footer (the correction notice, the job number, the distribution
    // lines, its lines 72 to 81) below speech text. Each version types a header or a blank line
    // at one line's start, on the footer and around the 300th line.
    const base = readCorpus("eras", "text", "pdfjs", "A_48_PV.46.txt").slice(0, 40_000);
    const uri = "file:///scan-page-one.txt";
    let text = base;
    let version = 1;
    service().model(doc(text, uri, version));
    const lines = [60, 66, 70, 72, 74, 77, 79, 81, 84, 90, 280, 290, 296, 299, 300, 301, 302, 305, 310, 320];
    for (const line of lines) {
      const index = new LineIndex(text);
      const at = index.starts[Math.min(line, index.lineCount - 1)];
      text = text.slice(0, at) + (line % 2 ? "\n" : "The President: ") + text.slice(at);
      const updated = service().model(doc(text, uri, ++version));
      assert.deepEqual(snapshotOf(updated), modelSnapshot(text), `line ${line}`);
    }
    service().forget(uri);
  });

  it("the body scan reads again a header or a note that an edit two lines on completes", () => {
    // What a step of the scan reads past its own line: a header joined over three lines, whose
    // colon the edit types on the third; a bracketed note over five lines, closed by the edit.
    // Past page 1's lines (its footer's reading reaches further).
    const filler = Array.from({ length: 400 }, (_, k) => `Line ${k} of a speech that says nothing in particular.`);
    const uri = "file:///scan-reach.txt";
    const v1 = [
      ...filler,
      "",
      "Mr. Medina",
      "Mejías (Bolivarian Republic of",
      "Venezuela), Rapporteur Thank you.",
      "",
      "[Subsequently the delegation",
      "of Chad advised the",
      "Secretariat that it had",
      "intended to vote in",
      "favour.",
      "",
      ...filler,
      "",
    ].join("\n");
    const v2 = v1.replace("Rapporteur Thank", "Rapporteur: Thank");
    const v3 = v2.replace("favour.", "favour.]");
    [v1, v2, v3, v1].forEach((text, k) => {
      const m = service().model(doc(text, uri, k + 1));
      assert.deepEqual(snapshotOf(m), modelSnapshot(text), `version ${k + 1}`);
    });
    service().forget(uri);
    assert.ok(
      service()
        .model(doc(v2, "file:///scan-reach-2.txt"))
        .speeches.some((x) => x.header.startLine === 401),
    );
    service().forget("file:///scan-reach-2.txt");
  });

  it("a line-end hyphen's verdict changes when an edit elsewhere changes the counts it read", () => {
    const uri = "file:///follow-verdict.txt";
    const filler = Array.from({ length: 30 }, (_, k) => `Line ${k} says nothing in particular here.`).join("\n");
    const v1 = `We seek co-\noperation with all.\n\n${filler}\n\nThe end.\n`;
    const v2 = v1.replace("The end.", "The co-operation and co-operation again.");
    const v3 = v2.replace("The co-operation and co-operation again.", "The cooperation, cooperation, cooperation.");
    const decisions: string[] = [];
    [v1, v2, v3, v1].forEach((text, k) => {
      const m = service().model(doc(text, uri, k + 1));
      assert.deepEqual(snapshotOf(m), modelSnapshot(text), `version ${k + 1}`);
      decisions.push(m.tokens.hyphenBreaks[0]?.decision ?? "none");
    });
    service().forget(uri);
    assert.deepEqual(decisions.slice(1, 3), ["keep", "join"]);
    assert.equal(decisions[3], decisions[0]);
  });

  it("speeches away from an edit are walked again when it changes line kinds there (a running head no longer repeated)", () => {
    // Four pages, a running head after each form feed: found by its repetition at three breaks.
    // A letter typed into one copy leaves two: every copy is text again, the last line of each
    // speech before it too, though those speeches lie wholly before the edit.
    const statement = (k: number) =>
      `This is the statement number ${k} of the delegation, and it goes on for a while\nwithout end until the line finishes here with a full stop.\n`;
    const names = ["Smith", "Jones", "Brown", "Green"];
    const pages = names.map(
      (name, p) =>
        `Zqx Wplk Bravo Report\n\nMr. ${name} (France): We thank the President.\n\n${statement(p)}\n${statement(p + 10)}\n${p}/5 18-0${p}789\n`,
    );
    const base = `United Nations S/PV.9001\nSecurity Council\nSeventy-third year\n9001st meeting\nTuesday, 13 March 2018, 10 a.m.\nNew York\n\nThe meeting was called to order at 10 a.m.\n\n${pages.join("\f")}`;
    const uri = "file:///speeches-kinds.txt";
    const third = base.indexOf("Zqx", base.indexOf("Zqx", base.indexOf("Zqx") + 1) + 1);
    const edited = `${base.slice(0, third)}x${base.slice(third)}`;
    const ends: number[][] = [];
    [base, edited, base].forEach((text, k) => {
      const m = service().model(doc(text, uri, k + 1));
      assert.deepEqual(snapshotOf(m), modelSnapshot(text), `version ${k + 1}`);
      ends.push(m.speeches.map((sp) => sp.endLine));
    });
    service().forget(uri);
    assert.equal(ends[0].length, 4);
    assert.ok(ends[1][0] > ends[0][0], "the first speech ends on the running head, text again");
    assert.deepEqual(ends[2], ends[0]);
  });

  it("paragraphs far from an edit split again when the edit moves the typical line width (no blank lines)", () => {
    // Without blank lines between paragraphs, a short line that ends a sentence closes its
    // paragraph when it is short beside the record's typical width: lines added at the end
    // widen it, and a paragraph at the start splits.
    const uri = "file:///follow-width.txt";
    const full = (k: number) => `Line ${k} of a speech that runs on with words and words and`;
    const lines = Array.from({ length: 40 }, (_, k) => full(k));
    lines.splice(5, 0, "We said so and we say it again today, as we did before.", "Then we go on with it.");
    // One blank line: the paragraphs before it need not be read again, unless the width moved.
    lines.splice(20, 0, "");
    const v1 = `${lines.join("\n")}\n`;
    const wide = Array.from({ length: 60 }, (_, k) => `${full(k)} more words to make a much longer line of text here`);
    const v2 = `${v1}${wide.join("\n")}\n`;
    const counts: number[] = [];
    [v1, v2, v1].forEach((text, k) => {
      const m = service().model(doc(text, uri, k + 1));
      assert.ok(m.raw, "read as a text without blank lines between paragraphs");
      assert.deepEqual(snapshotOf(m), modelSnapshot(text), `version ${k + 1}`);
      counts.push(m.paragraphs.filter((p) => p.endLine < 10).length);
    });
    service().forget(uri);
    assert.ok(counts[1] > counts[0], `paragraphs in the first lines: ${counts}`);
  });
});

describe("the line kinds' arrays take turns between versions (AnalysisMemo.turnArray)", () => {
  it("an edit fills the array of the version before the previous one; the previous version's kinds stay its own", () => {
    const base = readCorpus("eras", "text", "pdfjs", "S_PV.10100.txt");
    const uri = "file:///turns.txt";
    const kindsOf = (text: string) => (modelSnapshot(text) as { lineKinds: string[] }).lineKinds;
    // A blank line typed in the middle (a paragraph split, kinds moved a line on), a speaker's
    // header typed at the start, the blank line taken away again: each version changes kinds.
    const middle = base.indexOf("\n", base.length >> 1);
    const v2 = `${base.slice(0, middle)}\n${base.slice(middle)}`;
    const v3 = `Mr. Smith (France): ${v2}`;
    const v4 = `Mr. Smith (France): ${base}`;
    const m1 = service().model(doc(base, uri, 1));
    const m2 = service().model(doc(v2, uri, 2));
    assert.notEqual(m2.lineKinds, m1.lineKinds, "the previous version's array is never this one's");
    const m3 = service().model(doc(v3, uri, 3));
    assert.equal(m3.lineKinds, m1.lineKinds, "no array allocated: the one of two versions back, filled again");
    assert.notEqual(m3.lineKinds, m2.lineKinds);
    // Version 2's model is still read while version 3 is the latest (the published diagnostics'
    // version, a request answered from it): its kinds are its text's.
    assert.deepEqual([...m2.lineKinds], kindsOf(v2));
    assert.deepEqual([...m3.lineKinds], kindsOf(v3));
    const m4 = service().model(doc(v4, uri, 4));
    assert.equal(m4.lineKinds, m2.lineKinds);
    assert.deepEqual([...m3.lineKinds], kindsOf(v3));
    assert.deepEqual([...m4.lineKinds], kindsOf(v4));
    service().forget(uri);
  });
});

describe("dates, acronyms and paragraphs after an edit take turns between two copies (movedTail)", () => {
  it("a version moves each into the copy of two versions back; the previous version's stay its own", () => {
    const base = readCorpus("eras", "text", "layout", "A_76_PV.102.txt");
    const uri = "file:///element-turns.txt";
    type Parts = { paragraphs: unknown[]; tokens: { dates: unknown[]; acronyms: unknown[] } };
    const partsOf = (text: string) => modelSnapshot(text) as Parts;
    const same = (m: Parts, text: string, what: string) => {
      const fresh = partsOf(text);
      const json = (x: unknown) => JSON.parse(JSON.stringify(x));
      assert.deepEqual(json(m.tokens.dates), fresh.tokens.dates, `${what}: dates`);
      assert.deepEqual(json(m.tokens.acronyms), fresh.tokens.acronyms, `${what}: acronyms`);
      assert.deepEqual(json(m.paragraphs), fresh.paragraphs, `${what}: paragraphs`);
    };
    // A character typed near the start, version after version (with a line split once): every
    // date, acronym and paragraph after it moves at each version.
    const at = base.indexOf("\n", 2000);
    const versions = [base];
    for (const piece of ["x", "é", "\n𝐀", "y", "z"]) {
      const last = versions[versions.length - 1];
      versions.push(`${last.slice(0, at)}${piece}${last.slice(at)}`);
    }
    const models = versions.map((text, k) => service().model(doc(text, uri, k + 1)));
    const m = models.length - 1;
    const lists: ((k: number) => readonly unknown[])[] = [
      (k) => models[k].tokens.dates.filter((d) => d.span.start > at + 3000),
      (k) => models[k].tokens.acronyms.filter((t) => t.span.start > at + 3000),
      (k) => models[k].paragraphs.filter((p) => p.start > at + 3000),
    ];
    for (const moved of lists) {
      assert.ok(moved(m).length > 30, `${moved(m).length} after the edits`);
      // The latest version's elements after the edit are the objects of two versions back, moved again.
      assert.ok(moved(m).every((d, k) => d === moved(m - 2)[k]));
      assert.ok(moved(m).every((d, k) => d !== moved(m - 1)[k]));
    }
    // The latest version and the one before read as fresh parses of their texts.
    same(models[m], versions[m], "latest");
    same(models[m - 1], versions[m - 1], "the one before");
    service().forget(uri);
  });
});
