// Where the import's own code spends its time, without PDF.js: the ten records of sc2020 read once
// by PDF.js, then each part (the text layer's judge, the layout, the transcript with its two parses)
// run on all ten again and again, alternating, the median of each part's rounds printed.
// Run: node --import tsx bench/import-parts.ts [rounds]
import { readFileSync } from "node:fs";
import { loadData } from "../server/src/data";
import { lexiconFor } from "../server/src/lexicon/lexicon";
import { parseTranscript } from "../server/src/model/parse";
import { compileProfile } from "../server/src/model/profile";
import { importText, layoutPdf, readPdf } from "../server/src/pdf";
import { judgeLayer } from "../server/src/pdf/ocr/layer";
import { buildTranscript, type ParseText } from "../server/src/pdf/transcript";
import type { PdfText } from "../server/src/pdf/types";
import { RECORDS, recordPdf } from "../test/corpus/records";

const ROUNDS = Number(process.argv[2]) || 15;
const profiles = loadData().languages.map(compileProfile);
const parse: ParseText = (text, lineEndEvidence, boldOpening, tokens) =>
  parseTranscript({ uri: "pdf-import:", version: 1, text }, profiles, {
    lexicon: (language) => lexiconFor(language),
    ...(lineEndEvidence ? { lineEndEvidence } : {}),
    ...(boldOpening ? { boldOpening } : {}),
    ...(tokens ? { tokens } : {}),
  });

async function main() {
  const pdfs: PdfText[] = [];
  for (const name of RECORDS) pdfs.push(await readPdf(new Uint8Array(readFileSync(recordPdf(name)))));
  const parts: Record<string, () => unknown> = {
    judge: () => pdfs.map((p) => judgeLayer(p)),
    layout: () => pdfs.map((p) => layoutPdf(p)),
    transcript: () => pdfs.map((p) => buildTranscript(layoutPdf(p).lines, p.fonts, parse)),
    importText: () => pdfs.map((p) => importText(p)),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(parts).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, f] of Object.entries(parts)) {
      const t0 = performance.now();
      f();
      times[name].push(performance.now() - t0);
    }
  for (const [name, ts] of Object.entries(times)) {
    const s = [...ts].sort((a, b) => a - b);
    console.log(
      `${name.padEnd(12)} first ${ts[0].toFixed(1)} ms  median ${s[s.length >> 1].toFixed(1)} ms  min ${s[0].toFixed(1)} ms`,
    );
  }
}
main();
