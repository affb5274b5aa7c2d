import type { HeaderPartKind, SpeakerHeader } from "./types";

/** Text on one line with single spaces. */
export const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** The span a header part of one kind covers, over the lines it wraps onto, without its parentheses. */
export function partSpan(
  text: string,
  h: SpeakerHeader,
  kind: HeaderPartKind,
): { start: number; end: number } | undefined {
  const parts = h.parts.filter((p) => p.kind === kind);
  if (!parts.length) return undefined;
  let start = Math.min(...parts.map((p) => p.span.start));
  let end = Math.max(...parts.map((p) => p.span.end));
  if (text[start] === "(" && text[end - 1] === ")") {
    start++;
    end--;
  }
  return { start, end };
}

/** Names compared as people write them inconsistently: case, diacritics and spacing aside. */
export function looseKey(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s\-‐.]+/g, " ")
    .trim();
}
