import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { SPEECHES_CSV_COLUMNS, VOTES_CSV_COLUMNS } from "../../server/src/features/export";
import { toCsv } from "../../server/src/index";
import { SymbolKind } from "../../server/src/types";
import { CORPUS, doc, service } from "./helpers";

// Votes as data in texts made for the case (the real records are in proceedings.test.ts): the
// layouts of the lists, the outcome's forms, the languages, the diagnostic, the hover, the outline.

const names = (m: ReturnType<ReturnType<typeof service>["model"]>, vote = 0) =>
  Object.fromEntries(
    (["yes", "no", "abstain"] as const).map((p) => [
      p,
      m.votes[vote].lists
        .filter((l) => l.position === p)
        .flatMap((l) => l.names.map((n) => n.state?.iso3 ?? n.printed)),
    ]),
  );

describe("votes in the model", () => {
  it("reads lists of one State a line, a long name wrapped over two lines, and the General Assembly's outcome", () => {
    const text = [
      "The President: We shall now vote.",
      "",
      "A recorded vote was taken.",
      "",
      "In favour:",
      "Afghanistan",
      "Bolivarian Republic of",
      "Venezuela",
      "Côte d’Ivoire",
      "",
      "Against:",
      "Democratic People’s Republic of Korea",
      "",
      "Abstaining:",
      "None",
      "",
      "Draft resolution A/77/L.5 was adopted by 3 votes to 1 (resolution 77/12).",
    ].join("\n");
    const m = service().model(doc(text));
    assert.equal(m.votes.length, 1);
    const v = m.votes[0];
    assert.equal(v.method, "recorded");
    assert.deepEqual(names(m), { yes: ["AFG", "VEN", "CIV"], no: ["PRK"], abstain: [] });
    assert.equal(v.lists[2].none, true);
    assert.deepEqual(
      { result: v.outcome?.result, yes: v.outcome?.yes, no: v.outcome?.no, abstain: v.outcome?.abstain },
      { result: "adopted", yes: 3, no: 1, abstain: null },
    );
    assert.equal(v.outcome?.act, "resolution 77/12");
    assert.equal(v.draft, "A/77/L.5");
    assert.equal(v.lists[0].names[1].printed, "Bolivarian Republic of Venezuela");
    // Every line of the vote is one element of the proceedings, after the President's speech.
    assert.deepEqual(
      m.proceedings.map((p) => p.kind),
      ["speech", "vote"],
    );
  });

  it("reads inline lists wrapped over lines and a page's furniture, the last two names joined by `and`", () => {
    const text = [
      "A vote was taken by show of hands.",
      "In favour: Bolivia (Plurinational State of), Côte d’Ivoire, United",
      "Kingdom of Great Britain and Northern Ireland",
      "18-43242 5/9",
      "and United States of America",
      "Against: None",
      "Abstaining: China and Russian Federation",
      "The President: The draft resolution received 4 votes in favour, none against and two abstentions. The draft resolution has been adopted as resolution 2448 (2018).",
    ].join("\n");
    const m = service().model(doc(text));
    assert.deepEqual(names(m), { yes: ["BOL", "CIV", "GBR", "USA"], no: [], abstain: ["CHN", "RUS"] });
    const o = m.votes[0].outcome;
    assert.deepEqual([o?.yes, o?.no, o?.abstain, o?.result, o?.act], [4, 0, 2, "adopted", "2448 (2018)"]);
    assert.equal(m.votes[0].method, "show-of-hands");
  });

  it("finds names printed letter-spaced or without their hyphen, and old names, with today's code", () => {
    const text =
      "The President: We shall now take a decision on the draft resolution before the Assembly.\n\nA recorded vote was taken.\nIn favour: M a u r i t a n i a , Guinea Bissau, Zaire, Swaziland, the former Yugoslav Republic of Macedonia\nAgainst: Iraq\n";
    const m = service().model(doc(text));
    assert.deepEqual(names(m).yes, ["MRT", "GNB", "COD", "SWZ", "MKD"]);
    assert.equal(m.votes[0].lists[0].names[0].printed, "M a u r i t a n i a");
  });

  it("names a former Member State (Yugoslavia, 1950) with its withdrawn code, and the USSR as the Russian Federation", () => {
    const text = [
      "The President: We shall now vote on the draft resolution before the Council.",
      "",
      "A vote was taken by show of hands.",
      "",
      "In favour: China, Cuba, Ecuador, Egypt, France, India, Norway, United Kingdom, Yugoslavia",
      "",
      "Against: Union of Soviet Socialist Republics",
    ].join("\n");
    const s = service();
    const e = s.exportRecord(doc(text), "x.txt");
    assert.deepEqual(e.votes[0].yes.at(-1), {
      printed: "Yugoslavia",
      name: "Yugoslavia",
      iso3: "YUG",
      status: "former",
    });
    assert.equal(e.votes[0].no[0].iso3, "RUS");
    assert.equal(s.diagnostics(doc(text)).diagnostics.filter((d) => d.code === "vote-count").length, 0);
  });

  it("reads the French, Spanish and Russian labels", () => {
    const cases: [string, string][] = [
      [
        "Il est procédé au vote enregistré.\n\nVotent pour :\nAfghanistan, Albanie\n\nVotent contre :\nIraq\n\nS’abstiennent :\nChine",
        "fr",
      ],
      [
        "Se procede a votación registrada.\n\nVotos a favor:\nAfganistán, Albania\n\nVotos en contra:\nIraq\n\nAbstenciones:\nChina",
        "es",
      ],
      [
        "Проводится заносимое в отчет о заседании голосование.\n\nГолосовали за:\nАфганистан, Албания\n\nГолосовали против:\nИрак\n\nВоздержались:\nКитай",
        "ru",
      ],
    ];
    for (const [text, language] of cases) {
      // A little of the language before the vote, for its detection.
      const intro =
        language === "fr"
          ? "Le Président : Nous allons maintenant procéder au vote sur le projet de résolution de la Commission.\n\n"
          : language === "es"
            ? "El Presidente: Procederemos ahora a la votación sobre el proyecto de resolución de la Comisión.\n\n"
            : "Председатель: Сейчас мы приступим к голосованию по проекту резолюции, который был представлен Комитетом.\n\n";
      const m = service().model(doc(intro + text));
      assert.equal(m.language, language);
      assert.deepEqual(names(m), { yes: ["AFG", "ALB"], no: ["IRQ"], abstain: ["CHN"] }, language);
    }
  });
});

describe("a stage direction inside a speech", () => {
  it("does not end the speech: the paragraphs after it are the speaker's, in the outline, folding and word count", () => {
    const text = [
      "Mr. Pak (Democratic People’s Republic of Korea): First part of the statement.",
      "",
      "Mr. Nyakyi (United Republic of Tanzania), Vice-President, took the Chair.",
      "",
      "Second part of the statement, after the change.",
      "",
      "The Acting President: I thank the speaker.",
    ].join("\n");
    const s = service();
    const d = doc(text);
    const m = s.model(d);
    assert.equal(m.speeches.length, 2);
    assert.equal(m.speeches[0].endLine, 4);
    assert.deepEqual(
      m.speeches[0].interruptions.map((i) => i.kind),
      ["chair"],
    );
    assert.equal(m.speeches[0].wordCount, 13);
    const outline = s.documentSymbols(d);
    assert.equal(outline[0].range.end.line, 4);
    assert.deepEqual(
      outline[0].children?.map((c) => [c.kind, c.name]),
      [[SymbolKind.String, "Mr. Nyakyi (United Republic of Tanzania), Vice-President, took the Chair."]],
    );
    assert.ok(s.foldingRanges(d).some((f) => f.startLine === 0 && f.endLine === 4));
    const e = s.exportRecord(d, "x.txt");
    assert.deepEqual(e.speeches[0].paragraphs, [
      "First part of the statement.",
      "Second part of the statement, after the change.",
    ]);
    assert.deepEqual(e.speeches[0].directions, [
      { kind: "chair", text: "Mr. Nyakyi (United Republic of Tanzania), Vice-President, took the Chair." },
    ]);
    assert.deepEqual(
      e.proceedings[0].parts?.map((p) => p.kind),
      ["header", "paragraph", "direction", "paragraph"],
    );
  });
});

describe("vote-count, the hover and the outline", () => {
  const text = [
    "The President: The Assembly will now vote. This is a long enough sentence to be a speech.",
    "",
    "A recorded vote was taken.",
    "",
    "In favour: Afghanistan, Albania, Albania, Mauritanai",
    "",
    "Against: Iraq",
    "",
    "Draft resolution A/77/L.5 was adopted by 5 votes to 1, with 2 abstentions (resolution 77/12).",
  ].join("\n");

  it("flags a list shorter or longer than the printed count, a State listed twice and a name that is no State, with its nearest State as the fix", () => {
    const s = service();
    const d = doc(text);
    const found = s.diagnostics(d).diagnostics.filter((x) => x.code === "vote-count");
    assert.deepEqual(
      found.map((x) => x.message),
      [
        "4 States listed in favour, but the outcome prints 5.",
        "Albania is listed twice in this vote (in favour and in favour).",
        "“Mauritanai” is listed in a vote but is neither a UN Member State nor an observer State: “Mauritania”?",
      ],
    );
    const fix = s
      .codeActions(d, found[2].range, { diagnostics: [found[2]] })
      .find((a) => a.title === "Write “Mauritania”");
    assert.ok(fix);
  });

  it("answers a hover on a label with the list's length against the printed count", () => {
    const s = service();
    const d = doc(text);
    const h = s.hover(d, { line: 4, character: 3 });
    assert.ok(h);
    const value = (h.contents as { value: string }).value;
    assert.match(value, /4 States in favour\*\* — the outcome prints 5 ✗/);
    assert.match(value, /Not known as States: Mauritanai/);
  });

  it("puts the vote in the outline, named by its draft, counts and result", () => {
    const s = service();
    const symbols = s.documentSymbols(doc(text));
    const vote = symbols.find((x) => x.kind === SymbolKind.Number);
    assert.equal(vote?.name, "Vote on A/77/L.5: 5–1–2, adopted (resolution 77/12)");
    assert.equal(vote?.detail, "recorded vote · lists 4–1–0 ≠ printed 5–1–2");
  });
});

describe("export --format csv", () => {
  it("gives tidy tables a CSV parser reads back: one row a speech, one row per State per vote", () => {
    const text = [
      "The President: A first paragraph, with a comma and a “quote”.",
      "",
      'A second paragraph with "straight quotes".',
      "",
      "A recorded vote was taken.",
      "",
      "In favour: Afghanistan, Côte d’Ivoire",
      "",
      "Against: Iraq",
      "",
      "Draft resolution A/77/L.5 was adopted by 2 votes to 1 (resolution 77/12).",
    ].join("\n");
    const e = service().exportRecord(doc(text), "rec.txt");
    const csv = toCsv([e]);
    const speeches = parse(csv.speeches, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    assert.deepEqual(Object.keys(speeches[0]), [...SPEECHES_CSV_COLUMNS]);
    assert.equal(speeches.length, 1);
    assert.equal(
      speeches[0].text,
      'A first paragraph, with a comma and a “quote”.\nA second paragraph with "straight quotes".',
    );
    const votes = parse(csv.votes, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    assert.deepEqual(Object.keys(votes[0]), [...VOTES_CSV_COLUMNS]);
    assert.deepEqual(
      votes.map((v) => [v.state_printed, v.iso3, v.position, v.draft, v.act]),
      [
        ["Afghanistan", "AFG", "yes", "A/77/L.5", "resolution 77/12"],
        ["Côte d’Ivoire", "CIV", "yes", "A/77/L.5", "resolution 77/12"],
        ["Iraq", "IRQ", "no", "A/77/L.5", "resolution 77/12"],
      ],
    );
    assert.ok(csv.votes.endsWith("\r\n"));
  });
});

describe("export --format akn", () => {
  it("holds every word of the proceedings, each State of a list as an inline vote, the counts as a voting", () => {
    const text = readFileSync(join(CORPUS, "sc2020", "text", "raw", "S_PV.8700.txt"), "utf8");
    const s = service();
    const d = doc(text);
    const e = s.exportRecord(d, "S_PV.8700.txt");
    const xml = s.exportAkomaNtoso(d, "S_PV.8700.txt");
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(xml);
    const votings = parsed.akomaNtoso.debate.meta.analysis.parliamentary.voting;
    assert.deepEqual(
      votings.map((v: { count: { "@value": string }[] }) => v.count.map((c) => Number(c["@value"]))),
      [
        [3, 7, 5],
        [11, 0, 4],
      ],
    );
    assert.deepEqual(
      votings.map((v: { "@outcome": string }) => v["@outcome"]),
      ["#not-adopted", "#adopted"],
    );
    const marked = [...xml.matchAll(/<vote by="#([^"]+)" choice="#([^"]+)">([^<]+)<\/vote>/g)];
    assert.equal(marked.length, 30);
    assert.deepEqual(
      marked.slice(0, 3).map((m) => [m[1], m[2], m[3]]),
      [
        ["state-chn", "yes", "China"],
        ["state-rus", "yes", "Russian Federation"],
        ["state-vnm", "yes", "Viet Nam"],
      ],
    );
    // The body's words, less the headings the export adds to a vote and to what precedes any
    // agenda item, are the proceedings' words.
    const body = xml
      .slice(xml.indexOf("<debateBody>"), xml.indexOf("</debateBody>"))
      .replace(/<heading>(?:Vote \d+[^<]*|Proceedings)<\/heading>/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
    const letters = (x: string) =>
      x
        .normalize("NFKC")
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, "");
    assert.equal(letters(body), letters(e.proceedings.map((p) => p.text).join("\n")));
  });
});

describe("a vote's notes and an agenda item's lines", () => {
  it("attaches the bracketed note after a vote to it, over several lines", () => {
    const text = [
      "The President: The Assembly will now take a decision on the draft resolution.",
      "",
      "A recorded vote was taken.",
      "",
      "In favour: Afghanistan, Albania",
      "",
      "Against: Iraq",
      "",
      "Draft resolution A/77/L.5 was adopted by 2 votes to 1 (resolution 77/12).",
      "",
      "[Subsequently the delegation of Angola advised the",
      "Secretariat that it had intended to vote in favour.]",
      "",
      "The President: I now give the floor to those who wish to explain their vote.",
    ].join("\n");
    const s = service();
    const d = doc(text);
    const m = s.model(d);
    assert.equal(m.votes.length, 1);
    assert.deepEqual(
      m.votes[0].notes.map((n) => [n.startLine, n.endLine]),
      [[10, 11]],
    );
    const e = s.exportRecord(d, "x.txt");
    assert.deepEqual(e.votes[0].notes, [
      "[Subsequently the delegation of Angola advised the Secretariat that it had intended to vote in favour.]",
    ]);
    assert.deepEqual(
      e.proceedings.map((p) => p.kind),
      ["speech", "vote", "speech"],
    );
  });

  it("cuts no field: a title line of 700 characters is exported whole", () => {
    const long = `Report of the Secretary-General ${"on the work of the Organization ".repeat(22)}(A/77/1)`;
    assert.ok(long.length > 700);
    const text = `The meeting was called to order at 3.15 p.m.\n\nAgenda item 53\n\n${long}\n\nThe President: We begin.`;
    const e = service().exportRecord(doc(text), "x.txt");
    assert.equal(e.agendaItems[0].title, long);
  });

  it("keeps an agenda item's sub-items and second lines in its element and its title", () => {
    const text = [
      "The meeting was called to order at 3.15 p.m.",
      "",
      "Agenda item 53 (continued)",
      "",
      "Sustainable development",
      "",
      "(b) Follow-up to and implementation of the Mauritius Strategy",
      "",
      "Letter dated 4 August 2022 from the Permanent Representative (A/76/939)",
      "",
      "The President: May I take it that the Assembly wishes to conclude its consideration of the item?",
    ].join("\n");
    const s = service();
    const d = doc(text);
    const m = s.model(d);
    assert.deepEqual(
      m.agendaItems.map((a) => a.title),
      [
        "Sustainable development (b) Follow-up to and implementation of the Mauritius Strategy Letter dated 4 August 2022 from the Permanent Representative (A/76/939)",
      ],
    );
    const e = s.exportRecord(d, "x.txt");
    assert.deepEqual(
      e.proceedings.map((p) => p.kind),
      ["direction", "agenda", "speech"],
    );
    assert.match(e.proceedings[1].text, /^Agenda item 53 \(continued\)\nSustainable development\n\(b\) Follow-up/);
  });
});
