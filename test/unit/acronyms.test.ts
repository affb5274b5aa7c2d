import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { expansionKeys, sameExpansion } from "../../server/src/analysis/acronymIndex";
import { applyTextEdits, createLanguageService, DEFAULT_SETTINGS } from "../../server/src/index";
import { cursor, doc, readCorpus } from "./helpers";

/** A small built-in glossary, so that these tests do not hang on the data file's contents. */
const BUILTIN = {
  categories: { "regional-organization": "Regional organization", "un-entity": "UN entity" },
  entries: [
    { acronym: "NATO", expansion: "North Atlantic Treaty Organization", category: "regional-organization" },
    {
      acronym: "CSTO",
      expansion: "Collective Security Treaty Organization",
      category: "regional-organization",
      fr: { acronym: "OTSC", expansion: "Organisation du Traité de sécurité collective" },
    },
    { acronym: "SCO", expansion: "Shanghai Cooperation Organization", category: "regional-organization" },
    { acronym: "UN-Women", expansion: "United Nations Entity for Gender Equality and the Empowerment of Women" },
    { acronym: "NGO", expansion: "non-governmental organization" },
    { acronym: "G77", expansion: "Group of 77", variants: ["G-77"] },
    { acronym: "NPT", expansion: "Treaty on the Non-Proliferation of Nuclear Weapons" },
  ],
};

const svc = () => createLanguageService({ glossary: BUILTIN });
const acronyms = (text: string) =>
  svc()
    .model(doc(text))
    .tokens.acronyms.map((a) => (a.plural ? `${a.text}+s` : a.text));
const definitions = (text: string) =>
  svc()
    .model(doc(text))
    .tokens.acronymDefinitions.map((d) => `${d.acronym}=${d.expansion}`);

describe("acronyms: recognition", () => {
  it("finds UN-style acronyms, with digits, joiners, inner lowercase and plurals", () => {
    assert.deepEqual(
      acronyms("The G77, the P5+1, UNHCR, MONUSCO, UN-Women, ECOWAS, FfD and NGOs met the SDGs and the G-77.\n"),
      ["G77", "P5+1", "UNHCR", "MONUSCO", "UN-Women", "ECOWAS", "FfD", "NGO+s", "SDG+s", "G-77"],
    );
  });

  it("leaves out Roman numerals, headings, names, document symbols and page furniture", () => {
    const text = [
      "Draft resolution II was adopted (resolution 71/145).",
      "STATEMENT BY THE HEAD OF DELEGATION",
      "Mr. McDonald quoted document S/2014/123 and resolution A/RES/60/288, chapter IV and Part XII.",
      "S/PV.7351 Threats to international peace and security 19/12/2014",
      "The US-led coalition and NATO-Russia relations.",
      "",
    ].join("\n");
    assert.deepEqual(acronyms(text), ["US", "NATO"]);
  });

  it("gives UTF-16 ranges after diacritics and characters outside the BMP", () => {
    const text = "Señor Šorytė 𝒜 spoke of NATO.\n";
    const m = svc().model(doc(text));
    const [nato] = m.tokens.acronyms;
    assert.equal(text.slice(nato.span.start, nato.span.end), "NATO");
    assert.deepEqual(m.lines.spanRange(nato.span).start, { line: 0, character: text.indexOf("NATO") });
    assert.equal(text.indexOf("NATO"), 25, "the astral letter counts two UTF-16 units");
  });
});

describe("acronyms: in-document definitions", () => {
  it("reads both shapes", () => {
    assert.deepEqual(definitions("We welcome the Shanghai Cooperation Organization (SCO) and its work.\n"), [
      "SCO=Shanghai Cooperation Organization",
    ]);
    assert.deepEqual(definitions("The role of the CSTO (Collective Security Treaty Organization) grows.\n"), [
      "CSTO=Collective Security Treaty Organization",
    ]);
  });

  it("skips function words and prefers initials to inner letters (CICA)", () => {
    const text = "the Conference on Interaction and Confidence-building Measures in Asia (CICA) met.\n";
    assert.deepEqual(definitions(text), ["CICA=Conference on Interaction and Confidence-building Measures in Asia"]);
  });

  it("reads a long form across line breaks and page furniture, and across a broken hyphen", () => {
    const text = [
      "We support the Counter-Terrorism Committee",
      "S/PV.7351 Threats to international peace and security 19/12/2014",
      "Executive Directorate (CTED) and the Con-",
      "ference on Disarmament (CD), whose con-",
      "ference we attend.",
      "",
    ].join("\n");
    assert.deepEqual(definitions(text), [
      "CTED=Counter-Terrorism Committee Executive Directorate",
      "CD=Conference on Disarmament",
    ]);
    const m = svc().model(doc(text));
    const cted = m.tokens.acronymDefinitions[0];
    assert.equal(m.text.slice(cted.long.start, cted.long.start + 7), "Counter");
    assert.equal(cted.line, 0);
  });

  it("handles plurals and nested parentheses", () => {
    assert.deepEqual(definitions("It helps non-governmental organizations (NGOs) everywhere.\n"), [
      "NGO=non-governmental organizations",
    ]);
    assert.deepEqual(
      definitions("the Treaty on the Non-Proliferation of Nuclear Weapons (NPT (1968)) and (the Group of 77 (G77)).\n"),
      ["G77=Group of 77"],
    );
    assert.deepEqual(definitions("the IAEA (International Atomic Energy Agency (Vienna)) reports.\n"), [
      "IAEA=International Atomic Energy Agency",
    ]);
  });

  it("recognises a definition whose letters are out of order by the glossary's long form", () => {
    const text = "the extension of the Treaty on the Non-\nProliferation of\n\n12\n\nNuclear Weapons (NPT) in 1995.\n";
    assert.deepEqual(definitions(text), ["NPT=Treaty on the Non-Proliferation of Nuclear Weapons"]);
  });

  it("takes no ordinary parenthesis for a definition", () => {
    assert.deepEqual(definitions("In the year of our independence (ASAP) and the report (NATO) came.\n"), []);
    assert.deepEqual(definitions("The NATO (as we said) is strong. Chapter IV (II) applies.\n"), []);
  });
});

describe("acronyms: names in capitals", () => {
  it("takes a surname after a title, an office after The, and a State's name in capitals for no acronym", () => {
    assert.deepEqual(
      acronyms(
        "Presideut: Mr. J. MALIK (Union of Soviet Socialist Republics). I thank Sir Gladwyn JEBB and\n" +
          "M. AUSTIN, and the PRESIDENT agrees with the UNION OF SOVIET SOCIALIST REPUBLICS that the USSR,\n" +
          "the UN and NATO and the OSCE act. The PRESIDENT (translated from Russian): The IAEA and the NPT.\n",
      ),
      ["PRESIDENT", "USSR", "UN", "NATO", "OSCE", "IAEA", "NPT"],
    );
  });
});

describe("acronyms: long forms up to fifteen words", () => {
  it("finds an eleven-word long form (ICERD), and none past fifteen words", () => {
    assert.deepEqual(
      definitions(
        "We back the International Convention on the Elimination of All Forms of Racial Discrimination (ICERD) today.\n",
      ),
      ["ICERD=International Convention on the Elimination of All Forms of Racial Discrimination"],
    );
  });
});

describe("acronyms: short forms of several tokens, on real records", () => {
  const builtin = () => createLanguageService();
  const record = (...parts: string[]) => builtin().model(doc(readCorpus(...parts)));
  const undefinedKeys = (...parts: string[]) =>
    builtin()
      .diagnostics(doc(readCorpus(...parts)), DEFAULT_SETTINGS)
      .diagnostics.filter((d) => d.code === "undefined-acronym")
      .map((d) => /“([^”]+)”/.exec(d.message)?.[1]);

  it("reads `(EUTM RCA)` as one acronym with its ten-word long form, each use one token (S/PV.8422)", () => {
    const m = record("eras", "text", "pdfjs", "S_PV.8422.txt");
    const uses = m.tokens.acronyms.filter((t) => t.text.startsWith("EUTM") || t.text === "RCA");
    assert.deepEqual(
      uses.map((t) => t.text),
      ["EUTM RCA", "EUTM RCA", "EUTM RCA"],
    );
    for (const t of uses) assert.match(m.text.slice(t.span.start, t.span.end), /^EUTM\sRCA$/);
    assert.deepEqual(
      m.tokens.acronymDefinitions.filter((d) => d.acronym === "EUTM RCA").map((d) => d.expansion),
      ["European Union Military Training Mission in the Central African Republic"],
    );
    const keys = undefinedKeys("eras", "text", "pdfjs", "S_PV.8422.txt");
    assert.ok(!keys.includes("RCA") && !keys.includes("EUTM RCA"), keys.join(", "));
  });

  it("reads an acronym and its Roman numeral as one (`TICAD II`, `UNCTAD VIII`, `START II`), known by its base", () => {
    const m = record("ungdc", "JPN_53_1998.txt");
    assert.deepEqual(
      m.tokens.acronymDefinitions.filter((d) => d.acronym === "TICAD II").map((d) => d.expansion),
      ["Tokyo International Conference on African Development"],
    );
    assert.deepEqual(
      m.tokens.acronyms.filter((t) => /^(?:TICAD|START)\b/.test(t.text)).map((t) => t.text),
      ["START II", "START III", "TICAD II", "TICAD II"],
    );
    const india = record("ungdc", "IND_48_1993.txt");
    assert.deepEqual(
      india.tokens.acronymDefinitions.filter((d) => d.acronym === "UNCTAD VIII").map((d) => d.expansion),
      ["United Nations Conference on Trade and Development"],
    );
  });

  it("leaves a lone `I` after an acronym a pronoun, and joins no tokens across a comma", () => {
    assert.deepEqual(acronyms("As for the NPT I believe in it, and NATO, SCO agree.\n"), ["NPT", "NATO", "SCO"]);
    assert.deepEqual(acronyms("Under START I.\n"), ["START I"]);
  });

  it("hovers a numbered acronym with its base's glossary entry (`G77 II`: `Group of 77`)", () => {
    const { text, position } = cursor("The G7|7 II met.\n");
    const hover = svc().hover(doc(text), position);
    assert.match(JSON.stringify(hover), /Group of 77/);
    assert.deepEqual(
      svc()
        .diagnostics(doc(text), DEFAULT_SETTINGS)
        .diagnostics.filter((d) => d.code === "undefined-acronym"),
      [],
    );
  });
});

describe("acronyms: features", () => {
  const text = [
    "The CSTO held exercises.",
    "The Collective Security Treaty Organization (CSTO) and NATO met,",
    "and the Shanghai Cooperation Organization (SCO) and the XYZQ too.",
    "Later the CSTO and the SCO spoke; the Shanghai Cooperative Organisation (SCO) did not.",
    "",
  ].join("\n");

  it("hovers with the expansion, its source, the count and the first use", () => {
    const s = svc();
    const d = doc(text);
    const hover = (line: number, word: string) =>
      s.hover(d, { line, character: text.split("\n")[line].indexOf(word) + 1 })?.contents.value ?? "";
    const csto = hover(3, "CSTO");
    assert.match(csto, /\*\*CSTO\*\* — Collective Security Treaty Organization/);
    assert.match(csto, /Defined in this document on line 2/);
    assert.match(csto, /Used 3 times in this document; first use on line 1/);
    assert.match(
      hover(1, "NATO"),
      /North Atlantic Treaty Organization\n\nFrom the built-in UN glossary · Regional organization/,
    );
    assert.match(hover(2, "XYZQ"), /not defined in this document or any glossary/);
  });

  it("lets the document's definition win over the glossary, and says so when they differ", () => {
    const d = doc("The Supreme Council of Oceans (SCO) and the SCO again.\n");
    const h = svc().hover(d, { line: 0, character: 45 })?.contents.value ?? "";
    assert.match(h, /\*\*SCO\*\* — Supreme Council of Oceans/);
    assert.match(h, /The built-in glossary has: Shanghai Cooperation Organization/);
  });

  it("goes to the definition, finds references and highlights", () => {
    const s = svc();
    const d = doc(text);
    const at = { line: 3, character: 11 };
    const [def] = s.definition(d, at);
    assert.deepEqual(def.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 50 } });
    assert.equal(s.references(d, at, true).length, 3);
    assert.equal(s.references(d, at, false).length, 2);
    assert.deepEqual(
      s.documentHighlights(d, at).map((h) => `${h.range.start.line}:${h.kind}`),
      ["0:2", "1:3", "3:2"],
    );
    assert.deepEqual(s.definition(d, { line: 99, character: 0 }), []);
  });

  it("reports undefined acronyms, uses before the definition and conflicting definitions", () => {
    const s = svc();
    const d = doc(text);
    const found = s
      .diagnostics(d, DEFAULT_SETTINGS)
      .diagnostics.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character} ${x.severity}`);
    assert.deepEqual(found, [
      "undefined-acronym@2:56 information",
      "acronym-before-definition@0:4 information",
      "conflicting-acronym-definition@3:38 information",
    ]);
    const before = s.diagnostics(d, DEFAULT_SETTINGS).diagnostics[1];
    const [fix] = s.codeActions(d, before.range, { diagnostics: [before] });
    assert.equal(fix.title, "Expand CSTO here: Collective Security Treaty Organization (CSTO)");
    assert.ok(fix.edit);
    assert.equal(
      applyTextEdits(text, fix.edit.changes[d.uri]).split("\n")[0],
      "The Collective Security Treaty Organization (CSTO) held exercises.",
    );
    const off = s.diagnostics(d, { ...DEFAULT_SETTINGS, rules: { "undefined-acronym": "off" } }).diagnostics;
    assert.ok(!off.some((x) => x.code === "undefined-acronym"));
  });

  it("offers to add an undefined acronym to the team glossary, and reloads the team glossary", () => {
    const s = svc();
    const d = doc(text);
    const undefinedOne = s.diagnostics(d).diagnostics.find((x) => x.code === "undefined-acronym");
    assert.ok(undefinedOne);
    const [add] = s.codeActions(d, undefinedOne.range, { diagnostics: [undefinedOne] });
    assert.equal(add.command?.command, "verbatim.addToGlossary");
    assert.deepEqual(add.command?.arguments, [{ acronym: "XYZQ", uri: d.uri }]);
    s.setTeamGlossary([{ acronym: "XYZQ", expansion: "Experimental Zone Quorum" }], "/ws/.verbatim/glossary.json");
    const h = s.hover(d, { line: 2, character: 60 })?.contents.value ?? "";
    assert.match(h, /Experimental Zone Quorum\n\nFrom the team glossary \(\.verbatim\/glossary\.json\)/);
    assert.ok(!s.diagnostics(d).diagnostics.some((x) => x.code === "undefined-acronym"));
    // The team glossary comes before the built-in one.
    s.setTeamGlossary([{ acronym: "NATO", expansion: "Nordic Arctic Task Office" }], "/ws/g.json");
    assert.match(s.hover(d, { line: 1, character: 57 })?.contents.value ?? "", /Nordic Arctic Task Office/);
    s.setTeamGlossary([], undefined);
    assert.match(s.hover(d, { line: 1, character: 57 })?.contents.value ?? "", /North Atlantic Treaty Organization/);
  });

  it("marks acronyms in semantic tokens as defined, from a glossary, or unknown", () => {
    const s = svc();
    const m = s.model(doc(text));
    const data = s.semanticTokens(doc(text)).data;
    assert.ok(data.length > 0);
    assert.equal(m.tokens.acronyms.length, 8);
  });

  it("completes acronyms and long forms", () => {
    const s = svc();
    const c1 = cursor("We thank the CS|");
    const labels = s.completion(doc(c1.text), c1.position).map((i) => i.label);
    assert.ok(labels.includes("CSTO"), labels.join());
    assert.ok(labels.includes("Collective Security Treaty Organization (CSTO)"));
    const c2 = cursor("We thank the North Atlantic Tr|");
    const [item] = s.completion(doc(c2.text), c2.position).filter((i) => i.label.includes("NATO"));
    assert.equal(item.textEdit.newText, "North Atlantic Treaty Organization (NATO)");
    assert.deepEqual(item.textEdit.range.start, { line: 0, character: 13 });
  });

  it("gives a plural use the plural of the glossary's long form, and finds G-77 by its variant", () => {
    const text = "Both NGOs and the G-77 spoke.\n";
    const h = (word: string) =>
      svc().hover(doc(text), { line: 0, character: text.indexOf(word) + 1 })?.contents.value ?? "";
    assert.match(h("NGOs"), /\*\*NGOs\*\* — non-governmental organizations/);
    assert.match(h("G-77"), /\*\*G-77\*\* — Group of 77/);
  });

  it("reads French acronyms from the glossary's French forms", () => {
    const d = doc("M. Delattre (France) : Nous saluons le rôle de l’OTSC dans la région et de la France.\n");
    const h = svc().hover(d, { line: 0, character: 50 })?.contents.value ?? "";
    assert.match(h, /\*\*OTSC\*\* — Organisation du Traité de sécurité collective/);
  });

  it("finds the seeds' acronyms and the SCO definition", () => {
    const m = svc().model(doc(readCorpus("seeds", "002_68e17840d4f4b104.txt")));
    assert.deepEqual(
      m.tokens.acronymDefinitions.map((d) => `${d.acronym}=${d.expansion}`),
      ["SCO=Shanghai Cooperation Organization"],
    );
  });
});

describe("acronyms: long forms compared once each", () => {
  it("gives two long forms of a real record the same key exactly when sameExpansion says they are the same", () => {
    // The long forms the General Debate speeches of the corpus define.
    const forms = [
      ...new Set(
        readdirSync(join(__dirname, "..", "corpus", "ungdc"))
          .filter((f) => f.endsWith(".txt"))
          .flatMap((f) =>
            createLanguageService()
              .model(doc(readCorpus("ungdc", f)))
              .tokens.acronymDefinitions.map((d) => d.expansion),
          ),
      ),
    ];
    // Variants sameExpansion sets aside, and one it does not.
    const variants = forms.flatMap((f) => [`The ${f}s`, f.toUpperCase(), f.replaceAll(" ", "-"), `${f} Office`]);
    const all = [...forms, ...variants];
    const keyOf = expansionKeys();
    let same = 0;
    for (const a of all)
      for (const b of all) {
        assert.equal(keyOf(a) === keyOf(b), sameExpansion(a, b), `${a} / ${b}`);
        if (a !== b && sameExpansion(a, b)) same++;
      }
    assert.ok(forms.length > 20 && same > forms.length, `${forms.length} long forms, ${same} pairs the same`);
  });
});
