// Measures line-end hyphen decisions against the hand labels in test/corpus/labels/hyphens.tsv:
// recall on joins, recall on keeps, balanced accuracy, share of compounds joined.
// Run: node --import tsx bench/hyphens.ts [--list]
import { corpusModel as modelOf, readLabels } from "./corpus";

const rows = readLabels("hyphens.tsv").map((r) => ({
  file: r.file,
  line: Number(r.line),
  first: r.first,
  second: r.second,
  label: r.label,
  notes: r.notes,
}));

const table = new Map<string, number>();
const list = process.argv.includes("--list");
for (const r of rows) {
  if (r.label === "dash") continue;
  const m = modelOf(r.file);
  const b = m.tokens.hyphenBreaks.find((h) => h.line === r.line - 1);
  const decision = b?.decision ?? "none";
  const key = `${r.label}→${decision}`;
  table.set(key, (table.get(key) ?? 0) + 1);
  if (list && (r.label === "join") !== (decision === "join"))
    console.log(`${r.label}\t${decision}\t${r.file}:${r.line}\t${r.first}-${r.second}\t${b?.reason ?? ""}`);
}
const n = (k: string) => table.get(k) ?? 0;
const joins = ["join", "keep", "both", "unsure", "none"].reduce((s, d) => s + n(`join→${d}`), 0);
const keeps = ["join", "keep", "both", "unsure", "none"].reduce((s, d) => s + n(`keep→${d}`), 0);
const joinRecall = n("join→join") / joins;
const keepRecall = 1 - n("keep→join") / keeps;
console.log(
  [...table]
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n"),
);
console.log(
  `joins ${joins}, keeps ${keeps}; join recall ${(100 * joinRecall).toFixed(1)}%, keep recall ${(100 * keepRecall).toFixed(1)}%, ` +
    `balanced accuracy ${((100 * (joinRecall + keepRecall)) / 2).toFixed(1)}%, compounds joined ${((100 * n("keep→join")) / keeps).toFixed(2)}%`,
);
