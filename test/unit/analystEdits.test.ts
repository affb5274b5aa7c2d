// The analyst thread's own path for an edit (server/lsp/analyst.ts), run in this thread: the edits
// the server sends, applied to the text it holds, and the parse told where they were
// (`EditedFrom`: the memo compares the two texts only between the edits' bounds). After each batch
// of edits the diagnostics it posts equal a fresh service's of the same text: read as the main
// thread reads them (a change to the list posted before, `postedList`), the same JSON.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyst } from "../../server/lsp/analyst";
import { type PostedList, postedList } from "../../server/lsp/diagnosticsChange";
import { applyEdits, type Edit } from "../../server/lsp/stale";
import { createLanguageService, DEFAULT_SETTINGS } from "../../server/src/index";
import type { FromAnalyst } from "../../shared/threads";
import { readCorpus } from "./helpers";

const RECORD = readCorpus("eras", "text", "pdfjs", "A_60_PV.85.txt");
const URI = "file:///analyst/record.txt";

/** What an edit types: inside a line, a line split or joined, a header, diacritics, an astral character. */
const PIECE = fc.constantFrom(
  "x",
  "é",
  "e\u0301",
  "𝔘",
  "\n",
  "\r\n",
  "",
  "\n\nThe President: ",
  "\nMr. Nebenzia (Russian Federation): I thank",
  "Ü\n𝕍\n",
);

type Analysed = FromAnalyst & { kind: "analysed" };

describe("the analyst's edits", () => {
  it("publish a fresh analysis's diagnostics after random edits told by their extent (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.tuple(fc.nat(), fc.nat(30), PIECE, fc.constantFrom("middle", "start", "end")), {
            minLength: 1,
            maxLength: 3,
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (batches) => {
          const waiting = new Map<number, (m: Analysed) => void>();
          const handle = analyst((m) => {
            if (m.kind === "analysed") waiting.get(m.version)?.(m);
            if (m.kind === "error") throw new Error(`${m.what}: ${m.message}`);
          });
          const analysed = (version: number) => new Promise<Analysed>((resolve) => waiting.set(version, resolve));
          let text = RECORD;
          let version = 1;
          let done = analysed(version);
          handle({ kind: "analyse", uri: URI, version, text, settings: DEFAULT_SETTINGS });
          let held: PostedList | undefined = postedList(undefined, (await done).result, version);
          for (const batch of batches) {
            const edits: Edit[] = [];
            for (const [at, cut, piece, where] of batch) {
              const start = where === "start" ? 0 : where === "end" ? text.length : at % (text.length + 1);
              const edit = { start, end: Math.min(text.length, start + (where === "end" ? 0 : cut)), text: piece };
              edits.push(edit);
              text = applyEdits(text, [edit]);
            }
            version++;
            done = analysed(version);
            handle({ kind: "analyse", uri: URI, version, edits, settings: DEFAULT_SETTINGS });
            const { result } = await done;
            held = postedList(held, result, version);
            const final = text;
            const fresh = createLanguageService().diagnostics(
              { uri: URI, version, getText: () => final },
              DEFAULT_SETTINGS,
            );
            const got = held && { diagnostics: held.diagnostics, counts: result.counts, dropped: result.dropped };
            assert.deepEqual(got, fresh);
            assert.equal(JSON.stringify(got), JSON.stringify(fresh));
          }
          handle({ kind: "forget", uri: URI });
        },
      ),
      { numRuns: 12 },
    );
  });
});
