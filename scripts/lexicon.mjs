// Prepares the spelling lexicons at build time (esbuild.mjs calls it; bench/HISTORY.md says why).
//
// nspell reads a Hunspell dictionary by expanding every affix rule of every stem into a table of
// word forms: half a second for each English dictionary, paid by every fresh process (`verbatim
// check`) before its first word. That table depends on the dictionary files alone, so it is built
// here, once, by nspell itself, and written as a word list the language service reads in a few
// milliseconds (server/src/lexicon/prepared.ts). The same words are accepted: the file keeps
// everything nspell's `correct` reads — the forms, the flags it looks at (ONLYINCOMPOUND,
// FORBIDDENWORD, KEEPCASE), the compound rules as nspell compiles them, COMPOUNDMIN and the input
// conversions (ICONV) — and test/unit/lexicon.test.ts compares the two over the corpus.
//
// The file (`server/data/lexicon/<language>.words`): a first line of JSON (format, the source
// dictionaries' hash, and per dictionary its compound rules, COMPOUNDMIN and conversions), then
// one form a line, sorted: a bare form is in every dictionary's table with none of those flags;
// otherwise the form is followed by a tab and, per dictionary, comma-separated: `-` (not in its
// table), `+` (in it, no such flag) or the flags' letters (`o` ONLYINCOMPOUND, `f` FORBIDDENWORD,
// `k` KEEPCASE). The header's `index` says where each group of forms lies: `keys`, each group's
// key (its forms' first two UTF-16 units, a one-unit form its own key) in the forms' order, joined
// by line breaks; `starts`, the offset in bytes from the table's start (the byte after the header's
// line break) of each group's first line; a group ends where the next begins, the last at
// `length`. A look-up reads its word's group alone (server/src/lexicon/prepared.ts): a check of a
// few words reads a few kB, not the whole file.
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const FORMAT = "verbatim-lexicon/2";

/** The lexicons prepared ahead, by language: each is the union of its dictionaries. */
export const PREPARED = {
  en: [
    { name: "en-US", pkg: "dictionary-en" },
    { name: "en-GB", pkg: "dictionary-en-gb" },
  ],
};

const FLAG_LETTERS = [
  ["ONLYINCOMPOUND", "o"],
  ["FORBIDDENWORD", "f"],
  ["KEEPCASE", "k"],
];

function sources(root, dictionaries) {
  return dictionaries.map((d) => {
    const base = join(root, "node_modules", d.pkg, "index");
    return { ...d, aff: readFileSync(`${base}.aff`), dic: readFileSync(`${base}.dic`) };
  });
}

/** A hash of what the prepared file is made from: the dictionaries, nspell's version and this format. */
function sourceHash(root, files) {
  const h = createHash("sha256");
  h.update(FORMAT);
  h.update(readFileSync(join(root, "node_modules", "nspell", "package.json")));
  h.update(readFileSync(new URL(import.meta.url)));
  for (const f of files) h.update(f.name).update(f.aff).update(f.dic);
  return h.digest("hex").slice(0, 16);
}

/** The file's text, from nspell's tables. */
export function prepare(root, dictionaries) {
  const require = createRequire(join(root, "package.json"));
  const nspell = require("nspell");
  const files = sources(root, dictionaries);
  const spellers = files.map((f) => nspell({ aff: f.aff, dic: f.dic }));
  const words = new Set();
  for (const s of spellers) for (const w of Object.keys(s.data)) words.add(w);
  const codeOf = (s, w) => {
    if (!(w in s.data)) return "-";
    const codes = s.data[w];
    const letters = FLAG_LETTERS.filter(([flag]) => flag in s.flags && codes.indexOf(s.flags[flag]) > -1)
      .map(([, l]) => l)
      .join("");
    return letters || "+";
  };
  const lines = [];
  const keys = [];
  const starts = [];
  let bytes = 0;
  for (const w of [...words].sort()) {
    if (/[\t\n\r]/.test(w)) throw new Error(`lexicon: a form with a tab or line break: ${JSON.stringify(w)}`);
    const codes = spellers.map((s) => codeOf(s, w));
    const line = codes.every((c) => c === "+") ? w : `${w}\t${codes.join(",")}`;
    // Sorted by UTF-16 units, the forms of one key are together and the keys in order.
    const key = w.slice(0, 2);
    if (keys.length === 0 || keys[keys.length - 1] !== key) {
      keys.push(key);
      starts.push(bytes);
    }
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  const header = {
    format: FORMAT,
    source: sourceHash(root, files),
    dictionaries: files.map((f, i) => {
      const s = spellers[i];
      return {
        name: f.name,
        package: `${f.pkg}@${JSON.parse(readFileSync(join(root, "node_modules", f.pkg, "package.json"), "utf8")).version}`,
        compoundMin: s.flags.COMPOUNDMIN,
        compoundRules: s.compoundRules.map((r) => ({ source: r.source, flags: r.flags })),
        conversion: s.conversion.in.map(([pattern, to]) => ({ source: pattern.source, flags: pattern.flags, to })),
      };
    }),
    index: { keys: keys.join("\n"), starts },
    length: bytes,
  };
  // The header in ASCII (\u escapes): a file of ASCII forms is then ASCII throughout, which V8
  // reads as a one-byte string several times faster than text with a single wider character.
  const json = JSON.stringify(header).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${json}\n${lines.join("\n")}\n`;
}

/**
 * Writes `<out>/<language>.words` for each prepared language unless it is there already, made
 * from the same sources. Returns the languages (re)built.
 */
export function prepareLexicons(root, out) {
  const built = [];
  for (const [language, dictionaries] of Object.entries(PREPARED)) {
    const file = join(out, `${language}.words`);
    const hash = sourceHash(root, sources(root, dictionaries));
    if (existsSync(file)) {
      // The first line (its index makes it some 20 kB).
      const fd = openSync(file, "r");
      let head = Buffer.alloc(0);
      for (let n = -1; n !== 0 && !head.includes(10) && head.length < 1 << 20; ) {
        const more = Buffer.alloc(65536);
        n = readSync(fd, more, 0, more.length, head.length);
        head = Buffer.concat([head, more.subarray(0, n)]);
      }
      closeSync(fd);
      const first = head.toString("utf8").split("\n", 1)[0];
      try {
        const header = JSON.parse(first);
        if (header.format === FORMAT && header.source === hash) continue;
      } catch {}
    }
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, prepare(root, dictionaries));
    renameSync(tmp, file);
    built.push(language);
  }
  return built;
}
