import { referenceDate } from "../analysis/referenceDate";
import type { AnalysisContext } from "../context";
import { squash } from "../model/speakerKeys";
import type { TranscriptModel } from "../model/types";
import { spokenLanguage, spokenLanguageCode } from "./speakers";

/** One record as data: what `verbatim export --format json` writes (schemas/export.schema.json). */
export interface RecordExport {
  file: string;
  language: string;
  record: {
    symbol: string | null;
    organ: string | null;
    period: string | null;
    meeting: number | null;
    date: string | null;
    time: string | null;
    place: string | null;
    president: string | null;
  };
  agendaItems: { label: string; title: string }[];
  speeches: {
    index: number;
    speaker: string;
    title: string | null;
    name: string | null;
    entity: string | null;
    role: string | null;
    /** The language spoken where the interpretation note gives it (`spoke in Russian`). */
    languageSpoken: string | null;
    /** ISO 639-1 code of the language spoken, where it is one of the six official languages. */
    languageSpokenCode: string | null;
    agendaItem: string | null;
    paragraphs: string[];
    wordCount: number;
  }[];
  procedural: { kind: string; text: string }[];
}

/** The record as data, read from the model of its cleaned text. */
export function exportRecord(file: string, clean: TranscriptModel, context: AnalysisContext): RecordExport {
  const c = clean.cover;
  const ref = referenceDate(clean, context);
  const date =
    c?.date && ref?.month && ref.day
      ? `${String(ref.year).padStart(4, "0")}-${String(ref.month).padStart(2, "0")}-${String(ref.day).padStart(2, "0")}`
      : null;
  const agendaOf = (line: number) => {
    let label: string | null = null;
    for (const a of clean.agendaItems) if (a.startLine <= line) label = a.label;
    return label;
  };
  return {
    file,
    language: clean.language,
    record: {
      symbol: c?.symbol?.text ?? null,
      organ: c?.organ?.text ?? null,
      period: c?.period?.text ?? null,
      meeting: c?.meeting?.number ?? null,
      date,
      time: c?.time?.text ?? null,
      place: c?.place?.text ?? null,
      president: c?.president ? `${c.president.name} (${c.president.entity})` : null,
    },
    agendaItems: clean.agendaItems.map((a) => ({ label: a.label, title: a.title })),
    speeches: clean.speeches.map((s) => {
      const h = s.header;
      return {
        index: s.index + 1,
        speaker: h.display,
        title: h.title,
        name: h.name,
        entity: h.entity,
        role: h.role,
        languageSpoken: spokenLanguage(h.note),
        languageSpokenCode: spokenLanguageCode(h.note, clean.profile),
        agendaItem: agendaOf(s.startLine),
        paragraphs: s.paragraphs.map((p) => squash(clean.text.slice(p.start, p.end))).filter(Boolean),
        wordCount: s.wordCount,
      };
    }),
    procedural: clean.procedurals.map((p) => ({ kind: p.kind, text: squash(p.text) })),
  };
}

/**
 * Text for XML: the five markup characters escaped, and the characters XML 1.0 does not allow
 * (control characters but tab and line ends, lone surrogates, U+FFFE, U+FFFF) written as U+FFFD.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML forbids these characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const esc = (s: string) =>
  s
    .replace(NOT_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
const ISO_639_2: Record<string, string> = { en: "eng", fr: "fra", es: "spa", ru: "rus" };

/**
 * An identifier for Akoma Ntoso's eId/href: lower-case letters (of any script: `г-н-небензя`),
 * digits and dashes, led by a letter as an XML name must be.
 */
function slug(s: string): string {
  const id = s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
  return /^\p{L}/u.test(id) ? id : `x-${id}`.replace(/-$/, "");
}

/**
 * The record as an Akoma Ntoso debate (OASIS LegalDocML 3.0): `meta` with the FRBR identification
 * and a `TLCPerson` per speaker, the `preface` with the record's heading, and a `debateBody` of
 * `debateSection`s (one per agenda item) holding `speech` elements (`by` refers to the person)
 * and `narrative` for procedural lines.
 */
export function toAkomaNtoso(r: RecordExport): string {
  const date = r.record.date ?? "0001-01-01";
  const work = `/akn/un/debate/${date}/${slug(r.record.symbol ?? r.file)}`;
  const lang = ISO_639_2[r.language] ?? "eng";
  // One identifier per speaker; two speakers whose names make the same one are told apart.
  const people = new Map<string, string>();
  const taken = new Set<string>();
  for (const s of r.speeches) {
    if (people.has(s.speaker)) continue;
    const base = slug(s.speaker);
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
    taken.add(id);
    people.set(s.speaker, id);
  }
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">');
  out.push(`  <debate name="${esc(r.record.symbol ?? r.file)}">`);
  out.push("    <meta>");
  out.push('      <identification source="#verbatim">');
  out.push("        <FRBRWork>");
  out.push(`          <FRBRthis value="${esc(work)}/!main"/>`);
  out.push(`          <FRBRuri value="${esc(work)}"/>`);
  out.push(`          <FRBRdate date="${date}" name="meeting"/>`);
  out.push(`          <FRBRauthor href="#${slug(r.record.organ ?? "united-nations")}"/>`);
  out.push('          <FRBRcountry value="un"/>');
  out.push("        </FRBRWork>");
  out.push("        <FRBRExpression>");
  out.push(`          <FRBRthis value="${esc(work)}/${lang}@/!main"/>`);
  out.push(`          <FRBRuri value="${esc(work)}/${lang}@"/>`);
  out.push(`          <FRBRdate date="${date}" name="meeting"/>`);
  out.push('          <FRBRauthor href="#verbatim"/>');
  out.push(`          <FRBRlanguage language="${lang}"/>`);
  out.push("        </FRBRExpression>");
  out.push("        <FRBRManifestation>");
  out.push(`          <FRBRthis value="${esc(work)}/${lang}@/!main.xml"/>`);
  out.push(`          <FRBRuri value="${esc(work)}/${lang}@.akn"/>`);
  out.push(`          <FRBRdate date="${date}" name="export"/>`);
  out.push('          <FRBRauthor href="#verbatim"/>');
  out.push("        </FRBRManifestation>");
  out.push("      </identification>");
  out.push('      <references source="#verbatim">');
  out.push('        <TLCOrganization eId="verbatim" href="/ontology/organization/verbatim" showAs="Verbatim"/>');
  const organ = r.record.organ ?? "United Nations";
  out.push(
    `        <TLCOrganization eId="${slug(organ)}" href="/ontology/organization/un/${slug(organ)}" showAs="${esc(organ)}"/>`,
  );
  for (const [speaker, id] of people) {
    out.push(`        <TLCPerson eId="${id}" href="/ontology/person/un/${id}" showAs="${esc(speaker)}"/>`);
  }
  out.push("      </references>");
  out.push("    </meta>");
  out.push("    <preface>");
  const heading = [
    r.record.symbol,
    r.record.organ,
    r.record.meeting ? `meeting ${r.record.meeting}` : null,
    r.record.date,
  ]
    .filter(Boolean)
    .join(" · ");
  out.push(`      <p>${esc(heading || r.file)}</p>`);
  out.push("    </preface>");
  out.push("    <debateBody>");
  const sections = new Map<string, typeof r.speeches>();
  for (const s of r.speeches) {
    const key = s.agendaItem ?? "";
    const section = sections.get(key);
    if (section) section.push(s);
    else sections.set(key, [s]);
  }
  let n = 0;
  for (const [label, speeches] of sections) {
    n++;
    const title = r.agendaItems.find((a) => a.label === label)?.title;
    out.push(`      <debateSection eId="dbsect_${n}" name="${label ? "agendaItem" : "proceedings"}">`);
    out.push(`        <heading>${esc(label ? `${label}${title ? `: ${title}` : ""}` : "Proceedings")}</heading>`);
    for (const s of speeches) {
      out.push(`        <speech eId="dbsect_${n}__speech_${s.index}" by="#${people.get(s.speaker)}">`);
      out.push(`          <from>${esc(s.speaker)}</from>`);
      for (const p of s.paragraphs.length ? s.paragraphs : [""]) out.push(`          <p>${esc(p)}</p>`);
      out.push("        </speech>");
    }
    out.push("      </debateSection>");
  }
  if (r.procedural.length) {
    n++;
    out.push(`      <debateSection eId="dbsect_${n}" name="proceduralLines">`);
    out.push("        <heading>Procedural lines</heading>");
    for (const p of r.procedural) out.push(`        <narrative><p>${esc(p.text)}</p></narrative>`);
    out.push("      </debateSection>");
  }
  out.push("    </debateBody>");
  out.push("  </debate>");
  out.push("</akomaNtoso>");
  return `${out.join("\n")}\n`;
}
