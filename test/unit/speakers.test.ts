import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadData } from "../../server/src/data";
import { builtinStates } from "../../server/src/glossary/states";
import { applyTextEdits, DEFAULT_SETTINGS } from "../../server/src/index";
import { doc, service } from "./helpers";

const SAMPLE = readFileSync(join(__dirname, "..", "..", "samples", "S_PV.9001.txt"), "utf8");
const codes = (text: string, code: string) =>
  service()
    .diagnostics(doc(text), DEFAULT_SETTINGS)
    .diagnostics.filter((d) => d.code === code);

describe("speakers", () => {
  it("groups the speakers as a reader does: the chair, the Secretariat, briefers, delegations", () => {
    const index = service().speakers(doc(SAMPLE));
    assert.deepEqual(
      index.groups.map((g) => [g.label, g.speakers.map((r) => [r.label, r.detail])]),
      [
        [
          "Presiding officer",
          [
            ["The President", null],
            ["The Acting President", null],
          ],
        ],
        [
          "Delegations",
          [
            ["Kazakhstan", "Mrs. Aitimova"],
            ["Russian Federation", "Mr. Nebenzia"],
            ["Bolivarian Republic of Venezuela", "Mr. Medina Mejías, Chair of the Counter-Terrorism Committee"],
            ["Tajikistan", "Mr. Rahimzoda"],
          ],
        ],
      ],
    );
    const [president] = index.groups[0].speakers;
    assert.deepEqual(
      president.speeches.map((s) => s.index),
      [1, 3],
    );
    const venezuela = index.groups[1].speakers[2];
    assert.equal(
      venezuela.speaker,
      "Mr. Medina Mejías (Bolivarian Republic of Venezuela), Chair of the Counter-Terrorism Committee",
      "the full name, for the tooltip",
    );
    const russia = index.groups[1].speakers[1].speeches[0];
    assert.equal(russia.language, "Russian");
    assert.ok(russia.wordCount > 40);
  });

  it("puts the Secretary-General and officials by title in the Secretariat, a name alone among briefers", () => {
    const text = [
      "The Secretary-General: One.",
      "The Deputy Secretary-General: Two.",
      "Ms. DiCarlo (Under-Secretary-General for Political and Peacebuilding Affairs): Three.",
      "Mr. Griffiths: Four.",
      "Mr. Skoog (European Union): Five.",
      "The Vice-President (spoke in French): Six.",
      "Mrs. Ward (United Kingdom), Special Representative of the Chair: Seven.",
      "Mr. Griffiths: Eight.",
    ].join("\n\n");
    const index = service().speakers(doc(`${text}\n`));
    assert.deepEqual(
      index.groups.map((g) => [g.kind, g.speakers.map((r) => r.label)]),
      [
        ["presiding", ["The Vice-President"]],
        ["secretariat", ["The Secretary-General", "The Deputy Secretary-General", "Ms. DiCarlo"]],
        ["briefers", ["Mr. Griffiths"]],
        ["delegations", ["European Union", "United Kingdom"]],
      ],
    );
    assert.equal(index.groups[1].speakers[2].detail, "Under-Secretary-General for Political and Peacebuilding Affairs");
    assert.deepEqual(
      index.groups[2].speakers[0].speeches.map((s) => s.index),
      [4, 8],
      "one row per speaker",
    );
  });

  it("groups French, Spanish and Russian records the same way", () => {
    for (const [file, chair, first] of [
      ["S_PV.9001.fr.txt", "La Présidente", "Kazakhstan"],
      ["S_PV.9001.es.txt", "La Presidenta", "Kazajstán"],
      ["S_PV.9001.ru.txt", "Председатель", "Казахстан"],
    ]) {
      const text = readFileSync(join(__dirname, "..", "..", "samples", file), "utf8");
      const index = service().speakers(doc(text));
      assert.deepEqual(
        index.groups.map((g) => [g.kind, g.speakers[0].label]),
        [
          ["presiding", chair],
          ["delegations", first],
        ],
        file,
      );
    }
  });

  it("lists every office of each language as presiding or Secretariat, once", () => {
    for (const l of loadData().languages) {
      const { presiding, secretariat } = l.speakerGroups;
      assert.deepEqual([...presiding, ...secretariat].sort(), [...l.offices].sort(), l.language);
    }
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

  it("speaker-inconsistent: a name one letter from the same delegation's majority spelling", () => {
    const text =
      "Mr. Nebenzia (Russian Federation): One.\n\nMr. Nebenzia (Russian Federation): Two.\n\n" +
      "Mr. Nebenzia (Russian Federation): Two more.\n\nMr. Nebenzja (Russian Federation): Three.\n\nMr. Nebenzja: Four.\n";
    const found = codes(text, "speaker-inconsistent");
    assert.deepEqual(
      found.map((d) => d.range.start.line),
      [6, 8],
    );
    assert.match(found[0].message, /“Nebenzja” is one or two letters from “Nebenzia”.*\(3 of 5 headers\)/);
    assert.match(applyTextEdits(text, found[0].data?.edits ?? []), /Mr\. Nebenzia \(Russian Federation\): Three/);
    // Another delegation's speaker, a tie, short names: left alone.
    const apart =
      "Mr. Nebenzia (Russian Federation): One.\n\nMr. Nebenzia (Russian Federation): Two.\n\nMr. Nebenzja (Belarus): Three.\n";
    assert.deepEqual(codes(apart, "speaker-inconsistent"), []);
    assert.deepEqual(codes("Mr. Heusgen (Germany): One.\n\nMr. Heuszen (Germany): Two.\n", "speaker-inconsistent"), []);
    assert.deepEqual(
      codes("Ms. Raz (Israel): One.\n\nMs. Raz (Israel): One.\n\nMs. Ray (Israel): Two.\n", "speaker-inconsistent"),
      [],
    );
  });

  it("speaker-inconsistent: near misses a letter or two longer or shorter, among speakers of every length", () => {
    // The pairs are compared by length (two apart at most): the misspellings here are one letter
    // shorter, one longer and two longer than their majority, with other speakers' names of the
    // lengths between them, before and after them in the record.
    const others = ["Li", "Kim", "Ngoma", "Dubois", "Okafor", "Tanaka", "Haddad", "Ferreira", "Kowalski", "Vasquez"];
    const header = (name: string, state: string) => `Mr. ${name} (${state}): Text.\n\n`;
    const text =
      others.map((n) => header(n, "Chile")).join("") +
      header("Nebenzia", "Russian Federation").repeat(3) +
      header("Nebenzi", "Russian Federation") +
      header("Abdelrahmanov", "Uzbekistan").repeat(2) +
      header("Abdelrahmanovaa", "Uzbekistan") +
      header("Christodoulides", "Cyprus").repeat(2) +
      header("Christodoulidess", "Cyprus") +
      others.map((n) => header(n, "Peru")).join("");
    const found = codes(text, "speaker-inconsistent");
    assert.deepEqual(
      found.map((d) => /“(\w+)” is one or two letters from “(\w+)”/.exec(d.message)?.slice(1)),
      [
        ["Nebenzi", "Nebenzia"],
        ["Abdelrahmanovaa", "Abdelrahmanov"],
        ["Christodoulidess", "Christodoulides"],
      ],
    );
  });

  it("speaker-inconsistent: a Security Council header checked against the cover's members", () => {
    const text = [
      "United Nations S/PV.8700",
      "Security Council",
      "Seventy-fifth year",
      "8700th meeting",
      "Friday, 10 January 2020, 3 p.m.",
      "New York",
      "Provisional",
      "President: Mr. Dang. . . . . . . . . . . . . . . . . . (Viet Nam)",
      "Members: Belgium. . . . . . . . . . . . . . . . . . .  Mr. Pecsteen de Buytswerve",
      "Germany. . . . . . . . . . . . . . . . . . . . . . . .  Mr. Heusgen",
      "Russian Federation. . . . . . . . . . . . . . . . . .  Mr. Nebenzia",
      "Agenda",
      "The situation in the Middle East",
      "",
      "The meeting was called to order at 3.05 p.m.",
      "",
      "Mr. Nebenzja (Russian Federation) (spoke in Russian): We thank the President.",
      "",
      "Mr. Pecsteen de Buytswerwe (Belgium) (spoke in French): We agree.",
      "",
      "Mr. Heusgen (Germany): So do we.",
      "",
    ].join("\n");
    const found = codes(text, "speaker-inconsistent");
    assert.deepEqual(
      found.map((d) => [d.range.start.line, /“[^”]+” is one or two letters from “([^”]+)”/.exec(d.message)?.[1]]),
      [
        [16, "Nebenzia"],
        [18, "Pecsteen de Buytswerve"],
      ],
    );
    assert.match(found[0].message, /the cover's list of members/);
  });

  it("unknown-state: a delegation that is no State, with the near State as a fix; States and organisations pass", () => {
    const record = [
      "Mr. Smith (Frnace): We thank the President.",
      "",
      "Mr. Ali (Atlantis): We agree.",
      "",
      "Mrs. Sánchez (Plurinational State of Bolivia): Thank you.",
      "",
      "Ms. Doe (Bolivia (Plurinational State of)): Thank you.",
      "",
      "Mr. Kim (Republic of Korea): Thank you.",
      "",
      "Mr. Öz (Turkey): Thank you.",
      "",
      "Mr. Vale (Holy See): Thank you.",
      "",
      "Mr. Abu (State of Palestine): Thank you.",
      "",
      "Mr. Lund (European Union): Thank you.",
      "",
      "Mr. Ivanov (Côte d’Ivoire): Thank you.",
      "",
      "Mr. Medina Mejías (Bolivarian Republic of",
      "Venezuela): Thank you.",
      "",
    ].join("\n");
    const found = codes(record, "unknown-state");
    assert.deepEqual(
      found.map((d) => [d.range.start.line, d.message]),
      [
        [0, "“Frnace” is neither a UN Member State nor an observer State: “France”?"],
        [2, "“Atlantis” is neither a UN Member State nor an observer State."],
      ],
    );
    const [fix] = service().codeActions(doc(record), found[0].range, { diagnostics: [found[0]] });
    assert.equal(fix.title, "Write “France”");
    assert.equal(
      applyTextEdits(record, fix.edit?.changes ? Object.values(fix.edit.changes)[0] : []).split("\n")[0],
      "Mr. Smith (France): We thank the President.",
    );
    // French, Spanish and Russian records name States in their own language.
    assert.deepEqual(
      codes("M. Dupont (Royaume-Uni de Grande-Bretagne et d’Irlande du Nord) : Merci.\n", "unknown-state"),
      [],
    );
    assert.deepEqual(codes("Sr. Pérez (Estados Unidos de América) (habla en inglés): Gracias.\n", "unknown-state"), []);
    assert.deepEqual(codes("Г-н Иванов (Российская Федерация): Спасибо.\n", "unknown-state"), []);
    // Bodies that speak are no States and no mistakes.
    assert.deepEqual(codes("Mr. Lee (Office of Counter-Terrorism): Thank you.\n", "unknown-state"), []);
    assert.deepEqual(codes("Mr. Rossi (Sovereign Order of Malta): Thank you.\n", "unknown-state"), []);
    // The data: 193 Member States and 2 observer States, named in the four languages.
    const states = builtinStates().states;
    assert.equal(states.filter((x) => x.status === "member").length, 193);
    assert.deepEqual(
      states.filter((x) => x.status === "observer").map((x) => x.en),
      ["State of Palestine", "Holy See"],
    );
    assert.ok(states.every((x) => x.en && x.fr && x.es && x.ru));
    // Each name's answer is kept (every edit asks every header's delegation again): the same twice.
    const list = builtinStates();
    for (let k = 0; k < 2; k++) {
      assert.equal(list.find("Côte d’Ivoire")?.iso3, "CIV");
      assert.equal(list.find("Atlantis"), undefined);
      assert.equal(list.findLoose("Guinea Bissau")?.iso3, "GNB");
    }
    // The samples name only States.
    assert.deepEqual(codes(SAMPLE, "unknown-state"), []);
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
