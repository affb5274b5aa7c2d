// A run's names read once each with the Latin script data (reread.ts `NamesOnce`, engine.ts
// `ocrPdf`, `ocrNames`): a name the first reading spelt the same way is read at its first
// occurrence, and its later ones take that reading. On real pages of the synthetic scans and their
// names' Latin readings, kept (test/corpus/scans/README.md): no Tesseract needed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readPdf } from "../../server/src/pdf";
import { importOcrPages, namesReading, type PageOcr } from "../../server/src/pdf/ocr";
import { mergeMarks, type NameReading, NamesOnce, nameWords } from "../../server/src/pdf/ocr/reread";
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

describe("OCR: a run's names read once each", () => {
  // A/76/PV.102 page 27: 57 names, `Russia` 13 times, `Ukraine` 15, `Szezerski` (Szczerski) once.
  const { tsv, names } = kept("A_76_PV.102.p27");
  const list = nameWords(tsv, known);

  it("reads a name's first occurrence only", () => {
    const once = new NamesOnce();
    const fresh = once.fresh(27, list);
    assert.equal(list.length, 57);
    assert.equal(fresh.length, new Set(list.map((w) => w.name)).size);
    assert.equal(fresh.length, 16);
    assert.deepEqual(
      fresh.map((w) => w.name),
      [...new Set(list.map((w) => w.name))],
      "each name's first occurrence, in the page's order",
    );
    // A later page of the run: every name read before is a repeat.
    assert.deepEqual(once.fresh(28, list), []);
  });

  it("gives each repeat its first occurrence's reading: the page merged as when every name was read", () => {
    const once = new NamesOnce();
    const fresh = new Set(once.fresh(27, list).map((w) => w.rows[0]));
    // The Latin run reads the first occurrences only: their kept readings.
    const page: { page: number; names?: NameReading[] } = {
      page: 27,
      names: names.filter((n) => fresh.has(n.row)),
    };
    assert.equal(page.names?.length, 16);
    once.share([page]);
    assert.equal(page.names?.length, 57);
    assert.equal(mergeMarks(tsv, page.names ?? []), mergeMarks(tsv, names));
  });

  it("shares a reading across the run's pages, and the speech's header is found", async () => {
    const pdf = await readPdf(readFileSync(recordPdf("A_76_PV.102", "eras")));
    const one = { pages: pdf.pages.filter((p) => p.number === 27).map((p) => ({ ...p, runs: [] })), fonts: [] };
    // Page 27 read after a page that named everyone on it: none of its names is read again.
    const once = new NamesOnce();
    const before = once.fresh(26, list);
    assert.deepEqual(once.fresh(27, list), []);
    const first: PageOcr = {
      page: 26,
      tsv,
      dpi: 300,
      names: names.filter((n) => before.some((w) => w.rows[0] === n.row)),
    };
    const later: PageOcr = { page: 27, tsv, dpi: 300 };
    once.share([first, later]);
    const r = importOcrPages(one, [later], { lang: "eng", language: "en", engine: "Tesseract" });
    assert.ok(r.ok);
    const keys = foundHeaders(service().model(doc(r.text))).map(headerKey);
    assert.ok(keys.includes(headerKey("Mr. Szczerski (Poland)")), keys.join("; "));
  });

  it("reads two spellings of one name apart (`Moggedal`, `Megedal`)", () => {
    const page = kept("A_60_PV.85.p11");
    const fresh = new NamesOnce().fresh(11, nameWords(page.tsv, known)).map((w) => w.name);
    assert.ok(fresh.includes("Moggedal") && fresh.includes("Megedal"), fresh.join(" "));
    assert.equal(fresh.filter((n) => n === "Norway").length, 1);
  });

  it("gives no reading where the first occurrence had none", () => {
    const once = new NamesOnce();
    once.fresh(27, list);
    const page: { page: number; names?: NameReading[] } = { page: 27 };
    once.share([page]);
    assert.equal(page.names, undefined);
  });
});
