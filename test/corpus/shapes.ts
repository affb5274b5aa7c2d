// Pathological documents, each a function of its size in characters: what an adversarial review
// found slow or fatal (issue: reliability). The growth test (test/unit/growth.test.ts) analyses
// each at n and 4n; the benchmark (bench/speed.ts) times each at 1 MB and 10 MB.

const header = "Mr. Smith (France):\nWe say ";

/** Repeats `unit` to about `size` characters. */
const fill = (unit: string, size: number) => unit.repeat(Math.max(1, Math.ceil(size / unit.length)));

/** The shapes the adversarial review found slow or fatal; the others are ours. */
export const REVIEWED = new Set([
  "one long word",
  "a run of hyphens",
  "a run of parentheses",
  "a run of points",
  "a run of underscores",
  "acronym definitions on one line",
  "headers each with a sentence",
]);

export const SHAPES: Record<string, (size: number) => string> = {
  "one long word": (n) => header + fill("a", n),
  "a run of hyphens": (n) => header + fill("-", n),
  "a run of parentheses": (n) => header + fill("(", n),
  "a run of points": (n) => header + fill(".", n),
  "a run of underscores": (n) => header + fill("_", n),
  "acronym definitions on one line": (n) => header + fill("the Collective Security Treaty Organization (CSTO) and ", n),
  "the short form first, on one line": (n) => header + fill("CSTO (Collective Security Treaty Organization) and ", n),
  "headers each with a sentence": (n) => fill("Mr. Smith (France): We agree.\n", n),
  "ligatures on one line": (n) => header + fill("the \uFB01ne print of the record on one line ", n),
  "doubled spaces on one line": (n) => header + fill("the words of a record on  one line ", n),
  "one long line of words": (n) => header + fill("thejoint statement of ofthe Council ", n),
  "line-end hyphens": (n) => header + fill("the transna-\ntional and co-\noperation ", n),
  "blank lines": (n) => header + fill("\n", n),
  "control characters": (n) => header + fill("a\u0001", n),
  "a line that is one word": (n) => `${header}\n${fill("a", n)}`,
  "one word in capitals": (n) => `${header}\n${fill("A", n)}`,
  "one run of digits": (n) => header + fill("7", n),
  "one hyphenated word": (n) => `${header}\n${fill("a-", n)}`,
  "one word with apostrophes": (n) => header + fill("a’", n),
  "votes, each with its lists and outcome": (n) =>
    header +
    fill(
      "\nA recorded vote was taken.\nIn favour: Afghanistan, Albania and Algeria\nAgainst: Iraq\nThe President: The draft resolution received 3 votes in favour, 1 against and no abstentions.\n",
      n,
    ),
  "a list of one long line of names": (n) =>
    `${header}\nA recorded vote was taken.\nIn favour: ${fill("Afghanistan, ", n)}`,
  "a list of one name a line": (n) =>
    `${header}\nA recorded vote was taken.\nIn favour:\n${fill("Bolivarian Republic of\n", n)}`,
  "a list of names joined by and": (n) =>
    `${header}\nA recorded vote was taken.\nIn favour: ${fill("Albania and ", n)}`,
  "speeches cut by changes of the Chair": (n) =>
    header + fill("we go on.\n\nMr. Jones (Chile), Vice-President, took the Chair.\n\nAnd we go on ", n),
};
