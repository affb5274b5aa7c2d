// Where the PDF view's page 1 spends its time (issue 25, view6): Debian's Chromium (headless, as the
// e2e tests run it), PDF.js and its worker as the extension ships them, a record's PDF, a fresh page
// a run. Each run stamps the worker's start alone (blob → its first message), PDF.js's module and
// the bytes in, the PDF read, page 1's operator list (the worker: content, fonts), and its drawing
// on the canvas (the page's thread) at the view's pixel density and at half of it. Not a test and not in `npm run bench`; by hand after
// `npm run -s build`:
//   node --import tsx bench/pdf-view-page-one.ts [--runs 7] [--pdf test/corpus/sc2020/S_PV.8699-R1.pdf]
import { loadavg } from "node:os";
import { join } from "node:path";
import { option } from "./args";
import { servePdfjs } from "./pdfjs-page";

const RUNS = Number(option("--runs") ?? 7);
const PDF = option("--pdf") ?? join("test", "corpus", "sc2020", "S_PV.8699-R1.pdf");
/** The view's width for a page in the e2e run (CSS pixels). */
const WIDTH = 720;

const PAGE = `<!DOCTYPE html><html><body><canvas id="c"></canvas><script type="module">
window.run = async (density) => {
  const code = await (await fetch("/pdfjs/pdf.worker.min.mjs")).blob();
  const t = [performance.now()];
  const worker = new Worker(URL.createObjectURL(code), { type: "module" });
  await new Promise((r) => worker.addEventListener("message", r, { once: true }));
  t.push(performance.now());
  const pdfjs = await import("/pdfjs/pdf.min.mjs");
  pdfjs.GlobalWorkerOptions.workerPort = worker;
  const bytes = new Uint8Array(await (await fetch("/record.pdf")).arrayBuffer());
  t.push(performance.now());
  const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false }).promise;
  const page = await pdf.getPage(1);
  t.push(performance.now());
  await page.getOperatorList();
  t.push(performance.now());
  const viewport = page.getViewport({ scale: (density * ${WIDTH}) / page.getViewport({ scale: 1 }).width });
  const canvas = document.getElementById("c");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
  t.push(performance.now());
  return t.slice(1).map((x, i) => x - t[i]);
};
window.ready = true;
</script></body></html>`;

async function main(): Promise<void> {
  const { server, port, browser } = await servePdfjs(PAGE, { "/record.pdf": PDF });
  const load = loadavg()[0];
  const runs = new Map<number, number[][]>();
  try {
    for (let k = 0; k < RUNS; k++)
      for (const density of [1, 0.5]) {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForFunction("window.ready === true");
        const r = (await page.evaluate(`window.run(${density})`)) as number[];
        runs.set(density, [...(runs.get(density) ?? []), r]);
        await page.close();
      }
  } finally {
    await browser.close();
    server.close();
  }
  const names = [
    "the worker alone: started from its blob → its first message",
    "then PDF.js's module and the PDF's bytes in",
    "PDF read, page 1",
    "page 1's operator list (worker)",
    "page 1 drawn (canvas)",
  ];
  console.log(
    `${PDF}, page 1 at ${WIDTH} px, median of ${RUNS} runs; load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n`,
  );
  console.log("| step (ms) | density 1 | density 0.5 |\n| --- | ---: | ---: |");
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]);
  names.forEach((name, i) => {
    const cells = [1, 0.5].map((d) => median((runs.get(d) ?? []).map((r) => r[i])));
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
