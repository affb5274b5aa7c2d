import { documentUrl } from "../model/documentRefs";
import type { TranscriptModel } from "../model/types";
import type { DocumentLink } from "../types";

/** UN document symbols become links to the UN's official document system. */
export function documentLinks(model: TranscriptModel): DocumentLink[] {
  return model.tokens.documentRefs.map((r) => ({
    range: model.lines.spanRange(r.span),
    target: documentUrl(r.symbol, model.language),
    tooltip: `Open ${r.symbol} in the UN Official Document System`,
  }));
}
