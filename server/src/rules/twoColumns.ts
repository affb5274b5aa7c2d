import { unColumn } from "../model/columns";
import type { Rule } from "./rule";

/**
 * `two-column-layout`: the PDF's two columns side by side on each line (`pdftotext -layout`).
 * Nothing else is checked until they are put one after the other: every other rule would read a
 * line of the left column run into a line of the right. The fix rewrites those pages only.
 */
export const twoColumnLayout: Rule = {
  code: "two-column-layout",
  description:
    "The PDF's two columns stand side by side on each line (pdftotext -layout): put them one after the other first.",
  defaultSeverity: "warning",
  category: "document",
  check({ model }) {
    const pages = model.columns;
    if (!pages?.length) return [];
    const first = pages[0].startLine;
    return [
      {
        range: model.lines.range(model.lines.starts[first], model.lines.ends[first]),
        message:
          `${pages.length === 1 ? "One page has" : `${pages.length} pages have`} the PDF's two columns side by side on each line ` +
          "(as pdftotext -layout gives them); nothing else is checked until they are put one after the other. " +
          "Alternatively, extract the text again with pdftotext -raw.",
        fix: {
          title: "Put the columns one after the other",
          edits: [{ range: model.lines.range(0, model.text.length), newText: unColumn(model.lines, pages) }],
          safe: true,
        },
      },
    ];
  },
};
