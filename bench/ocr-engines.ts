// Which Tesseract to run (issue 24): the `tesseract` program on PATH or tesseract.js (WebAssembly)
// with its English data from npm (@tesseract.js-data/eng, read from node_modules: nothing is
// downloaded). Both read the same page images: page 3 of the 1950 scan S/PV.492 at its own 151 dpi,
// and page 2 of S/PV.10100 (body text) as a synthetic scan (300 dpi grey, turned 0.5°, noise, blur, JPEG 75).
// Word error rate against the import of the text PDF's page 2 (its words in any order: the larger of
// the words missed and the words added), and time a
// page (wall; one thread each, the program with OMP_THREAD_LIMIT=1). A one-off measure, not part
// of `npm run bench`: tesseract.js is not a dependency.
// Run: npm install --no-save tesseract.js @tesseract.js-data/eng && node --import tsx bench/ocr-engines.ts
// (or with both installed in another folder: TESSERACT_JS_HOME=FOLDER node --import tsx bench/ocr-engines.ts)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { importPdf } from "../server/src/pdf";
import { tsvWords } from "../server/src/pdf/ocr/tsv";
import { fidelityWords, recordPdf } from "../test/corpus/records";
import { writeResultsSection } from "./results";
import { CONVERT, SCAN_DAMAGE } from "./scans";

interface TesseractJs {
  createWorker(
    lang: string,
    oem: number,
    options: Record<string, unknown>,
  ): Promise<{
    recognize(image: string, options: unknown, output: { tsv: boolean }): Promise<{ data: { tsv: string } }>;
    terminate(): Promise<void>;
  }>;
}

const words = (tsv: string) => tsvWords(tsv).map((r) => r.text);

/**
 * Errors of a page's words against the truth in any order (Tesseract's reading order is not the
 * layout's): the larger of the words missed and the words added, as multisets.
 */
function bagErrors(truth: readonly string[], got: readonly string[]): number {
  const count = new Map<string, number>();
  for (const w of truth) count.set(w, (count.get(w) ?? 0) + 1);
  let added = 0;
  for (const w of got) {
    const n = count.get(w) ?? 0;
    if (n > 0) count.set(w, n - 1);
    else added++;
  }
  let missed = 0;
  for (const n of count.values()) missed += n;
  return Math.max(missed, added);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-engines-"));
  try {
    // The images: the 1950 page at its own resolution; a synthetic scan of a 2026 page.
    execFileSync("pdftoppm", [
      "-cropbox",
      "-f",
      "3",
      "-l",
      "3",
      "-r",
      "151",
      "-gray",
      "-png",
      "-singlefile",
      recordPdf("S_PV.492", "eras"),
      join(dir, "p1950"),
    ]);
    execFileSync("pdftoppm", [
      "-f",
      "2",
      "-l",
      "2",
      "-r",
      "300",
      "-gray",
      "-singlefile",
      recordPdf("S_PV.10100", "eras"),
      join(dir, "p2026"),
    ]);
    execFileSync(CONVERT, [join(dir, "p2026.pgm"), ...SCAN_DAMAGE, "-quality", "75", join(dir, "p2026.jpg")]);
    execFileSync(CONVERT, [join(dir, "p2026.jpg"), join(dir, "p2026.png")]);
    const truth = await importPdf(readFileSync(recordPdf("S_PV.10100", "eras")));
    if (!truth.ok) throw new Error(truth.message);
    // The words of page 2 of the text PDF (body text): those the import's word map places there.
    const page1 = fidelityWords(
      truth.source.words
        .filter((w) => w.boxes[0]?.page === 2)
        .map((w) => truth.source.wordText(w))
        .join(" "),
    );
    const rows: string[] = [];
    const program = (image: string) => {
      const t = performance.now();
      const tsv = execFileSync("tesseract", [image, "stdout", "-l", "eng", "tsv"], {
        env: { ...process.env, OMP_THREAD_LIMIT: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      return { tsv, seconds: (performance.now() - t) / 1000 };
    };
    // Where tesseract.js is installed: here, or a folder of its own (TESSERACT_JS_HOME).
    const home = process.env.TESSERACT_JS_HOME ?? process.cwd();
    const js = require(join(home, "node_modules", "tesseract.js")) as TesseractJs;
    const langPath = join(dirname(require.resolve(join(home, "node_modules", "@tesseract.js-data", "eng"))), "4.0.0");
    const t0 = performance.now();
    const worker = await js.createWorker("eng", 1, { langPath, gzip: true, cacheMethod: "none" });
    const start = (performance.now() - t0) / 1000;
    const wasm = async (image: string) => {
      const t = performance.now();
      const { data } = await worker.recognize(image, {}, { tsv: true });
      return { tsv: data.tsv, seconds: (performance.now() - t) / 1000 };
    };
    for (const [name, run] of [
      ["tesseract (program)", program],
      ["tesseract.js", wasm],
    ] as const) {
      const a = await run(join(dir, "p1950.png"));
      const b = await run(join(dir, "p2026.png"));
      const f = bagErrors(page1, fidelityWords(words(b.tsv).join(" ")));
      rows.push(
        `| ${name} | ${a.seconds.toFixed(1)} s (${words(a.tsv).length} words) | ${b.seconds.toFixed(1)} s | ${((100 * f) / page1.length).toFixed(2)}% (${f}/${page1.length}) |`,
      );
      console.error(rows[rows.length - 1]);
    }
    await worker.terminate();
    const body = [
      "## Which Tesseract: the program or tesseract.js (bench/ocr-engines.ts)",
      "",
      `Same images, each engine with its English model (Debian's \`tesseract-ocr-eng\` 4.1; \`@tesseract.js-data/eng\`'s 4.0.0 data, tesseract.js's default), LSTM only; load average ${loadavg()[0].toFixed(1)} on a shared 2-core machine. tesseract.js's worker took ${start.toFixed(1)} s to start. The synthetic page's error rate: its words against the text PDF's page 2 in any order (the larger of the words missed and added; the layout is not applied here).`,
      "",
      "| engine | 1950 page 3 (151 dpi, 1-bit) | synthetic 2026 page 2 (300 dpi) | its word error rate |",
      "|---|---:|---:|---:|",
      ...rows,
      "",
      "Run: `npm install --no-save tesseract.js @tesseract.js-data/eng && node --import tsx bench/ocr-engines.ts`.",
    ].join("\n");
    console.log(writeResultsSection("ocr-engines", "bench/ocr-engines.ts", body));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
