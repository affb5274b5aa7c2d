import type { HyphenBreak, TranscriptModel } from "../model/types";
import type { TextEdit } from "../types";
import type { Finding, Rule } from "./registry";

/**
 * The edits that join a split word and move it onto the first line: the hyphen (and what trails
 * it) becomes the second half with the punctuation stuck to it; the second half leaves its line,
 * and a line left empty goes. Lines between the halves (page furniture) are not touched.
 */
export function joinEdits(model: TranscriptModel, b: HyphenBreak): TextEdit[] {
  const { text, lines } = model;
  const afterLine = lines.lineAt(b.after.start);
  const lineEnd = lines.ends[afterLine];
  // The piece that moves: the word and the punctuation attached to it (`ment,`).
  let moveEnd = b.after.end;
  while (moveEnd < lineEnd && !/\s/.test(text[moveEnd])) moveEnd++;
  const moved = text.slice(b.after.start, moveEnd);
  let restStart = moveEnd;
  while (restStart < lineEnd && /[ \t]/.test(text[restStart])) restStart++;
  const firstLineEnd = lines.ends[b.line];
  const edits: TextEdit[] = [{ range: lines.range(b.hyphen, firstLineEnd), newText: moved }];
  if (restStart >= lineEnd) edits.push({ range: lines.fullLinesRange(afterLine, afterLine), newText: "" });
  else edits.push({ range: lines.range(lines.starts[afterLine], restStart), newText: "" });
  return edits;
}

/** `broken-hyphenation`: a line-end hyphen that splits one word (`transna-`/`tional`). */
export const brokenHyphenation: Rule = {
  code: "broken-hyphenation",
  description:
    "A word split by a line-end hyphen (transna-/tional): join it. Real compounds (Counter-/Terrorism) are kept.",
  defaultSeverity: "warning",
  category: "cleaning",
  check(model) {
    const out: Finding[] = [];
    for (const b of model.tokens.hyphenBreaks) {
      if (b.decision !== "join" || model.text[b.hyphen] !== "-") continue;
      const before = model.text.slice(b.before.start, b.before.end);
      const after = model.text.slice(b.after.start, b.after.end);
      const word = `${before.slice(before.lastIndexOf("-") + 1)}${after}`;
      out.push({
        range: model.lines.range(b.before.start, b.after.end),
        message: `“${before}-” / “${after}” is one word split at the line end: ${before}${after} (${b.reason}).`,
        fix: { title: `Join “${word}”`, edits: joinEdits(model, b), safe: true },
      });
    }
    return out;
  },
};
