import type { TranscriptModel } from "../model/types";
import type { FoldingRange } from "../types";

/** Folds the cover page, the boilerplate paragraph, each speech and each vote. */
export function foldingRanges(model: TranscriptModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRange["kind"]) => {
    if (endLine > startLine) out.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  if (model.cover)
    add(model.cover.startLine, model.boilerplate ? model.boilerplate.startLine - 1 : model.cover.endLine, "region");
  if (model.boilerplate) add(model.boilerplate.startLine, model.boilerplate.endLine, "comment");
  for (const s of model.speeches) add(s.startLine, s.endLine, "region");
  for (const v of model.votes) add(v.startLine, v.endLine, "region");
  return out.sort((a, b) => a.startLine - b.startLine);
}
