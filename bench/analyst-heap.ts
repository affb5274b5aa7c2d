// What an analyst's heap holds for one record (issue 28's memory): the language service in one
// thread, as an analyst runs it (server/lsp/analyst.ts), a full collection before each figure.
// The service and its data; the text; the model of its first version (with the memo the next
// version's parse reads); its diagnostics (the analysis and what the rules derive); and, the
// service made to forget the document while a copy of the model's fields is kept, what the model
// alone holds, field by field. A benchmark, not a test: it asserts nothing.
// Run: node --expose-gc --import tsx bench/analyst-heap.ts [characters, default 10000000]
import { getHeapStatistics } from "node:v8";
import { createLanguageService, DEFAULT_SETTINGS, type TranscriptModel } from "../server/src/index";
import { transcriptOfSize } from "./sized";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const heap = () => {
  gc();
  gc();
  return getHeapStatistics().used_heap_size / 2 ** 20;
};
const size = Number(process.argv[2] ?? 10_000_000);
const rows: [string, number][] = [];
let last = heap();
const step = (what: string) => {
  const now = heap();
  rows.push([what, now - last]);
  last = now;
};

const service = createLanguageService({});
step("the service's modules, data and lexicons (loaded before this)");
const warm = { uri: "file:///warm.txt", version: 1, getText: () => "Mr. Smith (France): We agree.\n" };
service.diagnostics(warm, DEFAULT_SETTINGS);
service.forget(warm.uri);
step("the service, its data and lexicon");
let text: string | undefined = transcriptOfSize(size);
step(`the text (${text.length} UTF-16 code units)`);
const doc = { uri: "file:///record.txt", version: 1, getText: () => text as string };
service.model(doc);
step("the model and the memo of its parse");
service.diagnostics(doc, DEFAULT_SETTINGS);
step("the diagnostics (the analysis, the rules' derived tables)");
const fields = ((m: TranscriptModel): Record<string, unknown> => ({ ...m, tokens: { ...m.tokens } }))(
  service.model(doc),
);
service.forget(doc.uri);
text = undefined;
step("the service forgets the document (a copy of the model's fields kept)");
for (const key of Object.keys(fields) as (keyof TranscriptModel)[]) {
  if (key === "tokens") {
    const tokens = fields.tokens as Record<string, unknown>;
    for (const t of Object.keys(tokens)) {
      tokens[t] = undefined;
      step(`  model.tokens.${t}`);
    }
  }
  fields[key] = undefined;
  step(`  model.${key}`);
}
console.log(`Heap held (MiB, after a full collection; negative: freed) for a record of ${size} characters:`);
for (const [what, mib] of rows) if (Math.abs(mib) >= 0.1) console.log(`${mib.toFixed(1).padStart(7)}  ${what}`);
