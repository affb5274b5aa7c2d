import type { Analysis } from "../analysis/analysis";
import { REFERENCE_DATE } from "../analysis/referenceDate";
import { squash } from "../model/speakerKeys";
import type { Paragraph, Speech, StateRef, TranscriptModel, VoteOutcome } from "../model/types";
import { countsAgree } from "../model/votes";
import { lazyPattern } from "../text/regexp";
import { spokenLanguage, spokenLanguageCode } from "./speakers";

/** The version of the export's JSON shape (schemas/export.schema.json); 2 added `proceedings` and `votes`. */
export const EXPORT_SCHEMA_VERSION = 2;

/** A State as the export names it: as printed, and as the Member State data knows it. */
export interface StateExport {
  printed: string;
  /** The UN short name in English; null where the name is not a State the data knows. */
  name: string | null;
  /** ISO 3166-1 alpha-3. */
  iso3: string | null;
  status: "member" | "observer" | "former" | null;
}

export interface VoteExport {
  index: number;
  /** How it was taken, as the record says: `recorded`, `show-of-hands`, or `unspecified`. */
  method: string;
  /** The draft's symbol (`A/48/L.13 and Corr.1`), from the outcome or the text before the vote. */
  draft: string | null;
  agendaItem: string | null;
  /** 1-based, first and last line of the vote in the cleaned text. */
  lines: [number, number];
  yes: StateExport[];
  no: StateExport[];
  abstain: StateExport[];
  /** The outcome as printed and as read (the model's, less its place in the text). */
  outcome: Omit<VoteOutcome, "span" | "line"> | null;
  /** Whether each list's length equals the printed count (null where no count is printed). */
  countsAgree: boolean | null;
  notes: string[];
}

export interface ProceedingExport {
  kind: string;
  /** 1-based, first and last line in the cleaned text. */
  lines: [number, number];
  /** Everything the element holds, as printed: paragraphs on lines of their own. */
  text: string;
  /** speech: its `index` in `speeches`; vote: in `votes`. */
  speech?: number;
  vote?: number;
  /** direction, decision and a speech's directions: what the line says happens (`chair`, `closing`, …). */
  directionKind?: string;
  /** A speech: its parts in order, the stage directions inside it among its paragraphs. */
  parts?: { kind: "header" | "paragraph" | "direction"; text: string; directionKind?: string }[];
}

/** One record as data: what `verbatim export --format json` writes (schemas/export.schema.json). */
export interface RecordExport {
  schemaVersion: number;
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
  /** The cover page's lines as printed (with its boilerplate), page furniture left out; null where none. */
  cover: { lines: [number, number]; text: string } | null;
  agendaItems: { label: string; title: string }[];
  speeches: {
    index: number;
    speaker: string;
    title: string | null;
    name: string | null;
    entity: string | null;
    /** ISO 3166-1 alpha-3 of the entity, where it is a State. */
    entityIso3: string | null;
    role: string | null;
    /** The language spoken where the interpretation note gives it (`spoke in Russian`). */
    languageSpoken: string | null;
    /** ISO 639-1 code of the language spoken, where it is one of the six official languages. */
    languageSpokenCode: string | null;
    agendaItem: string | null;
    paragraphs: string[];
    /** The stage directions inside the speech (a change of the Chair), in order. */
    directions: { kind: string; text: string }[];
    wordCount: number;
  }[];
  procedural: { kind: string; text: string }[];
  /** The record after its cover, in order: every word of it in exactly one element. */
  proceedings: ProceedingExport[];
  votes: VoteExport[];
}

/** A paragraph's text on one line: its lines (furniture inside left out) from its start to its end. */
function paragraphText(m: TranscriptModel, p: Paragraph): string {
  return squash(
    p.lines.map((l) => m.text.slice(Math.max(p.start, m.lines.starts[l]), Math.min(p.end, m.lines.ends[l]))).join(" "),
  );
}

/** The content lines of a line range on one line (a procedural line, a vote's list, a note). */
const linesText = (m: TranscriptModel, from: number, to: number) => paragraphsOf(m, from, to).join(" ");

/** The content lines of a line range as paragraphs (a blank line parts them), each on one line. */
function paragraphsOf(m: TranscriptModel, from: number, to: number): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = from; i <= to; i++) {
    const kind = m.lineKinds[i];
    if (kind === "furniture") continue;
    if (kind === "blank") {
      if (current) out.push(current);
      current = "";
      continue;
    }
    const line = squash(m.text.slice(m.lines.starts[i], m.lines.ends[i]));
    if (line) current = current ? `${current} ${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

function stateOf(printed: string, ref: StateRef | undefined): StateExport {
  return ref
    ? { printed, name: ref.name, iso3: ref.iso3, status: ref.status }
    : { printed, name: null, iso3: null, status: null };
}

/** The record as data, read from the model of its cleaned text. */
export function exportRecord(file: string, analysis: Analysis): RecordExport {
  const { model: clean, context } = analysis;
  const c = clean.cover;
  const ref = analysis.get(REFERENCE_DATE);
  const date =
    c?.date && ref?.month && ref.day
      ? `${String(ref.year).padStart(4, "0")}-${String(ref.month).padStart(2, "0")}-${String(ref.day).padStart(2, "0")}`
      : null;
  // The agenda item a line falls under: the last that starts before it (a binary search).
  const agendaOf = (line: number) => {
    let lo = 0;
    let hi = clean.agendaItems.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (clean.agendaItems[mid].startLine <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? clean.agendaItems[lo - 1].label : null;
  };
  const states = context.states;
  const lines = (a: number, b: number): [number, number] => [a + 1, b + 1];
  // A speech's parts: its header as printed, then its paragraphs (as the model parts them) and the
  // stage directions inside it, in the order of their lines.
  const speechParts = (s: Speech): NonNullable<ProceedingExport["parts"]> => {
    const parts: (NonNullable<ProceedingExport["parts"]>[number] & { line: number })[] = [
      { kind: "header", text: squash(clean.text.slice(s.header.span.start, s.header.span.end)), line: -1 },
    ];
    for (const p of s.paragraphs) {
      const text = paragraphText(clean, p);
      if (text) parts.push({ kind: "paragraph", text, line: p.startLine });
    }
    for (const d of s.interruptions)
      parts.push({
        kind: "direction",
        text: linesText(clean, d.startLine, d.endLine),
        directionKind: d.kind,
        line: d.startLine,
      });
    return parts.sort((a, b) => a.line - b.line).map(({ line: _, ...part }) => part);
  };
  const proceedings: ProceedingExport[] = clean.proceedings.map((p) => {
    const base = { kind: p.kind, lines: lines(p.startLine, p.endLine) };
    if (p.kind === "speech") {
      const s = clean.speeches[p.index];
      const parts = speechParts(s);
      return { ...base, text: parts.map((x) => x.text).join("\n"), speech: s.index + 1, parts };
    }
    const text = paragraphsOf(clean, p.startLine, p.endLine).join("\n");
    if (p.kind === "vote") {
      // Each part of the vote (its opening sentence, each list, the outcome line, a note) on a line.
      const v = clean.votes[p.index];
      return {
        ...base,
        text: v.parts.map((x) => linesText(clean, x.startLine, x.endLine)).join("\n"),
        vote: p.index + 1,
      };
    }
    if ((p.kind === "direction" || p.kind === "decision" || p.kind === "heading") && p.index >= 0)
      return { ...base, text, directionKind: clean.procedurals[p.index].kind };
    return { ...base, text };
  });
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
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
    cover:
      clean.bodyStart > 0
        ? { lines: lines(0, clean.bodyStart - 1), text: paragraphsOf(clean, 0, clean.bodyStart - 1).join("\n") }
        : null,
    agendaItems: clean.agendaItems.map((a) => ({ label: a.label, title: a.title })),
    speeches: clean.speeches.map((s) => {
      const h = s.header;
      return {
        index: s.index + 1,
        speaker: h.display,
        title: h.title,
        name: h.name,
        entity: h.entity,
        entityIso3: (h.entity && states?.(h.entity)?.iso3) ?? null,
        role: h.role,
        languageSpoken: spokenLanguage(h.note),
        languageSpokenCode: spokenLanguageCode(h.note, clean.profile),
        agendaItem: agendaOf(s.startLine),
        paragraphs: s.paragraphs.map((p) => paragraphText(clean, p)).filter(Boolean),
        directions: s.interruptions.map((d) => ({
          kind: d.kind,
          text: linesText(clean, d.startLine, d.endLine),
        })),
        wordCount: s.wordCount,
      };
    }),
    procedural: clean.procedurals.map((p) => ({
      kind: p.kind,
      text: linesText(clean, p.startLine, p.endLine),
    })),
    proceedings,
    votes: clean.votes.map((v) => {
      const names = (position: string) =>
        v.lists.filter((l) => l.position === position).flatMap((l) => l.names.map((n) => stateOf(n.printed, n.state)));
      const o = v.outcome;
      return {
        index: v.index + 1,
        method: v.method,
        draft: v.draft,
        agendaItem: agendaOf(v.startLine),
        lines: lines(v.startLine, v.endLine),
        yes: names("yes"),
        no: names("no"),
        abstain: names("abstain"),
        outcome: o
          ? { text: o.text, subject: o.subject, result: o.result, yes: o.yes, no: o.no, abstain: o.abstain, act: o.act }
          : null,
        countsAgree: countsAgree(v),
        notes: v.notes.map((n) => linesText(clean, n.startLine, n.endLine)),
      };
    }),
  };
}

/**
 * Text for XML: the five markup characters escaped, and the characters XML 1.0 does not allow
 * (control characters but tab and line ends, lone surrogates, U+FFFE, U+FFFF) written as U+FFFD.
 */
const NOT_XML = lazyPattern(
  () =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML forbids these characters
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
);
const esc = (s: string) =>
  s
    .replace(NOT_XML(), "\uFFFD")
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

const POSITION_LABEL: Record<string, string> = { yes: "In favour", no: "Against", abstain: "Abstaining" };

/**
 * The record as an Akoma Ntoso debate (OASIS LegalDocML 3.0), in the order of its proceedings:
 * `meta` with the FRBR identification, the votes' counts (`analysis/parliamentary/voting`, with a
 * `count` per choice and the outcome) and references (a `TLCPerson` per speaker, a
 * `TLCOrganization` per State that voted, a `TLCConcept` per choice and outcome); the `preface`
 * with the record's heading; a `debateBody` of `debateSection`s, one per agenda item, holding
 * `speech` elements (`by` the person; a stage direction inside a speech is a `remark` of type
 * `sceneDescription`), `narrative`s for stage directions and decisions, `other` for text that is
 * neither, and one `debateSection` per vote whose lists mark each State with an inline `vote`
 * (`by` the State, `choice` its position). Every word of the proceedings is in the body.
 */
export function toAkomaNtoso(r: RecordExport): string {
  const date = r.record.date ?? "0001-01-01";
  const work = `/akn/un/debate/${date}/${slug(r.record.symbol ?? r.file)}`;
  const lang = ISO_639_2[r.language] ?? "eng";
  // One identifier per speaker; two speakers whose names make the same one are told apart.
  const people = new Map<string, string>();
  const taken = new Set<string>(["yes", "no", "abstain", "verbatim"]);
  for (const s of r.speeches) {
    if (people.has(s.speaker)) continue;
    const base = slug(s.speaker);
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
    taken.add(id);
    people.set(s.speaker, id);
  }
  // One identifier per State that voted (its ISO code), or per name no State has.
  const voters = new Map<string, { id: string; name: string }>();
  for (const v of r.votes)
    for (const st of [...v.yes, ...v.no, ...v.abstain]) {
      const key = st.iso3 ?? st.printed;
      if (voters.has(key)) continue;
      let id = st.iso3 ? `state-${st.iso3.toLowerCase()}` : `voter-${slug(st.printed)}`;
      for (let k = 2; taken.has(id); k++) id = `${id}-${k}`;
      taken.add(id);
      voters.set(key, { id, name: st.name ?? st.printed });
    }
  const outcomes = [...new Set(r.votes.map((v) => v.outcome?.result).filter((x): x is string => Boolean(x)))];
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
  const counted = r.votes.filter((v) => v.outcome?.yes !== null && v.outcome?.yes !== undefined);
  if (counted.length) {
    out.push('      <analysis source="#verbatim">');
    out.push("        <parliamentary>");
    for (const v of counted) {
      const o = v.outcome;
      if (!o) continue;
      const result = o.result ? ` outcome="#${slug(o.result)}"` : "";
      out.push(`          <voting eId="voting_${v.index}" href="#vote_${v.index}"${result}>`);
      for (const [choice, value] of [
        ["yes", o.yes],
        ["no", o.no ?? 0],
        ["abstain", o.abstain ?? 0],
      ] as const)
        out.push(
          `            <count eId="voting_${v.index}__count_${choice}" value="${value}" refersTo="#${choice}"/>`,
        );
      out.push("          </voting>");
    }
    out.push("        </parliamentary>");
    out.push("      </analysis>");
  }
  out.push('      <references source="#verbatim">');
  out.push('        <TLCOrganization eId="verbatim" href="/ontology/organization/verbatim" showAs="Verbatim"/>');
  const organ = r.record.organ ?? "United Nations";
  out.push(
    `        <TLCOrganization eId="${slug(organ)}" href="/ontology/organization/un/${slug(organ)}" showAs="${esc(organ)}"/>`,
  );
  for (const { id, name } of voters.values())
    out.push(`        <TLCOrganization eId="${id}" href="/ontology/organization/un/${id}" showAs="${esc(name)}"/>`);
  for (const [speaker, id] of people) {
    out.push(`        <TLCPerson eId="${id}" href="/ontology/person/un/${id}" showAs="${esc(speaker)}"/>`);
  }
  if (r.votes.length)
    for (const choice of ["yes", "no", "abstain"])
      out.push(
        `        <TLCConcept eId="${choice}" href="/ontology/concept/vote/${choice}" showAs="${POSITION_LABEL[choice]}"/>`,
      );
  for (const result of outcomes)
    out.push(
      `        <TLCConcept eId="${slug(result)}" href="/ontology/concept/outcome/${slug(result)}" showAs="${esc(result)}"/>`,
    );
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
  // A section per agenda item, from its heading to the next; what comes before any is "proceedings".
  let n = 0;
  let open = false;
  const section = (name: string, heading: string) => {
    if (open) out.push("      </debateSection>");
    n++;
    out.push(`      <debateSection eId="dbsect_${n}" name="${name}">`);
    out.push(`        <heading>${esc(heading)}</heading>`);
    open = true;
  };
  const paragraphs = (text: string, indent: string) => {
    for (const line of text.split("\n").filter(Boolean)) out.push(`${indent}<p>${esc(line)}</p>`);
  };
  let agenda = 0;
  let speechNo = 0;
  for (const p of r.proceedings) {
    if (p.kind === "agenda") {
      const a = r.agendaItems[agenda++];
      section("agendaItem", a ? `${a.label}${a.title ? `: ${a.title}` : ""}` : p.text.replace(/\n/g, " "));
      continue;
    }
    if (!open) section("proceedings", "Proceedings");
    if (p.kind === "speech" && p.speech) {
      const s = r.speeches[p.speech - 1];
      speechNo++;
      out.push(`        <speech eId="dbsect_${n}__speech_${speechNo}" by="#${people.get(s.speaker)}">`);
      // The header as printed, its note included (`The President (spoke in French)`).
      const header = p.parts?.find((x) => x.kind === "header")?.text.replace(/\s*:$/, "") ?? s.speaker;
      out.push(`          <from>${esc(header)}</from>`);
      const parts = p.parts ?? [];
      for (const part of parts) {
        if (part.kind === "paragraph") out.push(`          <p>${esc(part.text)}</p>`);
        else if (part.kind === "direction")
          out.push(`          <p><remark type="sceneDescription">${esc(part.text)}</remark></p>`);
      }
      if (!parts.some((x) => x.kind !== "header")) out.push("          <p></p>");
      out.push("        </speech>");
      continue;
    }
    if (p.kind === "vote" && p.vote) {
      const v = r.votes[p.vote - 1];
      out.push(`        <debateSection eId="vote_${v.index}" name="vote">`);
      out.push(`          <heading>${esc(`Vote ${v.index}${v.draft ? ` on ${v.draft}` : ""}`)}</heading>`);
      // The vote's text line by line, each State of its lists as an inline vote.
      out.push("          <narrative>");
      for (const line of markVotes(p.text.split("\n").filter(Boolean), v, voters))
        out.push(`            <p>${line}</p>`);
      out.push("          </narrative>");
      out.push("        </debateSection>");
      continue;
    }
    if (p.kind === "text") {
      out.push("        <other>");
      paragraphs(p.text, "          ");
      out.push("        </other>");
      continue;
    }
    out.push(`        <narrative${p.directionKind ? ` class="${esc(p.directionKind)}"` : ""}>`);
    paragraphs(p.text, "          ");
    out.push("        </narrative>");
  }
  if (open) out.push("      </debateSection>");
  out.push("    </debateBody>");
  out.push("  </debate>");
  out.push("</akomaNtoso>");
  return `${out.join("\n")}\n`;
}

/**
 * A vote's lines with each State of its lists marked as an inline `vote`: the names, in the lists'
 * order (in favour, against, abstaining), are each found where they next appear; the rest of the
 * text stays as it is.
 */
function markVotes(
  lines: readonly string[],
  v: VoteExport,
  voters: Map<string, { id: string; name: string }>,
): string[] {
  const names = (["yes", "no", "abstain"] as const).flatMap((position) => v[position].map((st) => ({ st, position })));
  let next = 0;
  return lines.map((line) => {
    let at = 0;
    let xml = "";
    while (next < names.length) {
      const { st, position } = names[next];
      const k = line.indexOf(st.printed, at);
      if (k < 0) break;
      next++;
      const voter = voters.get(st.iso3 ?? st.printed);
      xml += `${esc(line.slice(at, k))}<vote by="#${voter?.id}" choice="#${position}">${esc(st.printed)}</vote>`;
      at = k + st.printed.length;
    }
    return xml + esc(line.slice(at));
  });
}

/** A field as RFC 4180 writes it: quoted where it holds a comma, a quote or a line break, quotes doubled. */
function csvField(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvRows = (rows: (string | number | null)[][]) => rows.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");

export const SPEECHES_CSV_COLUMNS = [
  "record",
  "file",
  "date",
  "speech",
  "speaker",
  "name",
  "entity",
  "iso3",
  "role",
  "language_spoken",
  "agenda_item",
  "words",
  "text",
] as const;

export const VOTES_CSV_COLUMNS = [
  "record",
  "file",
  "date",
  "vote",
  "method",
  "draft",
  "act",
  "result",
  "state_printed",
  "state",
  "iso3",
  "position",
] as const;

/**
 * Tidy tables of records (`verbatim export --format csv`): `speeches.csv`, one row a speech, its
 * paragraphs on lines of their own in the `text` field; `votes.csv`, one row per State per vote.
 * RFC 4180: a header row, CRLF line ends, fields quoted where needed.
 */
export function toCsv(records: readonly RecordExport[]): { speeches: string; votes: string } {
  const speeches: (string | number | null)[][] = [[...SPEECHES_CSV_COLUMNS]];
  const votes: (string | number | null)[][] = [[...VOTES_CSV_COLUMNS]];
  for (const r of records) {
    const record = r.record.symbol;
    for (const s of r.speeches)
      speeches.push([
        record,
        r.file,
        r.record.date,
        s.index,
        s.speaker,
        s.name,
        s.entity,
        s.entityIso3,
        s.role,
        s.languageSpoken,
        s.agendaItem,
        s.wordCount,
        s.paragraphs.join("\n"),
      ]);
    for (const v of r.votes)
      for (const position of ["yes", "no", "abstain"] as const)
        for (const st of v[position])
          votes.push([
            record,
            r.file,
            r.record.date,
            v.index,
            v.method,
            v.draft,
            v.outcome?.act ?? null,
            v.outcome?.result ?? null,
            st.printed,
            st.name,
            st.iso3,
            position,
          ]);
  }
  return { speeches: csvRows(speeches), votes: csvRows(votes) };
}
