import type { Analysis } from "../analysis/analysis";
import { documentUrl } from "../model/documentRefs";
import type { Hover, Span } from "../types";
import { describeSpeaker } from "./speakers";

/** One piece of a hover: markdown and the span it describes. */
export interface HoverPart {
  span: Span;
  markdown: string;
}

/**
 * Hover contributors, composed per token kind: each looks at what lies under the offset and may
 * answer. Later features (acronyms, dates) add theirs to HOVER_CONTRIBUTORS.
 */
export type HoverContributor = (analysis: Analysis, offset: number) => HoverPart | undefined;

const inside = (span: Span, offset: number) => span.start <= offset && offset < span.end;

/** Escapes the few characters that would turn plain record text into markdown. */
export function md(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

/** On a speaker header: who speaks, in what capacity and language, and where the speech stands. */
export const speakerHover: HoverContributor = ({ model }, offset) => {
  const speech = model.speeches.find((s) => inside(s.header.span, offset));
  if (!speech) return undefined;
  return { span: speech.header.span, markdown: describeSpeaker(model, speech, md) };
};

export const documentRefHover: HoverContributor = ({ model }, offset) => {
  const ref = model.tokens.documentRefs.find((r) => inside(r.span, offset));
  if (!ref) return undefined;
  const url = documentUrl(ref.symbol, model.language);
  return {
    span: ref.span,
    markdown: `UN document **${md(ref.symbol)}** — [open in the Official Document System](${url})`,
  };
};

const FURNITURE_NAMES: Record<string, string> = {
  "running-header": "running header",
  "page-number": "page number and job number",
  "job-number": "job number",
  barcode: "barcode",
  "form-feed": "form feed (page break)",
  footer: "page footer (correction notice, distribution)",
};

export const furnitureHover: HoverContributor = ({ model }, offset) => {
  const f = model.furniture.find((x) => x.span.start <= offset && offset <= x.span.end && x.span.end > x.span.start);
  if (!f) return undefined;
  const page = model.pages.find((p) => p.startLine <= f.line && f.line <= p.endLine);
  const bits = [`Page furniture: ${FURNITURE_NAMES[f.kind]}`];
  if (f.page) bits.push(`page ${f.page}${f.pageCount ? ` of ${f.pageCount}` : ""}`);
  else if (page) bits.push(`on page ${page.number}`);
  if (f.symbol) bits.push(`record ${md(f.symbol)}`);
  if (f.date) bits.push(`dated ${md(f.date)}`);
  return { span: f.span, markdown: `${bits.join(" · ")}\n\nNot part of any speech; removed by cleaning.` };
};

export const coverHover: HoverContributor = ({ model }, offset) => {
  const c = model.cover;
  if (!c?.symbol || !inside(c.symbol.span, offset)) return undefined;
  const rows = [
    ["Record", c.symbol.text],
    ["Organ", c.organ?.text],
    ["Period", c.period?.text],
    ["Meeting", c.meeting?.text],
    ["Date", [c.weekday?.text, c.date?.text].filter(Boolean).join(" ") || undefined],
    ["Time", c.time?.text],
    ["Place", c.place?.text],
    ["President", c.president ? `${c.president.name} (${c.president.entity})` : undefined],
    ["Members", c.members.length ? String(c.members.length) : undefined],
    ["Speeches", String(model.speeches.length)],
  ].filter((r): r is [string, string] => Boolean(r[1]));
  return { span: c.symbol.span, markdown: rows.map(([k, v]) => `**${k}:** ${md(v)}`).join("  \n") };
};

/** The structure's hover contributors; the service's HOVER_CONTRIBUTORS adds the other features'. */
export const STRUCTURE_HOVERS: HoverContributor[] = [coverHover, speakerHover, documentRefHover, furnitureHover];

export function hover(analysis: Analysis, offset: number, contributors: readonly HoverContributor[]): Hover | null {
  const { model } = analysis;
  const parts = contributors.map((c) => c(analysis, offset)).filter((p): p is HoverPart => p !== undefined);
  if (parts.length === 0) return null;
  // The innermost span describes the range; all parts are shown, innermost first.
  parts.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
  return {
    contents: { kind: "markdown", value: parts.map((p) => p.markdown).join("\n\n---\n\n") },
    range: model.lines.spanRange(parts[0].span),
  };
}
