// Builds the built-in acronym glossary, server/data/glossary/un.json, from:
//   - ../shared/data/cia-world-factbook-appendix-b.html (CIA World Factbook, Appendix B:
//     International Organizations and Groups; a work of the US Government, public domain), when
//     it is there — else the Factbook entries already in un.json are kept;
//   - server/data/glossary/un-curated.tsv: the team's entries, from each entity's official name,
//     which win over the Factbook's spelling (UN spelling: Co-operation in OSCE, Organization);
//   - server/data/glossary/translations.tsv: French, Spanish and Russian forms (UNTERM).
// Run: node scripts/glossary/build.mjs   (then node scripts/glossary/check.mjs)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = join(root, "server", "data", "glossary");
const factbookFile = join(root, "..", "shared", "data", "cia-world-factbook-appendix-b.html");

export const SOURCES = {
  factbook: "CIA World Factbook, Appendix B: International Organizations and Groups (public domain)",
  charter: "https://www.un.org/en/about-us/un-charter",
  system: "https://www.un.org/en/about-us/un-system",
  secretariat: "https://www.un.org/en/about-us/secretariat",
  sc: "https://www.un.org/securitycouncil/",
  pko: "https://peacekeeping.un.org/en/where-we-operate",
  "pko-past": "https://peacekeeping.un.org/en/past-peacekeeping-operations",
  dppa: "https://dppa.un.org/en/dppa-around-world",
  unoda: "https://disarmament.unoda.org/",
  treaties: "https://treaties.un.org/",
  unterm: "https://unterm.un.org/",
};

const CATEGORIES = {
  "principal-organ": "UN principal organ",
  "fund-programme": "UN fund or programme",
  "specialized-agency": "UN specialized agency",
  "related-organization": "UN related organization",
  "subsidiary-body": "UN subsidiary body",
  secretariat: "UN Secretariat",
  "peace-operation": "UN peacekeeping operation",
  "political-mission": "UN political mission",
  treaty: "Treaty or instrument",
  "regional-organization": "Regional organization",
  intergovernmental: "Intergovernmental organization or group",
  term: "Term",
};

const source = (key) => SOURCES[key] ?? key;
const rows = (file) =>
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.split("\t"));

/** Acronym and name pairs of the Factbook's appendix: `Name (ACRONYM)` headings. */
function factbook() {
  if (!existsSync(factbookFile)) return undefined;
  const html = readFileSync(factbookFile, "utf8");
  const decode = (s) =>
    s
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&#39;|&rsquo;/g, "’")
      .replace(/\s+/g, " ")
      .trim();
  const out = [];
  for (const m of html.matchAll(/class='appendix-entry-name category'>([\s\S]*?)<\/div>/g)) {
    const name = decode(m[1]);
    const pair = /^(.*?)\s*\(([^()]*)\)$/.exec(name);
    if (!pair) continue;
    // `European Community (or European Communities, EC)`, `Group of 77 (G-77)`
    const acronym = pair[2]
      .split(/,\s*|\bor\b/)
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (!acronym || !/^[A-Z0-9][A-Za-z0-9+&.-]*$/.test(acronym) || acronym.length < 2) continue;
    out.push({ acronym: acronym.replace(/s$/, (s) => (/[A-Z]s$/.test(acronym) ? "" : s)), expansion: pair[1] });
  }
  return out;
}

const previous = existsSync(join(dir, "un.json")) ? JSON.parse(readFileSync(join(dir, "un.json"), "utf8")) : undefined;
const fromFactbook =
  factbook() ??
  previous?.entries
    .filter((e) => e.source === SOURCES.factbook)
    .map(({ acronym, expansion }) => ({ acronym, expansion })) ??
  [];

const entries = new Map();
for (const f of fromFactbook) {
  entries.set(f.acronym, {
    acronym: f.acronym,
    expansion: f.expansion,
    category: "intergovernmental",
    source: SOURCES.factbook,
  });
}
// A fifth column, where present: other spellings of the acronym (`WWER-1000`), comma-separated.
for (const [acronym, expansion, category, src, variants] of rows("un-curated.tsv")) {
  const known = entries.get(acronym);
  entries.set(acronym, {
    acronym,
    expansion,
    category,
    source: source(src),
    ...(known && known.expansion !== expansion ? { factbook: known.expansion } : {}),
    ...(variants ? { variants: variants.split(",").map((v) => v.trim()) } : {}),
  });
}
// Factbook variants (`G-77`) of curated acronyms (`G77`).
for (const f of fromFactbook) {
  const plain = f.acronym.replace(/-/g, "");
  if (plain !== f.acronym && entries.has(plain) && entries.get(f.acronym)?.source === SOURCES.factbook) {
    entries.delete(f.acronym);
    const e = entries.get(plain);
    e.variants = [...new Set([...(e.variants ?? []), f.acronym])];
  }
}
for (const [acronym, lang, form, expansion] of rows("translations.tsv")) {
  const e = entries.get(acronym);
  if (!e) throw new Error(`translations.tsv: ${acronym} is not in the glossary`);
  e[lang] = { acronym: form, expansion, source: SOURCES.unterm };
}
const sorted = [...entries.values()].sort((a, b) => a.acronym.localeCompare(b.acronym, "en"));
const glossary = {
  source:
    "Built by scripts/glossary/build.mjs from the CIA World Factbook's Appendix B (public domain) and the Verbatim team's entries from each entity's official name; French, Spanish and Russian forms from UNTERM. Each entry names its source.",
  categories: CATEGORIES,
  entries: sorted,
};
writeFileSync(join(dir, "un.json"), `${JSON.stringify(glossary, null, 1)}\n`);
console.log(`un.json: ${sorted.length} entries (${fromFactbook.length} from the Factbook before merging)`);
