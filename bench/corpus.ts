// What the quality benchmarks share: the corpus, its hand labels, and a model per corpus file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLanguageService, type TranscriptModel } from "../server/src/index";

export const CORPUS = join(__dirname, "..", "test", "corpus");
export const LABELS = join(CORPUS, "labels");

/** A labels file (tab-separated, a header row) as records keyed by the header's names. */
export function readLabels(name: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(join(LABELS, name), "utf8").trimEnd().split("\n");
  const keys = head.split("\t");
  return rows.map((r) => Object.fromEntries(r.split("\t").map((v, k) => [keys[k], v ?? ""])));
}

export const service = createLanguageService();
const models = new Map<string, TranscriptModel>();

/** The model of a corpus file (a path relative to test/corpus), parsed once. */
export function corpusModel(file: string): TranscriptModel {
  let m = models.get(file);
  if (!m) {
    const text = readFileSync(join(CORPUS, file), "utf8");
    m = service.model({ uri: `file:///${file}`, version: 1, getText: () => text });
    models.set(file, m);
  }
  return m;
}
