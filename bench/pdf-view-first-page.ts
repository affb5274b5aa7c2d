// What PDF.js's options do to the PDF view's first page (issue 25): Debian's Chromium (headless,
// as the e2e tests run it), PDF.js and its worker as the extension ships them (server/out/pdfjs/),
// a record's PDF; for each set of options, a fresh page that starts the worker, reads the PDF and
// draws page 1 at the width the view gives it in the e2e run (about 720 CSS pixels), timed from the
// bytes given to PDF.js to the page drawn. Fidelity: the share of the page's pixels that differ
// (by more than 32 of 255 in a channel) from PDF.js's default drawing. Not a test and not in
// `npm run bench`; run by hand after `npm run -s build`:
//   node --import tsx bench/pdf-view-first-page.ts [--runs 5] [--pdf test/corpus/sc2020/S_PV.8699-R1.pdf]
import { loadavg } from "node:os";
import { join } from "node:path";
import { option } from "./args";
import { servePdfjs } from "./pdfjs-page";

const RUNS = Number(option("--runs") ?? 5);
const PDF = option("--pdf") ?? join("test", "corpus", "sc2020", "S_PV.8699-R1.pdf");
/** The view's width for a page in the e2e run (CSS pixels). */
const WIDTH = 720;

/** The options tried, beside the view's own (`isEvalSupported: false`, `enableXfa: false`). */
const TRIES: Record<string, Record<string, unknown>> = {
  "the view's (fonts by FontFace)": {},
  "disableFontFace (glyphs as paths)": { disableFontFace: true },
  "useSystemFonts: false": { useSystemFonts: false },
  "disableFontFace, useSystemFonts: false": { disableFontFace: true, useSystemFonts: false },
};

const PAGE = `<!DOCTYPE html><html><body><canvas id="c"></canvas><script type="module">
const pdfjs = await import("/pdfjs/pdf.min.mjs");
window.drawFirst = async (options) => {
  const t0 = performance.now();
  pdfjs.GlobalWorkerOptions.workerPort = new Worker("/pdfjs/pdf.worker.min.mjs", { type: "module" });
  const bytes = new Uint8Array(await (await fetch("/record.pdf")).arrayBuffer());
  const t1 = performance.now();
  const pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, ...options }).promise;
  const page = await pdf.getPage(1);
  const t2 = performance.now();
  const scale = ${WIDTH} / page.getViewport({ scale: 1 }).width;
  const viewport = page.getViewport({ scale });
  const canvas = document.getElementById("c");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
  const t3 = performance.now();
  const pixels = Array.from(canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data);
  return { read: t2 - t1, draw: t3 - t2, total: t3 - t1, pixels };
};
window.ready = true;
</script></body></html>`;

async function main(): Promise<void> {
  const { server, port, browser } = await servePdfjs(PAGE, { "/record.pdf": PDF });
  const load = loadavg()[0];
  const times = new Map<string, { read: number; draw: number; total: number }[]>();
  const drawn = new Map<string, number[]>();
  try {
    // The options' runs interleaved, so that the machine's other work weighs on each alike; a
    // fresh page each run (no font cached).
    for (let k = 0; k < RUNS; k++)
      for (const [name, options] of Object.entries(TRIES)) {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForFunction("window.ready === true");
        const r = (await page.evaluate(`window.drawFirst(${JSON.stringify(options)})`)) as {
          read: number;
          draw: number;
          total: number;
          pixels: number[];
        };
        times.set(name, [...(times.get(name) ?? []), r]);
        drawn.set(name, r.pixels);
        await page.close();
      }
  } finally {
    await browser.close();
    server.close();
  }
  const reference = drawn.get(Object.keys(TRIES)[0]) ?? [];
  const rows = Object.keys(TRIES).map((name) => {
    const pixels = drawn.get(name) ?? [];
    let differing = 0;
    for (let i = 0; i < pixels.length; i += 4)
      for (let c = 0; c < 3; c++)
        if (Math.abs(pixels[i + c] - (reference[i + c] ?? 0)) > 32) {
          differing++;
          break;
        }
    const ts = times.get(name) ?? [];
    const median = (f: (t: (typeof ts)[0]) => number) => Math.round(ts.map(f).sort((a, b) => a - b)[ts.length >> 1]);
    const share = ((100 * differing) / Math.max(1, pixels.length / 4)).toFixed(2);
    return `| ${name} | ${median((t) => t.read)} | ${median((t) => t.draw)} | ${median((t) => t.total)} | ${share}% |`;
  });
  console.log(`${PDF}, page 1 at ${WIDTH} px wide, median of ${RUNS} runs each; load average ${load.toFixed(1)}\n`);
  console.log(
    "| options | PDF read (ms) | page 1 drawn (ms) | bytes → drawn (ms) | pixels differing from the view's |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const row of rows) console.log(row);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
