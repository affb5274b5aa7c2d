import type { HyphenBreak, TranscriptModel } from "../model/types";
import type { TextEdit } from "../types";
import { builtFirst, firstThenAll, type Rule } from "./rule";

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
export const brokenHyphenation: Rule = firstThenAll({
  code: "broken-hyphenation",
  description:
    "A word split by a line-end hyphen (transna-/tional): join it. Real compounds (Counter-/Terrorism) are kept.",
  defaultSeverity: "warning",
  category: "cleaning",
  first({ model }, wanted) {
    const joined = model.tokens.hyphenBreaks.filter((b) => b.decision === "join" && model.text[b.hyphen] === "-");
    return builtFirst(joined, wanted, (b) => {
      const before = model.text.slice(b.before.start, b.before.end);
      const after = model.text.slice(b.after.start, b.after.end);
      const word = `${before.slice(before.lastIndexOf("-") + 1)}${after}`;
      // From the first half to the second, unless a blank line lies between (a page break):
      // then the first half with its hyphen, and the second half as related information, so
      // that no squiggle sits on a blank line.
      const afterLine = model.lines.lineAt(b.after.start);
      let blankBetween = false;
      for (let l = b.line + 1; l < afterLine && !blankBetween; l++) blankBetween = model.lineKinds[l] === "blank";
      return {
        range: model.lines.range(b.before.start, blankBetween ? b.hyphen + 1 : b.after.end),
        message: `“${before}-” / “${after}” is one word split at the line end: ${before}${after} (${b.reason}).`,
        ...(blankBetween
          ? { related: [{ range: model.lines.spanRange(b.after), message: "The word goes on here." }] }
          : {}),
        fix: { title: `Join “${word}”`, edits: joinEdits(model, b), safe: true },
      };
    });
  },
});
