// Dates and times against the hand labels: recognition precision, recall and F1 (a found
// expression matches a labelled one when they overlap), and the share of matched expressions whose
// value is the labelled one. Expressions labelled vague (`in recent years`, `today` meaning
// nowadays) are not counted: a hit there is neither right nor wrong. Files are read with their
// own reference (the cover page's date, or the year and session in the corpus file name).
// Three sets (test/corpus/labels/README-dates.md), each labelled by another reader: dates.tsv,
// which the recogniser was tuned on; dates-heldout.tsv, measured blind once (F1 91.0%), then
// tuned on; dates-heldout2.tsv, labelled after that and never tuned on.
// Run: node --import tsx bench/dates.ts [--list]
import { existsSync } from "node:fs";
import { join } from "node:path";
import { referenceDate } from "../server/src/analysis/referenceDate";
import { resolveDate } from "../server/src/features/dates";
import { corpusModel, LABELS, readLabels, service } from "./corpus";

const list = process.argv.includes("--list");

interface Label {
  file: string;
  line: string;
  column: string;
  text: string;
  type: string;
  value: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function evaluate(name: string, title: string): void {
  if (!existsSync(join(LABELS, name))) {
    console.log(`no test/corpus/labels/${name}`);
    return;
  }
  const labels = (readLabels(name) as unknown as Label[]).filter((r) => r.file && r.text);
  const files = [...new Set(labels.map((l) => l.file))];
  let found = 0;
  let matched = 0;
  let right = 0;
  let labelled = 0;
  const byType = new Map<string, { labelled: number; found: number }>();
  for (const file of files) {
    const m = corpusModel(file);
    const text = m.text;
    const ref = referenceDate(m, { glossary: service.glossary });
    const truth = labels
      .filter((l) => l.file === file)
      .map((l) => {
        const start = m.lines.starts[Number(l.line) - 1] + Number(l.column) - 1;
        // The labelled text with its line breaks as single spaces: find its end in the document.
        let end = start;
        let k = 0;
        while (k < l.text.length && end < text.length) {
          if (/\s/.test(l.text[k])) {
            while (end < text.length && /\s/.test(text[end])) end++;
            while (k < l.text.length && /\s/.test(l.text[k])) k++;
          } else {
            end++;
            k++;
          }
        }
        return { ...l, start, end, used: false };
      });
    const vague = truth.filter((t) => t.type === "vague");
    const specific = truth.filter((t) => t.type !== "vague");
    labelled += specific.length;
    for (const t of specific) {
      const c = byType.get(t.type) ?? { labelled: 0, found: 0 };
      c.labelled++;
      byType.set(t.type, c);
    }
    for (const e of m.tokens.dates) {
      const t = specific.find((x) => !x.used && x.start < e.span.end && e.span.start < x.end);
      if (!t && vague.some((x) => x.start < e.span.end && e.span.start < x.end)) continue;
      found++;
      if (!t) {
        if (list) console.log(`extra\t${file}:${e.line + 1}\t${e.text}`);
        continue;
      }
      t.used = true;
      matched++;
      const c = byType.get(t.type);
      if (c) c.found++;
      const value = resolveDate(e, ref ?? undefined).value;
      if (value === t.value) right++;
      else if (list) console.log(`value\t${file}:${t.line}\t${t.text}\tgot ${value || "?"} want ${t.value}`);
    }
    if (list)
      for (const t of specific) if (!t.used) console.log(`missed\t${file}:${t.line}\t${t.text}\t${t.type}\t${t.value}`);
  }
  const p = matched / Math.max(1, found);
  const r = matched / Math.max(1, labelled);
  console.log(
    `dates, ${title}: ${labelled} labelled in ${files.length} files, ${found} found; precision ${pct(p)}, ` +
      `recall ${pct(r)}, F1 ${pct((2 * p * r) / Math.max(1e-9, p + r))}; right value ${pct(right / Math.max(1, matched))} of the matched`,
  );
  console.log(`  recall by type: ${[...byType].map(([type, c]) => `${type} ${c.found}/${c.labelled}`).join(", ")}`);
}

evaluate("dates.tsv", "tuned on (dates.tsv)");
evaluate("dates-heldout.tsv", "held out, then tuned on (dates-heldout.tsv)");
evaluate("dates-heldout2.tsv", "held out (dates-heldout2.tsv)");
