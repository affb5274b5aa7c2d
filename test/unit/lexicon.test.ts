import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import nspell from "nspell";
import { lexiconFor } from "../../server/src/lexicon/lexicon";
import { PREPARED_FORMAT, readPrepared } from "../../server/src/lexicon/prepared";
import { CORPUS, ROOT } from "./helpers";

// The English lexicon is prepared at build time (scripts/lexicon.mjs) instead of being expanded
// by nspell in every process: it must accept exactly the words nspell accepts, dictionary by
// dictionary, for every word of the corpus, its case variants and its splits (what hyphenation
// and the fused-word check ask), and for every form of the dictionaries.

const DICTIONARIES = [
  { name: "en-US", pkg: "dictionary-en" },
  { name: "en-GB", pkg: "dictionary-en-gb" },
];

async function preparedText(): Promise<string> {
  const built = join(ROOT, "server", "data", "lexicon", "en.words");
  if (existsSync(built)) return readFileSync(built, "latin1");
  // Not built yet (the sources run before `npm run build`): prepared here, the same way.
  const { prepare } = (await import(join(ROOT, "scripts", "lexicon.mjs"))) as {
    prepare: (root: string, d: typeof DICTIONARIES) => string;
  };
  return prepare(ROOT, DICTIONARIES);
}

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) corpusFiles(path, out);
    else if (/\.(txt|transcript)$/.test(name)) out.push(path);
  }
  return out;
}

/** What the lexicon is asked: corpus words as written, in other cases, and split in two. */
function queries(dictionaryForms: Iterable<string>): Set<string> {
  const out = new Set<string>([
    "",
    " ",
    " the ",
    "11th",
    "1th",
    "21st",
    "22nd",
    "123rd",
    "1234th",
    "56714th",
    "x11th",
    "don't",
    "don’t",
    "DON’T",
    "Organization",
    "ORGANIZATION",
    "programme",
    "PROGRAMMES",
    "A",
    "a",
  ]);
  const variants = (w: string) => {
    out.add(w);
    out.add(w.toLowerCase());
    out.add(w.toUpperCase());
    out.add(w.charAt(0).toUpperCase() + w.slice(1));
  };
  for (const file of [...corpusFiles(CORPUS), ...corpusFiles(join(ROOT, "samples"))]) {
    for (const [token] of readFileSync(file, "utf8").matchAll(/[\p{L}\p{M}\p{N}'’-]+/gu)) {
      variants(token);
      if (token.length > 24) continue;
      for (let k = 1; k < token.length; k++) {
        variants(token.slice(0, k));
        variants(token.slice(k));
      }
    }
  }
  // Every form of the dictionaries, as written and in capitals (the sentence-case path).
  for (const form of dictionaryForms) out.add(form).add(form.toUpperCase());
  return out;
}

describe("the prepared English lexicon", () => {
  it("accepts exactly what nspell accepts, dictionary by dictionary, over the corpus", async () => {
    const prepared = readPrepared(await preparedText());
    assert.ok(!("error" in prepared), "the prepared file reads");
    const spellers = DICTIONARIES.map((d) => {
      const base = join(ROOT, "node_modules", d.pkg, "index");
      return nspell({ aff: readFileSync(`${base}.aff`), dic: readFileSync(`${base}.dic`) });
    });
    assert.equal(prepared.length, spellers.length);
    const forms = new Set<string>();
    for (const s of spellers) for (const w of Object.keys((s as unknown as { data: object }).data)) forms.add(w);
    const asked = queries(forms);
    assert.ok(asked.size > 400_000, `${asked.size} words asked`);
    let accepted = 0;
    const differ: string[] = [];
    for (const w of asked) {
      for (let i = 0; i < spellers.length; i++) {
        const expected = spellers[i].correct(w);
        if (prepared[i].correct(w) !== expected) differ.push(`${DICTIONARIES[i].name}: ${JSON.stringify(w)}`);
        if (expected) accepted++;
      }
    }
    assert.deepEqual(differ.slice(0, 20), [], `${differ.length} words judged otherwise`);
    assert.ok(accepted > 200_000, `${accepted} acceptances`);
  });

  it("is what lexiconFor reads for English once built, and is in its format", async () => {
    const text = await preparedText();
    assert.equal(JSON.parse(text.slice(0, text.indexOf("\n"))).format, PREPARED_FORMAT);
    const en = lexiconFor("en");
    assert.ok(en);
    for (const w of ["organization", "organisation", "programme", "centre", "labour", "reaffirmed", "settlements"])
      assert.equal(en.has(w), true, w);
    for (const w of ["thejoint", "transna", "ticipate"]) assert.equal(en.has(w), false, w);
  });

  it("reports a file in another format instead of reading it", () => {
    const r = readPrepared('{"format":"something-else/9","dictionaries":[]}\nword\n');
    assert.ok("error" in r);
    assert.match(r.error, /something-else\/9/);
  });
});
