// Where the PDF view's page 1 spends its time (issue 25, view6, view10): Debian's Chromium
// (headless, as the e2e tests run it), PDF.js and its worker as the extension ships them, a record's
// PDF, a fresh page a run. Each run stamps the worker's start alone (blob → its first message),
// PDF.js's module and the bytes in, the PDF read, page 1's operator list (the worker: content,
// fonts), and its drawing on the canvas at the view's pixel density and at half of it — a drawing
// that holds a second operator list, built by the worker again (`render` does not reuse
// `getOperatorList`'s: PDF.js keys them apart); and, in pages of their own, page 1 drawn as the view
// draws it (`render` at once: the list streamed from the worker and drawn as it comes, in slices
// each asked for by a task).
//
// Variants (`--variants`, view10): each a name and PDF.js's `getDocument` options over the view's
// (and `"oneTask": true`: the view's way with each next slice run at once, in the same task;
// `"onPage": true`: no worker, PDF.js's worker code run on the page's thread, its "fake worker"),
// run alternately in fresh pages; each variant's page 1 (the view's way, density 1) is compared
// pixel by pixel with the first variant's: pixels that differ, the largest difference of a channel,
// and the mean difference over the page (0–255). `--shots DIR` writes each variant's page 1 as a
// PNG. `--trace DIR` records Chromium's trace of each variant's first run the view's way (V8's
// samples of the page's thread and the worker's) and prints, over that drawing of page 1, each
// thread's busy and processor time and the functions V8's samples found most.
//
// Not a test and not in `npm run bench`; by hand after `npm run -s build`:
//   node --import tsx bench/pdf-view-page-one.ts [--runs 7] [--pdf test/corpus/sc2020/S_PV.8699-R1.pdf]
//     [--variants 'shipped={};paths={"disableFontFace":true}'] [--shots DIR] [--trace DIR] [--top 15]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { option } from "./args";
import { type TraceEvent, traceSamples } from "./chromeTrace";
import { servePdfjs } from "./pdfjs-page";

const RUNS = Number(option("--runs") ?? 7);
const PDF = option("--pdf") ?? join("test", "corpus", "sc2020", "S_PV.8699-R1.pdf");
const SHOTS = option("--shots");
const TRACE = option("--trace");
const TOP = Number(option("--top") ?? 15);
/** Name → getDocument options added to the view's. */
const VARIANTS: [string, Record<string, unknown>][] = (option("--variants") ?? "shipped={}").split(";").map((v) => {
  const at = v.indexOf("=");
  return [v.slice(0, at), JSON.parse(v.slice(at + 1)) as Record<string, unknown>];
});
/** The view's width for a page in the e2e run (CSS pixels). */
const WIDTH = 720;

const PAGE = `<!DOCTYPE html><html><body><canvas id="c"></canvas><script type="module">
const VIEW = { isEvalSupported: false, enableXfa: false };
const scaleFor = (page, density) => (density * ${WIDTH}) / page.getViewport({ scale: 1 }).width;
window.run = async (density, given, viewWay) => {
  // "oneTask": page 1's slices run on in the same task (each next one a microtask), not a task each.
  // "onPage": no worker, PDF.js's worker code imported and run on the page's thread (its "fake worker").
  const { oneTask, onPage, ...extra } = given;
  const code = await (await fetch("/pdfjs/pdf.worker.min.mjs")).blob();
  const t = [performance.now()];
  let worker = null;
  if (onPage) globalThis.pdfjsWorker = await import(URL.createObjectURL(code));
  else {
    worker = new Worker(URL.createObjectURL(code), { type: "module" });
    await new Promise((r) => worker.addEventListener("message", r, { once: true }));
  }
  t.push(performance.now());
  const pdfjs = await import("/pdfjs/pdf.min.mjs");
  pdfjs.GlobalWorkerOptions.workerPort = worker;
  const bytes = new Uint8Array(await (await fetch("/record.pdf")).arrayBuffer());
  t.push(performance.now());
  const pdf = await pdfjs.getDocument({ data: bytes, ...VIEW, ...extra }).promise;
  const page = await pdf.getPage(1);
  t.push(performance.now());
  const viewport = page.getViewport({ scale: scaleFor(page, density) });
  const canvas = document.getElementById("c");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  if (viewWay) {
    // The view's way: render at once, each slice asked for by a task (client/src/webview/pdfView.ts, offFrame).
    performance.mark("verbatim-render-start");
    const task = page.render({ canvasContext: canvas.getContext("2d"), viewport });
    task.onContinue = oneTask ? (next) => next() : (next) => scheduler.postTask(next, { priority: "user-visible" });
    if (task._internalRenderTask) task._internalRenderTask._useRequestAnimationFrame = false;
    await task.promise;
    t.push(performance.now());
    performance.mark("verbatim-render-end");
    return t.slice(1).map((x, i) => x - t[i]);
  }
  const ops = (await page.getOperatorList()).fnArray.length;
  t.push(performance.now());
  await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
  t.push(performance.now());
  return t.slice(1).map((x, i) => x - t[i]).concat([ops]);
};
window.pixels = (id) => {
  const c = document.getElementById(id);
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let s = "";
  for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode(...d.subarray(i, i + 0x8000));
  return { width: c.width, height: c.height, rgba: btoa(s), png: c.toDataURL("image/png") };
};
window.ready = true;
</script></body></html>`;

const NAMES = [
  "the worker alone: started from its blob → its first message",
  "then PDF.js's module and the PDF's bytes in",
  "PDF read, page 1",
  "page 1's operator list (worker)",
  "page 1 drawn (canvas; its list built again)",
  "page 1's operations",
];
/** Page 1's steps at density 1 and 0.5, and the view's way (density 1). */
const MODES = ["1", "0.5", "view"] as const;

interface Shot {
  width: number;
  height: number;
  rgba: string;
  png: string;
}

async function main(): Promise<void> {
  const { server, port, browser } = await servePdfjs(PAGE, { "/record.pdf": PDF });
  const load = loadavg()[0];
  /** `${variant} ${mode}` → runs' steps. */
  const runs = new Map<string, number[][]>();
  const shots = new Map<string, Shot>();
  const traces: [string, string][] = [];
  if (TRACE) mkdirSync(TRACE, { recursive: true });
  try {
    for (let k = 0; k < RUNS; k++)
      for (const mode of MODES)
        for (const [name, extra] of VARIANTS) {
          const page = await browser.newPage();
          await page.goto(`http://127.0.0.1:${port}/`);
          await page.waitForFunction("window.ready === true");
          const view = mode === "view";
          const traced = TRACE && k === 0 && view ? join(TRACE, `${name}.json`) : undefined;
          if (traced)
            await browser.startTracing(page, {
              path: traced,
              categories: [
                "devtools.timeline",
                "disabled-by-default-devtools.timeline",
                "blink.user_timing",
                "v8.execute",
                "disabled-by-default-v8.cpu_profiler",
                "disabled-by-default-v8.compile",
                "toplevel",
              ],
            });
          const density = mode === "0.5" ? 0.5 : 1;
          const steps = (await page.evaluate(`window.run(${density}, ${JSON.stringify(extra)}, ${view})`)) as number[];
          if (traced) {
            await browser.stopTracing();
            traces.push([name, traced]);
          }
          const key = `${name} ${mode}`;
          runs.set(key, [...(runs.get(key) ?? []), steps]);
          if (k === 0 && view) shots.set(name, (await page.evaluate(`window.pixels("c")`)) as Shot);
          await page.close();
        }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(
    `${PDF}, page 1 at ${WIDTH} px, median of ${RUNS} runs; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n`,
  );
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]);
  const columns = VARIANTS.flatMap(([name]) => ["1", "0.5"].map((d) => `${name} ${d}`));
  console.log(`| step (ms) | ${columns.join(" | ")} |\n| --- |${" ---: |".repeat(columns.length)}`);
  NAMES.forEach((label, i) => {
    const cells = columns.map((c) => median((runs.get(c) ?? []).map((r) => r[i])));
    console.log(`| ${label} | ${cells.join(" | ")} |`);
  });
  console.log(
    `\nThe view's way (density 1; worker, PDF.js and bytes, read, render → drawn), median and each run's render:\n`,
  );
  console.log(
    "| variant | worker | module, bytes | read | render → drawn | runs |\n| --- | ---: | ---: | ---: | ---: | --- |",
  );
  for (const [name] of VARIANTS) {
    const rs = runs.get(`${name} view`) ?? [];
    const cells = [0, 1, 2, 3].map((i) => median(rs.map((r) => r[i])));
    console.log(`| ${name} | ${cells.join(" | ")} | ${rs.map((r) => Math.round(r[3])).join(", ")} |`);
  }
  pixels(shots);
  for (const [name, file] of traces) profile(name, file);
}

/** Each variant's page 1 against the first variant's, pixel by pixel. */
function pixels(shots: Map<string, Shot>): void {
  const [base, ...others] = VARIANTS.map(([name]) => [name, shots.get(name)] as const);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, shot] of shots)
      writeFileSync(join(SHOTS, `${name}.png`), Buffer.from(shot.png.split(",")[1], "base64"));
  }
  if (!base?.[1]) return;
  const a = Buffer.from(base[1].rgba, "base64");
  for (const [name, shot] of others) {
    if (!shot) continue;
    if (shot.width !== base[1].width || shot.height !== base[1].height) {
      console.log(`${name}: ${shot.width} × ${shot.height} against ${base[1].width} × ${base[1].height}`);
      continue;
    }
    const b = Buffer.from(shot.rgba, "base64");
    let differ = 0;
    let over32 = 0;
    let max = 0;
    let sum = 0;
    for (let i = 0; i < a.length; i += 4) {
      let m = 0;
      for (let c = 0; c < 4; c++) {
        const d = Math.abs(a[i + c] - b[i + c]);
        sum += d;
        if (d > m) m = d;
      }
      if (m) differ++;
      if (m > 32) over32++;
      if (m > max) max = m;
    }
    const n = a.length / 4;
    console.log(
      `${name} against ${base[0]}: ${differ} of ${n} pixels differ (${((100 * differ) / n).toFixed(2)}%), ${over32} by more than 32, at most ${max}; mean difference ${(sum / a.length).toFixed(3)} a channel`,
    );
  }
}

/** Each thread's busy time over the view's drawing of page 1, and V8's samples there by function. */
function profile(name: string, file: string): void {
  const raw = JSON.parse(readFileSync(file, "utf8")) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const start = events.find((e) => e.name === "verbatim-render-start");
  const end = events.find((e) => e.name === "verbatim-render-end");
  if (!start || !end) return;
  const [from, to] = [start.ts, end.ts];
  const thread = new Map<string, string>();
  for (const e of events)
    if (e.ph === "M" && e.name === "thread_name") thread.set(`${e.pid}:${e.tid}`, String(e.args?.name));
  console.log(`\n${name}: the view's drawing of page 1, ${((to - from) / 1000).toFixed(0)} ms traced`);
  // Each thread's outermost events over the span: their wall time, and their thread (processor) time.
  const busy = new Map<string, { wall: number; cpu: number }>();
  const outermost = new Map<string, number>();
  for (const e of events
    .filter((x) => x.ph === "X" && x.dur !== undefined)
    .sort((x, y) => x.ts - y.ts || (y.dur ?? 0) - (x.dur ?? 0))) {
    const at = `${e.pid}:${e.tid}`;
    const dur = e.dur ?? 0;
    if (e.ts < (outermost.get(at) ?? 0)) continue;
    outermost.set(at, e.ts + dur);
    const part = Math.max(0, Math.min(to, e.ts + dur) - Math.max(from, e.ts));
    if (!part) continue;
    const k = thread.get(at) ?? String(e.tid);
    const b = busy.get(k) ?? { wall: 0, cpu: 0 };
    b.wall += part / 1000;
    b.cpu += ((e.tdur ?? 0) * part) / Math.max(1, dur) / 1000;
    busy.set(k, b);
  }
  const self = new Map<string, number>();
  const byThread = new Map<string, number>();
  for (const { pid, tid, node, from: before, to: after } of traceSamples(events)) {
    const f = node.callFrame.functionName || "(anonymous)";
    if (f === "(idle)" || f === "(root)") continue;
    const ms = Math.max(0, Math.min(to, after) - Math.max(from, before)) / 1000;
    if (!ms) continue;
    const where = thread.get(`${pid}:${tid}`) ?? String(tid);
    const k = `${f} · ${where} ${(node.callFrame.url ?? "").split("/").at(-1)}`;
    self.set(k, (self.get(k) ?? 0) + ms);
    byThread.set(where, (byThread.get(where) ?? 0) + ms);
  }
  console.log(
    "| thread (threads of a name summed) | busy ms | processor ms | V8 samples' ms |\n| --- | ---: | ---: | ---: |",
  );
  for (const [k, b] of [...busy].sort((x, y) => y[1].cpu - x[1].cpu).slice(0, 8))
    console.log(`| ${k} | ${b.wall.toFixed(0)} | ${b.cpu.toFixed(0)} | ${(byThread.get(k) ?? 0).toFixed(0)} |`);
  console.log("\n| function · thread, file (self) | ms |\n| --- | ---: |");
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${k} | ${ms.toFixed(1)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
