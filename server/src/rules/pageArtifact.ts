import { builtFirst, firstThenAll, type Rule } from "./rule";

const NAMES: Record<string, string> = {
  "running-header": "running header",
  "page-number": "page number",
  "job-number": "job number",
  barcode: "barcode",
  "form-feed": "form feed",
  footer: "page footer",
};

/** `page-artifact`: one diagnostic per line of page furniture; the fix removes the line. */
export const pageArtifact: Rule = firstThenAll({
  code: "page-artifact",
  description: "Page furniture left by PDF extraction (running headers, page and job numbers, barcodes, form feeds).",
  defaultSeverity: "warning",
  category: "cleaning",
  first({ model }, wanted) {
    const { lines } = model;
    return builtFirst(model.furniture, wanted, (f) => {
      const text = model.text.slice(f.span.start, f.span.end);
      const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
      const range =
        f.span.end > f.span.start ? lines.spanRange(f.span) : lines.range(lines.starts[f.line], lines.ends[f.line]);
      return {
        range,
        message: `Page furniture (${NAMES[f.kind]})${shown ? `: ${shown}` : ""}`,
        fix: {
          title: `Remove the ${NAMES[f.kind]} line`,
          edits: [{ range: lines.fullLinesRange(f.line, f.line), newText: "" }],
          safe: true,
        },
      };
    });
  },
});
