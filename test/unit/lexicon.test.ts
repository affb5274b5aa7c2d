import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import nspell from "nspell";
import { lexiconFor, preparedFile } from "../../server/src/lexicon/lexicon";
import {
  PREPARED_FORMAT,
  type PreparedSource,
  readPrepared,
  textOf,
  wholePrepared,
} from "../../server/src/lexicon/prepared";
import { CORPUS, ROOT } from "./helpers";

// The English lexicon is prepared at build time (scripts/lexicon.mjs) instead of being expanded
// by nspell in every process: it must accept exactly the words nspell accepts, dictionary by
// dictionary, for every word of the corpus, its case variants and its splits (what hyphenation
// and the fused-word check ask), and for every form of the dictionaries.

const DICTIONARIES = [
  { name: "en-US", pkg: "dictionary-en" },
  { name: "en-GB", pkg: "dictionary-en-gb" },
];

const BUILT = join(ROOT, "server", "data", "lexicon", "en.words");

async function preparedBytes(): Promise<Buffer> {
  if (existsSync(BUILT)) return readFileSync(BUILT);
  // Not built yet (the sources run before `npm run build`): prepared here, the same way.
  const { prepare } = (await import(join(ROOT, "scripts", "lexicon.mjs"))) as {
    prepare: (root: string, d: typeof DICTIONARIES) => string;
  };
  return Buffer.from(prepare(ROOT, DICTIONARIES));
}

/**
 * The prepared table as the service reads it, a group at a time from the file (never whole), or
 * from its bytes before a build; with the number of groups read and their bytes.
 */
async function byGroups(): Promise<{ source: PreparedSource; reads: () => { groups: number; bytes: number } }> {
  const inner = existsSync(BUILT)
    ? preparedFile(BUILT, Number.POSITIVE_INFINITY)
    : wholePrepared(await preparedBytes());
  assert.ok(inner);
  let groups = 0;
  let bytes = 0;
  return {
    source: {
      header: inner.header,
      read(start, end) {
        groups++;
        bytes += end - start;
        return inner.read(start, end);
      },
    },
    reads: () => ({ groups, bytes }),
  };
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
    // Read group by group, as a check reads it: every form in its key's group, every other word not.
    const prepared = readPrepared((await byGroups()).source);
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

  it("indexes each group of forms: its key's lines, in order, the whole table between them", async () => {
    const bytes = await preparedBytes();
    const source = wholePrepared(bytes);
    const header = JSON.parse(source.header) as { index: { keys: string; starts: number[] }; length: number };
    const from = bytes.indexOf(10) + 1;
    assert.equal(header.length, bytes.length - from);
    const keys = header.index.keys.split("\n");
    const { starts } = header.index;
    assert.equal(keys.length, starts.length);
    assert.ok(keys.length > 1000, `${keys.length} groups`);
    assert.equal(starts[0], 0);
    let lines = 0;
    for (let k = 0; k < keys.length; k++) {
      const [key, start] = [keys[k], starts[k]];
      const end = k + 1 < keys.length ? starts[k + 1] : header.length;
      if (k > 0) assert.ok(keys[k - 1] < key && starts[k - 1] < start, key);
      const text = source.read(start, end);
      assert.ok(text.endsWith("\n"), key);
      for (const line of text.slice(0, -1).split("\n")) {
        assert.equal(line.split("\t")[0].slice(0, 2), key, line);
        lines++;
      }
    }
    assert.equal(lines, textOf(bytes.subarray(from)).split("\n").length - 1);
  });

  it("reads a few groups for a sentence, and the same answers however it reads", async () => {
    const sentence = "The President: I thank the representative of France for his statement.".split(/\W+/);
    const { source, reads } = await byGroups();
    const grouped = readPrepared(source);
    assert.ok(!("error" in grouped));
    const answers = (spellers: typeof grouped, words: string[]) =>
      words.map((w) => spellers.map((s) => s.correct(w) || s.correct(w.toLowerCase())).join());
    const whole = readPrepared(await preparedBytes());
    assert.ok(!("error" in whole));
    assert.deepEqual(answers(grouped, sentence), answers(whole, sentence));
    const { groups, bytes } = reads();
    assert.ok(groups <= 20 && bytes < 200_000, `${groups} groups, ${bytes} bytes read`);
    // The file read group by group and then whole after a few, as lexiconFor reads it.
    if (existsSync(BUILT)) {
      const afterThree = preparedFile(BUILT, 3);
      assert.ok(afterThree);
      const mixed = readPrepared(afterThree);
      assert.ok(!("error" in mixed));
      const words = [...sentence, ...sentence.map((w) => w.toUpperCase()), "organisation", "Organization", "zebras"];
      assert.deepEqual(answers(mixed, words), answers(whole, words));
    }
  });

  it("is what lexiconFor reads for English once built, and is in its format", async () => {
    const bytes = await preparedBytes();
    assert.equal(JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(10))).format, PREPARED_FORMAT);
    const en = lexiconFor("en");
    assert.ok(en);
    for (const w of ["organization", "organisation", "programme", "centre", "labour", "reaffirmed", "settlements"])
      assert.equal(en.has(w), true, w);
    for (const w of ["thejoint", "transna", "ticipate"]) assert.equal(en.has(w), false, w);
  });

  it("reports a file in another format instead of reading it", () => {
    const r = readPrepared(Buffer.from('{"format":"something-else/9","dictionaries":[]}\nword\n'));
    assert.ok("error" in r);
    assert.match(r.error, /something-else\/9/);
  });
});
