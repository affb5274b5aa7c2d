import type { TranscriptModel } from "../model/types";
import type { TextEdit } from "../types";

/**
 * Reflows each paragraph to one line: the line breaks between its lines become single spaces; a
 * line-end hyphen the model joins (`transna-`/`tional`) goes with its break, a compound's hyphen
 * (`Counter-`/`Terrorism`) stays and the halves meet. Lines of page furniture inside a paragraph
 * are left where they are, as their own lines. Only line breaks (and the spaces around them) and
 * joined hyphens change.
 */
export function unwrapEdits(model: TranscriptModel): TextEdit[] {
  const { lines, text } = model;
  const breaks = new Map(model.tokens.hyphenBreaks.map((b) => [b.line, b]));
  const edits: TextEdit[] = [];
  for (const p of model.paragraphs) {
    for (let k = 0; k + 1 < p.lines.length; k++) {
      const a = p.lines[k];
      const b = p.lines[k + 1];
      if (b !== a + 1) continue;
      let end = lines.ends[a];
      while (end > lines.starts[a] && /[ \t]/.test(text[end - 1])) end--;
      let start = lines.starts[b];
      while (start < lines.ends[b] && /[ \t]/.test(text[start])) start++;
      const hyphen = breaks.get(a);
      if (hyphen && hyphen.hyphen === end - 1) {
        const join = hyphen.decision === "join" || text[hyphen.hyphen] === "\u00AD";
        edits.push({ range: lines.range(join ? hyphen.hyphen : end, start), newText: "" });
      } else {
        edits.push({ range: lines.range(end, start), newText: " " });
      }
    }
  }
  return edits;
}
