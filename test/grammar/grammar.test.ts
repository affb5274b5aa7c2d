import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { createOnigScanner, createOnigString, loadWASM } from "vscode-oniguruma";
import { type IGrammar, INITIAL, parseRawGrammar, Registry } from "vscode-textmate";

// The TextMate grammar tokenised as VS Code does (vscode-textmate on the Oniguruma engine).
const ROOT = join(__dirname, "..", "..");
let grammar: IGrammar;

before(async () => {
  await loadWASM(readFileSync(join(ROOT, "node_modules", "vscode-oniguruma", "release", "onig.wasm")).buffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: async (scope) =>
      scope === "source.transcript"
        ? parseRawGrammar(
            readFileSync(join(ROOT, "syntaxes", "transcript.tmLanguage.json"), "utf8"),
            "transcript.tmLanguage.json",
          )
        : null,
  });
  const g = await registry.loadGrammar("source.transcript");
  assert.ok(g);
  grammar = g;
});

/** Tokenises lines; returns each token's text with its innermost scope (other than the root). */
function tokens(text: string): { text: string; scope: string; scopes: string[] }[] {
  const out: { text: string; scope: string; scopes: string[] }[] = [];
  let state = INITIAL;
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      out.push({
        text: line.slice(t.startIndex, t.endIndex),
        scope: t.scopes[t.scopes.length - 1],
        scopes: t.scopes,
      });
    }
    state = r.ruleStack;
  }
  return out;
}

/** Every token covering `piece` exactly. */
function exact(text: string, piece: string): string | undefined {
  return tokens(text).find((t) => t.text === piece)?.scope;
}

describe("grammar: speaker headers", () => {
  const cases: [string, Record<string, string>][] = [
    [
      "Mrs. Aitimova (Kazakhstan): First of all",
      {
        "Mrs.": "keyword.other.title.transcript",
        Aitimova: "entity.name.function.speaker.transcript",
        Kazakhstan: "entity.name.type.delegation.transcript",
        ":": "punctuation.separator.colon.transcript",
      },
    ],
    [
      "Mr. Fadhil (Iraq) (spoke in Arabic): At the outset",
      {
        "Mr.": "keyword.other.title.transcript",
        Iraq: "entity.name.type.delegation.transcript",
        "spoke in Arabic": "comment.line.interpretation.transcript",
      },
    ],
    ["The President: The General Assembly", { "The President": "entity.name.function.speaker.transcript" }],
    ["The Acting President: I now call", { "The Acting President": "entity.name.function.speaker.transcript" }],
    ["The Secretary-General: I thank", { "The Secretary-General": "entity.name.function.speaker.transcript" }],
    [
      "President Nazarbayev (spoke in Russian): Esteemed",
      { President: "keyword.other.title.transcript", Nazarbayev: "entity.name.function.speaker.transcript" },
    ],
    [
      "Mr. Churkin (Russian Federation), President of the Council: I shall",
      {
        "Russian Federation": "entity.name.type.delegation.transcript",
        "President of the Council": "variable.other.role.transcript",
      },
    ],
    [
      "Mr. de Serpa Soares (Office of Legal Affairs): I am",
      { "de Serpa Soares": "entity.name.function.speaker.transcript" },
    ],
    ["Mrs. Sánchez Rodríguez (Cuba): Cuba", { "Sánchez Rodríguez": "entity.name.function.speaker.transcript" }],
    [
      "M. Delattre (France) : La France",
      { "M.": "keyword.other.title.transcript", France: "entity.name.type.delegation.transcript" },
    ],
    [
      "La Présidente (parle en anglais) : Je",
      {
        "La Présidente": "entity.name.function.speaker.transcript",
        "parle en anglais": "comment.line.interpretation.transcript",
      },
    ],
    [
      "Sra. Aitimova (Kazajstán): Ante todo",
      { "Sra.": "keyword.other.title.transcript", Kazajstán: "entity.name.type.delegation.transcript" },
    ],
    ["El Presidente: La Asamblea", { "El Presidente": "entity.name.function.speaker.transcript" }],
    [
      "Г-н Небензя (Российская Федерация): Мы",
      { "Г-н": "keyword.other.title.transcript", Небензя: "entity.name.function.speaker.transcript" },
    ],
    [
      "Председатель (говорит по-английски): Слово",
      {
        Председатель: "entity.name.function.speaker.transcript",
        "говорит по-английски": "comment.line.interpretation.transcript",
      },
    ],
  ];
  for (const [line, expected] of cases) {
    it(line, () => {
      for (const [piece, scope] of Object.entries(expected)) assert.equal(exact(line, piece), scope, piece);
      assert.ok(tokens(line)[0].scopes.includes("meta.speaker-header.transcript"));
    });
  }

  it("does not take traps for headers", () => {
    for (const line of [
      "Mr. Rahming (Bahamas), Vice-President, took the Chair.",
      "Mr. Jean-",
      "Mr. Miguel de Serpa Soares, for their efficient and",
      "Mr. Smith said that: we agree",
      "As Mr. Smith (Ireland): said",
    ]) {
      assert.ok(!tokens(line).some((t) => t.scopes.includes("meta.speaker-header.transcript")), line);
    }
    assert.equal(
      exact(
        "Mr. Rahming (Bahamas), Vice-President, took the Chair.",
        "Mr. Rahming (Bahamas), Vice-President, took the Chair.",
      ),
      "comment.line.procedural.transcript",
    );
  });
});

describe("grammar: lines and tokens", () => {
  it("scopes procedural lines and agenda items", () => {
    for (const line of [
      "The meeting was called to order at 10.05 a.m.",
      "The agenda was adopted.",
      "A recorded vote was taken.",
      "In favour:",
      "Draft resolution II was adopted (resolution 71/145).",
      "The meeting rose at 11.40 a.m.",
      "La séance est ouverte à 10 h 5.",
      "Se abre la sesión a las 10.05 horas.",
      "Заседание открывается в 10 ч. 05 м.",
    ])
      assert.equal(exact(line, line), "comment.line.procedural.transcript", line);
    assert.equal(exact("Agenda item 8 (continued)", "Agenda item 8 (continued)"), "markup.heading.agenda.transcript");
  });

  it("scopes page furniture lines", () => {
    for (const line of [
      "S/PV.7351 Threats to international peace and security 19/12/2014",
      "A/71/PV.62 13/12/2016",
      "2/17 16-43375",
      "16-43375 3/17",
      "16-433753/17",
      "14-73556 (E)",
      "*1473556*",
      "12",
      "2 General Assembly - Fiftieth session",
      "45th meeting - Tuesday, 3 October 1995 3",
    ])
      assert.equal(exact(line, line), "comment.line.page-furniture.transcript", line);
  });

  it("scopes document symbols, dates, times and acronyms inside text", () => {
    const line =
      "In S/2014/123 and A/RES/60/288, resolution 1373 (2001) and S/RES/2178 (2014), on Tuesday, 13 December 2016 at 10.05 a.m., NATO, P5+1, UN-Women, G77 and NGOs met in 2013-2017; draft resolution II and chapter IV stand.";
    assert.equal(exact(line, "S/2014/123"), "constant.other.document-symbol.transcript");
    assert.equal(exact(line, "A/RES/60/288"), "constant.other.document-symbol.transcript");
    assert.equal(exact(line, "resolution 1373 (2001)"), "constant.other.document-symbol.transcript");
    assert.equal(exact(line, "S/RES/2178 (2014)"), "constant.other.document-symbol.transcript");
    assert.equal(exact(line, "Tuesday, 13 December 2016"), "constant.numeric.date.transcript");
    assert.equal(exact(line, "10.05 a.m."), "constant.numeric.time.transcript");
    assert.equal(exact(line, "2013-2017"), "constant.numeric.date.transcript");
    for (const a of ["NATO", "P5+1", "UN-Women", "G77", "NGOs"])
      assert.equal(exact(line, a), "support.constant.acronym.transcript", a);
    assert.equal(exact(line, "II"), undefined, "a Roman numeral is no acronym");
    assert.ok(!tokens(line).some((t) => t.text.includes("IV") && t.scope.includes("acronym")));
  });

  it("tokenises pathological long lines without backtracking away", () => {
    // Each returns (vscode-textmate stops a line after its time limit; the test asserts it returns).
    for (const line of [
      `Mr. ${"A (".repeat(20000)}`,
      `Mr. ${"Aa ".repeat(30000)}:`,
      "A-".repeat(50000),
      `${"S/".repeat(30000)}1`,
      `${"1".repeat(100000)} December`,
    ]) {
      const r = grammar.tokenizeLine(line, INITIAL, 5000);
      assert.ok(r.tokens.length >= 1);
    }
  });

  it("scopes the seeds' headers and every corpus file without error", () => {
    const seeds = join(ROOT, "test", "corpus", "seeds");
    for (const f of readdirSync(seeds)) {
      const text = readFileSync(join(seeds, f), "utf8");
      assert.ok(
        tokens(text.split("\n")[0]).some((t) => t.scope === "entity.name.type.delegation.transcript"),
        f,
      );
    }
    const ungdc = join(ROOT, "test", "corpus", "ungdc");
    for (const f of readdirSync(ungdc).slice(0, 10)) {
      const all = tokens(readFileSync(join(ungdc, f), "utf8"));
      assert.ok(!all.some((t) => t.scopes.includes("meta.speaker-header.transcript")), `${f} has no header`);
    }
  });
});
