// Line-end hyphens on text wrapped again from the clean General Debate speeches
// (test/corpus/ungdc-clean), where the truth is known: a break at a real hyphen of the clean text
// must be kept; a break inside a word (at a syllable boundary from TeX's en-GB hyphenation
// patterns, package `hyphen`) must be joined. The decision under test uses the document's own
// spelling and the lexicon, never the patterns, so the measure is not circular.
// Run: node --import tsx bench/rewrap.ts [--list]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLanguageService } from "../server/src/index";

// The package ships a CommonJS entry point per language.
const { hyphenateSync } = require("hyphen/en-gb") as {
  hyphenateSync: (s: string, o?: { hyphenChar?: string }) => string;
};

const CORPUS = join(__dirname, "..", "test", "corpus", "ungdc-clean");
const WIDTH = 52;
const list = process.argv.includes("--list");
const service = createLanguageService();

interface Truth {
  line: number;
  join: boolean;
  word: string;
}

/** Wraps paragraphs greedily at WIDTH, breaking long words as a typesetter would. */
function wrap(text: string): { text: string; truths: Truth[] } {
  const out: string[] = [];
  const truths: Truth[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const sep = line ? " " : "";
      if ((line + sep + word).length <= WIDTH) {
        line += sep + word;
        continue;
      }
      const room = WIDTH - line.length - sep.length - 1;
      let head = "";
      let tail = "";
      let isJoin = false;
      // A real hyphen that fits: break there (a compound to keep).
      const hy = word.lastIndexOf("-", room);
      if (hy > 1 && hy < word.length - 2 && /\p{L}-\p{L}/u.test(word.slice(hy - 1, hy + 2))) {
        head = word.slice(0, hy);
        tail = word.slice(hy + 1);
      } else if (/^\p{Ll}{6,}[,.;:]?$/u.test(word)) {
        // A syllable break that fits, leaving two letters at least on the line and three after.
        const letters = word.replace(/[,.;:]$/, "");
        const parts = hyphenateSync(letters, { hyphenChar: "|" }).split("|");
        let acc = "";
        for (let k = 0; k < parts.length - 1; k++) {
          if ((acc + parts[k]).length > room) break;
          acc += parts[k];
        }
        if (acc.length >= 2 && letters.length - acc.length >= 3) {
          head = acc;
          tail = word.slice(acc.length);
          isJoin = true;
        }
      }
      if (head) {
        out.push(`${line}${sep}${head}-`);
        truths.push({ line: out.length - 1, join: isJoin, word });
        line = tail;
      } else {
        if (line) out.push(line);
        line = word;
      }
    }
    if (line) out.push(line);
    out.push("");
  }
  return { text: out.join("\n"), truths };
}

const n = { joinJoined: 0, joins: 0, keepJoined: 0, keeps: 0, keepBoth: 0, joinBoth: 0 };
for (const f of readdirSync(CORPUS).filter((x) => x.endsWith(".txt"))) {
  const { text, truths } = wrap(readFileSync(join(CORPUS, f), "utf8"));
  const m = service.model({ uri: `file:///rewrap/${f}`, version: 1, getText: () => text });
  const byLine = new Map(m.tokens.hyphenBreaks.map((b) => [b.line, b]));
  for (const t of truths) {
    const decision = byLine.get(t.line)?.decision ?? "none";
    if (t.join) {
      n.joins++;
      if (decision === "join") n.joinJoined++;
      else if (decision === "both") n.joinBoth++;
    } else {
      n.keeps++;
      if (decision === "join") n.keepJoined++;
      else if (decision === "both") n.keepBoth++;
    }
    if (list && t.join !== (decision === "join"))
      console.log(`${t.join ? "join" : "keep"}\t${decision}\t${f}\t${t.word}\t${byLine.get(t.line)?.reason ?? ""}`);
  }
}
const joinRecall = n.joinJoined / n.joins;
const keepRecall = 1 - n.keepJoined / n.keeps;
console.log(
  `rewrapped ungdc-clean: ${n.joins} splits, ${n.keeps} compounds; join recall ${(100 * joinRecall).toFixed(1)}%, ` +
    `keep recall ${(100 * keepRecall).toFixed(1)}%, balanced accuracy ${((100 * (joinRecall + keepRecall)) / 2).toFixed(1)}%, ` +
    `compounds joined ${((100 * n.keepJoined) / n.keeps).toFixed(2)}% (silent as both: ${n.joinBoth} splits, ${n.keepBoth} compounds)`,
);
