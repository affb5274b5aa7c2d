import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { applyTextEdits, DEFAULT_SETTINGS } from "../../server/src/index";
import { doc, service } from "./helpers";

const SAMPLE = readFileSync(join(__dirname, "..", "..", "samples", "S_PV.9001.txt"), "utf8");
const codes = (text: string, code: string) =>
  service()
    .diagnostics(doc(text), DEFAULT_SETTINGS)
    .diagnostics.filter((d) => d.code === code);

describe("speakers", () => {
  it("indexes the speakers by delegation, with their speeches, words and language", () => {
    const index = service().speakers(doc(SAMPLE));
    const names = index.delegations.map((d) => d.name);
    assert.deepEqual(names, [
      "The President",
      "Kazakhstan",
      "Russian Federation",
      "Bolivarian Republic of Venezuela",
      "The Acting President",
      "Tajikistan",
    ]);
    const president = index.delegations[0].speakers[0];
    assert.deepEqual(
      president.speeches.map((s) => s.index),
      [1, 3],
    );
    const russia = index.delegations[2].speakers[0].speeches[0];
    assert.equal(russia.language, "Russian");
    assert.ok(russia.wordCount > 40);
  });

  it("puts a lens above each speech with its words and speaking time", () => {
    const lenses = service().codeLenses(doc(SAMPLE), 120);
    assert.equal(lenses.length, 7);
    assert.match(lenses[1].command.title, /^\d+ words · about 2 min spoken \(at 120 words a minute\)$/);
    assert.equal(lenses[1].command.command, "");
  });

  it("renames a delegation in every header, across a wrapped header, never in speech text", () => {
    const text =
      "Mr. Medina Mejías (Bolivarian Republic of\nVenezuela), Rapporteur: Venezuela thanks you.\n\nMr. Medina Mejías (Bolivarian Republic of Venezuela): Again, Bolivarian Republic of Venezuela.\n";
    const s = service();
    const d = doc(text);
    const where = { line: 0, character: 22 };
    assert.deepEqual(s.prepareRename(d, where)?.placeholder, "Bolivarian Republic of Venezuela");
    const edits = s.rename(d, where, "Venezuela (Bolivarian Republic of)");
    assert.equal(
      applyTextEdits(text, edits),
      "Mr. Medina Mejías (Venezuela (Bolivarian Republic of)), Rapporteur: Venezuela thanks you.\n\nMr. Medina Mejías (Venezuela (Bolivarian Republic of)): Again, Bolivarian Republic of Venezuela.\n",
    );
    assert.equal(s.prepareRename(d, { line: 0, character: 50 }), null, "not in the speech text");
  });

  it("renames a speaker's name in every header that writes it", () => {
    const text = "Mr. Smith (Ireland): One.\n\nMr. Smith (Ireland): Two, as Mr. Smith said.\n";
    const edits = service().rename(doc(text), { line: 0, character: 6 }, "Smyth");
    assert.equal(
      applyTextEdits(text, edits),
      "Mr. Smyth (Ireland): One.\n\nMr. Smyth (Ireland): Two, as Mr. Smith said.\n",
    );
  });
});

describe("header checks", () => {
  it("speaker-inconsistent: the same speaker spelled two ways, fixed to the majority", () => {
    const text =
      "Mrs. Sánchez Rodríguez (Cuba): One.\n\nMrs. Sánchez Rodríguez (Cuba): Two.\n\nMrs. Sanchez Rodriguez (Cuba): Three.\n";
    const [d] = codes(text, "speaker-inconsistent");
    assert.equal(d.range.start.line, 4);
    assert.match(d.message, /“Sanchez Rodriguez” is written “Sánchez Rodríguez” elsewhere/);
    assert.match(applyTextEdits(text, d.data?.edits ?? []), /Mrs\. Sánchez Rodríguez \(Cuba\): Three/);
    // Near miss: two different people.
    assert.deepEqual(codes("Mr. Smith (Ireland): One.\n\nMr. Smyth (Ireland): Two.\n", "speaker-inconsistent"), []);
  });

  it("header-format: no colon, colon on the next line, an open parenthesis", () => {
    const noColon = "The meeting went on.\n\nMr. Smith (Ireland) We thank the President.\n";
    const [a] = codes(noColon, "header-format");
    assert.match(a.message, /without its colon/);
    assert.match(applyTextEdits(noColon, a.data?.edits ?? []), /Mr\. Smith \(Ireland\): We thank/);
    const open = "Text.\n\nMr. Smith (Ireland: We thank the President.\n";
    const [b] = codes(open, "header-format");
    assert.match(applyTextEdits(open, b.data?.edits ?? []), /Mr\. Smith \(Ireland\): We thank/);
    const nextLine = "Mr. Smith (Ireland)\n: We thank the President.\n";
    const [c] = codes(nextLine, "header-format");
    assert.ok(c, "colon on the next line");
    assert.equal(applyTextEdits(nextLine, c.data?.edits ?? []), "Mr. Smith (Ireland):\n We thank the President.\n");
    // Near misses: a real header, a procedural line, a sentence.
    assert.deepEqual(codes("Mr. Smith (Ireland): We thank.\n", "header-format"), []);
    assert.deepEqual(codes("Text.\n\nMr. Rahming (Bahamas), Vice-President, took the Chair.\n", "header-format"), []);
    assert.deepEqual(codes("Text.\n\nMr. Smith (Ireland) and Mrs. Ward agreed.\n", "header-format"), []);
  });
});
