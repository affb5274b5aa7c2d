import type { Rule } from "./rule";

/** `unreadable-document`: binary data is not analysed; say so once instead of failing. */
export const unreadableDocument: Rule = {
  code: "unreadable-document",
  description: "The document is not text Verbatim can read (binary data); nothing else is checked.",
  defaultSeverity: "warning",
  category: "document",
  check({ model }) {
    if (!model.unreadable) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: model.unreadable }];
  },
};
