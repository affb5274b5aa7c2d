import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { doc, service } from "./helpers";

const SAMPLES = join(__dirname, "..", "..", "samples");
const model = (file: string) =>
  service().model(doc(readFileSync(join(SAMPLES, file), "utf8"), `file:///samples/${file}`));

describe("samples", () => {
  it("S_PV.9001.txt: cover page, members, speeches and page furniture", () => {
    const m = model("S_PV.9001.txt");
    assert.equal(m.language, "en");
    assert.equal(m.cover?.symbol?.text, "S/PV.9001");
    assert.equal(m.cover?.organ?.text, "Security Council");
    assert.equal(m.cover?.status?.text, "Provisional");
    assert.equal(m.cover?.meeting?.number, 9001);
    assert.equal(m.cover?.date?.text, "19 April 2022");
    assert.equal(m.cover?.president?.entity, "United Kingdom of Great Britain and Northern Ireland");
    assert.equal(m.cover?.members.length, 14);
    assert.deepEqual(
      m.speeches.map((s) => s.header.display),
      [
        "The President",
        "Mrs. Aitimova (Kazakhstan)",
        "The President",
        "Mr. Nebenzia (Russian Federation)",
        "Mr. Medina Mejías (Bolivarian Republic of Venezuela), Chair of the Counter-Terrorism Committee",
        "The Acting President",
        "Mr. Rahimzoda (Tajikistan)",
      ],
    );
    assert.ok(
      m.procedurals.some((p) => p.kind === "chair"),
      "took the Chair is procedural",
    );
    assert.deepEqual(
      m.furniture.map((f) => f.kind),
      [
        "job-number",
        "barcode",
        "running-header",
        "page-number",
        "running-header",
        "page-number",
        "running-header",
        "page-number",
      ],
    );
    assert.equal(m.pages.length, 4);
  });

  it("A_72_PV.99.txt: a CRLF record without blank lines", () => {
    const m = model("A_72_PV.99.txt");
    assert.equal(m.raw, true);
    assert.equal(m.cover?.symbol?.text, "A/72/PV.99");
    assert.equal(m.agendaItems[0]?.label, "Agenda item 14 (continued)");
    assert.ok(m.agendaItems[0]?.title.endsWith("related fields"), m.agendaItems[0]?.title);
    assert.deepEqual(
      m.speeches.map((s) => s.header.display),
      [
        "The Acting President",
        "Mr. Edrees (Egypt)",
        "The Acting President",
        "The Acting President",
        "Ms. Sison (United States of America)",
        "The Acting President",
      ],
    );
    // No speech runs over the vote.
    const edrees = m.speeches[1];
    assert.ok(m.lines.line(edrees.endLine).startsWith("it will be adopted by consensus"), m.lines.line(edrees.endLine));
  });

  for (const [file, lang, organ, speakers] of [
    [
      "S_PV.9001.fr.txt",
      "fr",
      "Conseil de sécurité",
      ["La Présidente", "Mme Aitimova (Kazakhstan)", "M. de Rivière (France)"],
    ],
    [
      "S_PV.9001.es.txt",
      "es",
      "Consejo de Seguridad",
      ["La Presidenta", "Sra. Aitimova (Kazajstán)", "Sr. De la Fuente Ramírez (México)"],
    ],
    [
      "S_PV.9001.ru.txt",
      "ru",
      "Совет Безопасности",
      ["Председатель", "Г-жа Айтимова (Казахстан)", "Г-н Небензя (Российская Федерация)"],
    ],
  ] as const) {
    it(`${file}: ${lang} cover page and speakers`, () => {
      const m = model(file);
      assert.equal(m.language, lang);
      assert.equal(m.cover?.symbol?.text, "S/PV.9001");
      assert.equal(m.cover?.organ?.text, organ);
      assert.equal(m.cover?.meeting?.number, 9001);
      assert.ok(m.cover?.president, "president line read, not taken for a speech");
      assert.deepEqual(
        m.speeches.map((s) => s.header.display),
        [...speakers],
      );
    });
  }
});
