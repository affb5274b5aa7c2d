// The acronyms used in the eras records (test/corpus/eras, the -raw text): each record's acronym
// keys, how often, and what resolves them (the document's definition, the built-in glossary, or
// nothing). bench/eras-acronyms.tsv holds the decision, made by reading each use, whether a key is
// a real acronym (`yes`) or not (`no`: OCR debris, a word in capitals); the figure is the share of
// the real ones that the glossary or the document expands.
// Run: node --import tsx bench/eras-acronyms.ts [--list]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { acronymIndex } from "../server/src/analysis/acronymIndex";
import { createLanguageService } from "../server/src/index";

const ROOT = join(__dirname, "..");
const DIR = join(ROOT, "test", "corpus", "eras", "text", "raw");
const DECISIONS = join(__dirname, "eras-acronyms.tsv");
const list = process.argv.includes("--list");
const service = createLanguageService();

const decided = new Map<string, string>();
if (existsSync(DECISIONS))
  for (const line of readFileSync(DECISIONS, "utf8").split("\n")) {
    if (!line || line.startsWith("#") || line.startsWith("record\t")) continue;
    const [record, key, real] = line.split("\t");
    decided.set(`${record}\t${key}`, real);
  }

const totals = {
  real: 0,
  inGlossary: 0,
  expanded: 0,
  notReal: 0,
  undecided: 0,
  realUses: 0,
  glossaryUses: 0,
  expandedUses: 0,
};
const missing: string[] = [];
for (const f of readdirSync(DIR)
  .filter((x) => x.endsWith(".txt"))
  .sort()) {
  const record = f.replace(/\.txt$/, "");
  const text = readFileSync(join(DIR, f), "utf8");
  const model = service.model({ uri: `file:///eras/${f}`, version: 1, getText: () => text });
  const { uses, definitions } = acronymIndex(model);
  for (const [key, found] of [...uses].sort((a, b) => a[0].localeCompare(b[0]))) {
    const def = definitions.get(key);
    const gloss = service.glossary.lookup(key, model.language);
    const by = [def ? "document" : "", gloss ? "glossary" : ""].filter((x) => x).join("+") || "none";
    const expansion = gloss?.expansion ?? def?.[0]?.expansion;
    const real = decided.get(`${record}\t${key}`);
    if (real === "yes") {
      totals.real++;
      totals.realUses += found.length;
      if (gloss) {
        totals.inGlossary++;
        totals.glossaryUses += found.length;
      } else missing.push(`${key} (${record}${def ? ", defined in the document" : ""})`);
      if (gloss || def) {
        totals.expanded++;
        totals.expandedUses += found.length;
      }
    } else if (real === "no") totals.notReal++;
    else totals.undecided++;
    if (list) {
      const line = model.lines.positionAt(found[0].span.start).line + 1;
      console.log([record, key, real ?? "?", found.length, by, expansion ?? "", line].join("\t"));
    }
  }
}
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "—");
console.log(
  `eras acronyms: ${totals.real + totals.notReal + totals.undecided} keys in 7 records (${totals.real} real, ${totals.notReal} not acronyms, ${totals.undecided} undecided); ` +
    `real ones in the built-in glossary ${pct(totals.inGlossary, totals.real)} (${totals.inGlossary}/${totals.real}; uses ${pct(totals.glossaryUses, totals.realUses)}), ` +
    `expanded by the glossary or the document ${pct(totals.expanded, totals.real)} (${totals.expanded}/${totals.real}; uses ${pct(totals.expandedUses, totals.realUses)})`,
);
if (list) console.log(`not in the glossary: ${missing.join(", ")}`);
