// A run's names read a few times each with the Latin script data (reread.ts `NamesOnce`, engine.ts
// `ocrPdf`, `ocrNames`): a name the first reading spelt the same way is read at its first
// READ_EACH occurrences, and its later ones take one of those readings. On real pages of the
// synthetic scans and their names' Latin readings, kept (test/corpus/scans/README.md): no
// Tesseract needed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readPdf } from "../../server/src/pdf";
import { importOcrPages, namesReading, type PageOcr } from "../../server/src/pdf/ocr";
import { mergeMarks, type NameReading, NamesOnce, nameWords, READ_EACH } from "../../server/src/pdf/ocr/reread";
import { foundHeaders, headerKey, recordPdf } from "../corpus/records";
import { doc, ROOT, service } from "./helpers";

const SCANS = join(ROOT, "test", "corpus", "scans");
const known = (() => {
  const { names } = namesReading("en");
  assert.ok(names);
  return names.known;
})();
const kept = (base: string) => ({
  tsv: readFileSync(join(SCANS, `${base}.tsv`), "utf8"),
  names: JSON.parse(readFileSync(join(SCANS, `${base}.names.json`), "utf8")) as NameReading[],
});

describe("OCR: a run's names read a few times each", () => {
  // A/76/PV.102 page 27: 57 names, `Russia` 13 times, `Ukraine` 15, `Szezerski` (Szczerski) once.
  const { tsv, names } = kept("A_76_PV.102.p27");
  const list = nameWords(tsv, known);

  it("reads a name's first occurrences only", () => {
    assert.equal(READ_EACH, 2);
    const once = new NamesOnce();
    const fresh = once.fresh(27, list);
    assert.equal(list.length, 57);
    // Each name's first two occurrences, in the page's order.
    const count = new Map<string, number>();
    const expected = list.filter((w) => {
      count.set(w.name, (count.get(w.name) ?? 0) + 1);
      return (count.get(w.name) ?? 0) <= READ_EACH;
    });
    assert.deepEqual(fresh, expected);
    assert.equal(new Set(fresh.map((w) => w.name)).size, 16);
    assert.equal(fresh.length, 25, "16 names, 9 of them more than once");
    // A later page of the run: only the names read once before are read again.
    const once2 = once.fresh(28, list).map((w) => w.name);
    assert.deepEqual(
      once2,
      [...count].filter(([, n]) => n === 1).map(([name]) => name),
    );
    assert.ok(once2.includes("Szezerski"));
    assert.deepEqual(once.fresh(29, list), []);
  });

  it("gives each repeat its first occurrence's reading: the page merged as when every name was read", () => {
    const once = new NamesOnce();
    const fresh = new Set(once.fresh(27, list).map((w) => w.rows[0]));
    // The Latin run reads the first occurrences only: their kept readings.
    const page: { page: number; names?: NameReading[] } = {
      page: 27,
      names: names.filter((n) => fresh.has(n.row)),
    };
    assert.equal(page.names?.length, 25);
    once.share([page]);
    assert.equal(page.names?.length, 57);
    assert.equal(mergeMarks(tsv, page.names ?? []), mergeMarks(tsv, names));
  });

  it("shares a reading across the run's pages, and the speech's header is found", async () => {
    const pdf = await readPdf(readFileSync(recordPdf("A_76_PV.102", "eras")));
    const one = { pages: pdf.pages.filter((p) => p.number === 27).map((p) => ({ ...p, runs: [] })), fonts: [] };
    // Page 27 read after two pages that named everyone on it: none of its names is read again.
    const once = new NamesOnce();
    const before = [...once.fresh(25, list), ...once.fresh(26, list)];
    assert.deepEqual(once.fresh(27, list), []);
    assert.equal(before.length, 32, "each name's first two occurrences over the two pages");
    // Both pages' readings as kept (the run reads the same rows on each).
    const readOn = (page: number): PageOcr => ({ page, tsv, dpi: 300, names });
    const later: PageOcr = { page: 27, tsv, dpi: 300 };
    once.share([readOn(25), readOn(26), later]);
    const r = importOcrPages(one, [later], { lang: "eng", language: "en", engine: "Tesseract" });
    assert.ok(r.ok);
    const keys = foundHeaders(service().model(doc(r.text))).map(headerKey);
    assert.ok(keys.includes(headerKey("Mr. Szczerski (Poland)")), keys.join("; "));
  });

  it("reads two spellings of one name apart (`Moggedal`, `Megedal`)", () => {
    const page = kept("A_60_PV.85.p11");
    const fresh = new NamesOnce().fresh(11, nameWords(page.tsv, known)).map((w) => w.name);
    assert.ok(fresh.includes("Moggedal") && fresh.includes("Megedal"), fresh.join(" "));
    assert.equal(fresh.filter((n) => n === "Norway").length, 2, "Norway twice: both read");
  });

  it("gives a repeat the reading that would be taken for it, not the first one's alone", () => {
    // `Bogota` three times (S/PV.8702): its first occurrence read again without the accent, its second with it.
    const HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
    const row = (n: number, text: string) =>
      `5\t1\t1\t1\t${n}\t1\t100\t${100 * n}\t${text.length * 14}\t30\t95\t${text}`;
    const tsv = [HEAD, row(1, "Bogota"), row(2, "Bogota,"), row(3, "(Bogota)")].join("\n");
    const once = new NamesOnce();
    assert.deepEqual(
      once
        .fresh(
          1,
          nameWords(tsv, () => false),
        )
        .map((w) => w.rows[0]),
      [1, 2],
    );
    const page: PageOcr = {
      page: 1,
      tsv,
      dpi: 300,
      names: [
        { row: 1, text: "Bogota", conf: 90 },
        { row: 2, text: "Bogotá,", conf: 88 },
      ],
    };
    once.share([page]);
    assert.deepEqual(
      mergeMarks(tsv, page.names ?? [])
        .split("\n")
        .slice(1)
        .map((l) => l.split("\t")[11]),
      ["Bogota", "Bogotá,", "(Bogotá)"],
    );
  });

  it("gives no reading where the first occurrences had none", () => {
    const once = new NamesOnce();
    once.fresh(27, list);
    const page: { page: number; names?: NameReading[] } = { page: 27 };
    once.share([page]);
    assert.equal(page.names, undefined);
  });
});
