import { classifyFurniture } from "../furniture";
import { BLANK, type ParseState } from "./state";

/** Pass 1: blank lines and page furniture (running headers, page and job numbers, barcodes, form feeds). */
export function classifyLines(s: ParseState): void {
  const { lines } = s;
  // Each line read as if it stood at the start of the document, then placed here; unchanged
  // lines keep what the previous version found.
  const classify = s.memo.lines(
    "furniture",
    (i) => lines.line(i),
    (text) => {
      const f = classifyFurniture(text, 0, 0);
      return f ? { f } : BLANK.test(text) ? "blank" : "text";
    },
  );
  for (let i = 0; i < s.n; i++) {
    const found = classify(i);
    if (found === "text") continue;
    if (found === "blank") s.kinds[i] = "blank";
    else {
      const start = lines.starts[i];
      const { f } = found;
      s.kinds[i] = "furniture";
      s.furniture.push({
        ...f,
        line: i,
        span: { start: f.span.start + start, end: f.span.end + start },
        ...(f.formFeed !== undefined ? { formFeed: f.formFeed + start } : {}),
      });
    }
  }
}
