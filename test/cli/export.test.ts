import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import { XMLParser } from "fast-xml-parser";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "server", "out", "cli.js");
const verbatim = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, out: r.stdout, err: r.stderr };
};

interface Speech {
  index: number;
  speaker: string;
  entity: string | null;
  languageSpoken: string | null;
  languageSpokenCode: string | null;
  paragraphs: string[];
}

/** The code of Kazakhstan's speech in the English record, which has no interpretation note. */
const aitimovaCode = (speeches: Speech[]) => speeches.find((s) => s.entity === "Kazakhstan")?.languageSpokenCode;

describe("verbatim export", () => {
  it("writes every sample as JSON that the schema accepts, from the cleaned text", () => {
    const r = verbatim("export", "samples");
    assert.equal(r.status, 0, r.err);
    const records = JSON.parse(r.out) as { file: string; record: { date: string | null }; speeches: Speech[] }[];
    const validate = new Ajv({ allErrors: true }).compile(
      JSON.parse(readFileSync(join(ROOT, "schemas", "export.schema.json"), "utf8")),
    );
    assert.ok(validate(records), JSON.stringify(validate.errors));
    const sc = records.find((x) => x.file.endsWith("S_PV.9001.txt"));
    assert.ok(sc);
    assert.equal(sc.record.date, "2022-04-19");
    const nebenzia = sc.speeches.find((s) => s.speaker.startsWith("Mr. Nebenzia"));
    assert.equal(nebenzia?.languageSpoken, "Russian");
    assert.equal(nebenzia?.languageSpokenCode, "ru");
    // The language as each record's note writes it, and the same code in every language.
    for (const [suffix, written] of [
      [".fr.txt", "anglais"],
      [".es.txt", "inglés"],
      [".ru.txt", "английски"],
    ]) {
      const kz = records.find((x) => x.file.endsWith(`S_PV.9001${suffix}`))?.speeches.find((s) => s.index === 2);
      assert.deepEqual([kz?.languageSpoken, kz?.languageSpokenCode], [written, "en"], suffix);
    }
    // A speech with no interpretation note has no code.
    assert.equal(aitimovaCode(sc.speeches), null);
    const aitimova = sc.speeches.find((s) => s.entity === "Kazakhstan");
    const text = aitimova?.paragraphs.join("\n") ?? "";
    // Cleaned: split words joined, the fused word split, the page break gone, compounds kept.
    assert.match(text, /its transnational dimension is growing\. Since 2013-2017, the number/);
    assert.match(text, /the joint responsibility/);
    assert.match(text, /Counter-Terrorism Committee/);
    assert.ok(!text.includes("22-31807"));
    assert.ok(records.length >= 8);
  });

  it("writes an Akoma Ntoso debate with the standard's structure", () => {
    const out = mkdtempSync(join(tmpdir(), "verbatim-akn-"));
    const r = verbatim("export", "--format", "akn", "--out", out, "samples/S_PV.9001.txt", "samples/A_72_PV.99.txt");
    assert.equal(r.status, 0, r.err);
    assert.deepEqual(readdirSync(out).sort(), ["A_72_PV.99.akn.xml", "S_PV.9001.akn.xml"]);
    const xml = readFileSync(join(out, "S_PV.9001.akn.xml"), "utf8");
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (name) => ["debateSection", "speech", "p", "TLCPerson", "TLCOrganization", "narrative"].includes(name),
    }).parse(xml);
    const akn = doc.akomaNtoso;
    assert.equal(akn["@xmlns"], "http://docs.oasis-open.org/legaldocml/ns/akn/3.0");
    const debate = akn.debate;
    // meta: identification with the three FRBR levels, references with a person per speaker
    const id = debate.meta.identification;
    for (const level of ["FRBRWork", "FRBRExpression", "FRBRManifestation"])
      assert.ok(id[level]?.FRBRthis?.["@value"], level);
    assert.equal(id.FRBRWork.FRBRdate["@date"], "2022-04-19");
    assert.equal(id.FRBRExpression.FRBRlanguage["@language"], "eng");
    const persons = new Set<string>(debate.meta.references.TLCPerson.map((p: Record<string, string>) => p["@eId"]));
    // the body: sections of speeches, each speech `by` a person in the references
    const speeches = debate.debateBody.debateSection.flatMap((s: { speech?: unknown[] }) => s.speech ?? []);
    assert.equal(speeches.length, 7);
    for (const s of speeches as Record<string, unknown>[]) {
      assert.ok(persons.has(String(s["@by"]).slice(1)), String(s["@by"]));
      assert.ok(typeof s.from === "string" && (s.p as unknown[]).length > 0);
    }
    // Element order as the schema requires: meta, preface, debateBody.
    assert.ok(
      xml.indexOf("<meta>") < xml.indexOf("<preface>") && xml.indexOf("<preface>") < xml.indexOf("<debateBody>"),
    );
  });

  it("refuses an unknown format and akn of several files without --out", () => {
    assert.equal(verbatim("export", "--format", "pdf", "samples").status, 2);
    assert.equal(verbatim("export", "--format", "akn", "samples").status, 2);
  });
});
