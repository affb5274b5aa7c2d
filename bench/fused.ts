// Fused words: recall on spaces deleted at random from the clean General Debate speeches
// (test/corpus/ungdc-clean), and false positives on the untouched corpus.
// Run: node --import tsx bench/fused.ts [--list]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLanguageService } from "../server/src/index";
import { findFusedWords } from "../server/src/rules/fusedWords";

const CORPUS = join(__dirname, "..", "test", "corpus");
const list = process.argv.includes("--list");
const service = createLanguageService();
const analysis = (uri: string, text: string) => service.analysis({ uri, version: 1, getText: () => text });

/** A small deterministic generator, so the figure is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// False positives on the corpus as it is.
let falsePositives = 0;
for (const dir of ["ungdc", "seeds", "ungdc-clean"]) {
  for (const f of readdirSync(join(CORPUS, dir)).filter((x) => x.endsWith(".txt"))) {
    const text = readFileSync(join(CORPUS, dir, f), "utf8");
    for (const w of findFusedWords(analysis(`file:///${dir}/${f}`, text))) {
      if (dir === "seeds" && w.word === "thejoint") continue; // the seed's one real fusion
      falsePositives++;
      if (list) console.log(`fp\t${dir}/${f}\t${w.word}`);
    }
  }
}

// Recall: delete one space between two lowercase words, 40 times a file, one at a time.
let tried = 0;
let caught = 0;
const random = rng(20261122);
for (const f of readdirSync(join(CORPUS, "ungdc-clean")).filter((x) => x.endsWith(".txt"))) {
  const text = readFileSync(join(CORPUS, "ungdc-clean", f), "utf8");
  const spaces = [...text.matchAll(/(?<=\p{L}) (?=\p{L})/gu)].map((m) => m.index ?? 0);
  for (let k = 0; k < 40; k++) {
    const at = spaces[Math.floor(random() * spaces.length)];
    const left = /\p{L}+$/u.exec(text.slice(Math.max(0, at - 40), at))?.[0] ?? "";
    const right = /^\p{L}+/u.exec(text.slice(at + 1, at + 41))?.[0] ?? "";
    const fused = text.slice(0, at) + text.slice(at + 1);
    tried++;
    const found = findFusedWords(analysis(`file:///fused/${f}/${k}`, fused)).find(
      (w) => w.span.start === at - left.length,
    );
    if (found && found.left === left && found.right === right) caught++;
    else if (list) console.log(`miss\t${left}|${right}\t${found ? `${found.left}|${found.right}` : "-"}`);
  }
}
console.log(
  `fused words: recall ${((100 * caught) / tried).toFixed(1)}% (${caught}/${tried} deleted spaces), ` +
    `false positives on the corpus: ${falsePositives}`,
);
