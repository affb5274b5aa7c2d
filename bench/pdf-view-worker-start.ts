// Where PDF.js's worker's start goes (issue 25, view8): Debian's Chromium (headless, as the e2e
// tests run it), the worker as the extension ships it (server/out/pdfjs/), started from a blob as
// the PDF view starts it, a fresh page a run. Each run times the blob → the worker's first message
// ("ready": its module evaluated), alternately untraced and traced, and reads Chromium's trace of
// the worker's thread: V8 compiling the module, and evaluating it (its top-level code, with what V8
// compiles lazily meanwhile). The trace costs time of its own: V8 collects source positions for it
// (reparsing), which an untraced run does not. Not a test and not in `npm run bench`; by hand after
// `npm run -s build`:
//   node --import tsx bench/pdf-view-worker-start.ts [--runs 7]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { option } from "./args";
import { servePdfjs } from "./pdfjs-page";

const RUNS = Number(option("--runs") ?? 7);

const PAGE = `<!DOCTYPE html><html><body><script type="module">
window.run = async () => {
  const code = await (await fetch("/pdfjs/pdf.worker.min.mjs")).blob();
  const t0 = performance.now();
  const worker = new Worker(URL.createObjectURL(code), { type: "module" });
  await new Promise((r) => worker.addEventListener("message", r, { once: true }));
  return performance.now() - t0;
};
window.ready = true;
</script></body></html>`;

/** The trace's events summed per run (ms), on the thread that compiled the module. */
const STEPS: [string, string][] = [
  ["blob → first message, traced", ""],
  ["the module compiled (v8.compileModule)", "v8.compileModule"],
  ["V8.ParseProgram (the module's parse, and reparses for the trace)", "V8.ParseProgram"],
  ["the module evaluated (v8.evaluateModule)", "v8.evaluateModule"],
  ["… functions compiled lazily (V8.CompileCode)", "V8.CompileCode"],
  ["… source positions collected (V8.CollectSourcePositions)", "V8.CollectSourcePositions"],
];

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
}

async function main(): Promise<void> {
  const { server, port, browser } = await servePdfjs(PAGE, {});
  const dir = mkdtempSync(join(tmpdir(), "verbatim-worker-trace-"));
  const load = loadavg()[0];
  const runs: number[][] = [];
  const untraced: number[] = [];
  try {
    for (let k = 0; k < RUNS; k++) {
      const plain = await browser.newPage();
      await plain.goto(`http://127.0.0.1:${port}/`);
      await plain.waitForFunction("window.ready === true");
      untraced.push((await plain.evaluate("window.run()")) as number);
      await plain.close();
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction("window.ready === true");
      const path = join(dir, `trace${k}.json`);
      await browser.startTracing(page, { path, categories: ["v8", "disabled-by-default-v8.compile", "blink.worker"] });
      const ms = (await page.evaluate("window.run()")) as number;
      await browser.stopTracing();
      const events = (JSON.parse(readFileSync(path, "utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
      const thread = events.find((e) => e.name === "v8.compileModule")?.tid;
      const sum = (name: string) =>
        events
          .filter((e) => e.tid === thread && e.name === name && e.ph === "X")
          .reduce((t, e) => t + (e.dur ?? 0), 0) / 1000;
      runs.push([ms, ...STEPS.slice(1).map(([, name]) => sum(name))]);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]);
  console.log(
    `PDF.js's worker started from a blob, median of ${RUNS} runs; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n`,
  );
  console.log("| step (ms) | median | runs |\n| --- | ---: | --- |");
  console.log(`| blob → first message, untraced | ${median(untraced)} | ${untraced.map(Math.round).join(", ")} |`);
  STEPS.forEach(([label], i) => {
    const xs = runs.map((r) => r[i]);
    console.log(`| ${label} | ${median(xs)} | ${xs.map((x) => Math.round(x)).join(", ")} |`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
