// The PDF view draws a page in tasks of its own (client/src/webview/pdfView.ts, `offFrame`): each
// slice of PDF.js's drawing asked for from a task (`RenderTask.onContinue`) and run in it, not in
// an animation frame. The same page must come out: this draws every page of real records in
// Debian's Chromium (headless, as the e2e tests run it) with PDF.js as the extension ships it,
// once as PDF.js draws by default (a slice an animation frame) and once as the view does (an idle
// background task a slice, `_useRequestAnimationFrame` off), at the view's width in the e2e run
// and at twice it, and compares the two canvases' bytes. Not a test and not in `npm run bench`; run by hand after
// `npm run -s build`:
//   node --import tsx bench/pdf-view-slices.ts [PDF…]
import { loadavg } from "node:os";
import { join } from "node:path";
import { servePdfjs } from "./pdfjs-page";

const PDFS = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["S_PV.8699-R1.pdf", "S_PV.8700.pdf", "S_PV.8702.pdf"].map((f) => join("test", "corpus", "sc2020", f));
/** The view's width for a page in the e2e run (CSS pixels), and twice it (a zoom of 200%: more slices a page). */
const WIDTHS = [720, 1440];

const PAGE = `<!DOCTYPE html><html><body><canvas id="c"></canvas><script type="module">
const pdfjs = await import("/pdfjs/pdf.min.mjs");
pdfjs.GlobalWorkerOptions.workerPort = new Worker("/pdfjs/pdf.worker.min.mjs", { type: "module" });
const idle = (task) => scheduler.postTask(task, { priority: "background" });
window.open = async (name) => {
  const bytes = new Uint8Array(await (await fetch("/" + name)).arrayBuffer());
  window.pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false }).promise;
  return window.pdf.numPages;
};
// Page n drawn by default or as the view draws it; its canvas's bytes as hex of their SHA-256
// (hashed here, in the page) and how many slices it took.
window.draw = async (n, width, asView) => {
  const page = await window.pdf.getPage(n);
  const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  const task = page.render({ canvasContext: canvas.getContext("2d"), viewport });
  let slices = 0;
  if (asView) {
    task.onContinue = (next) => { slices++; idle(next); };
    task._internalRenderTask._useRequestAnimationFrame = false;
  }
  await task.promise;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const hash = await crypto.subtle.digest("SHA-256", data);
  return { hash: [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join(""), slices, bytes: data.length };
};
window.ready = true;
</script></body></html>`;

async function main(): Promise<void> {
  const { server, port, browser } = await servePdfjs(
    PAGE,
    Object.fromEntries(PDFS.map((pdf, k) => [`/${k}.pdf`, pdf])),
  );
  let pages = 0;
  let same = 0;
  let slices = 0;
  let bytes = 0;
  const differing: string[] = [];
  try {
    for (const [k, pdf] of PDFS.entries()) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction("window.ready === true");
      const count = (await page.evaluate(`window.open("${k}.pdf")`)) as number;
      for (let n = 1; n <= count; n++)
        for (const width of WIDTHS) {
          type Drawn = { hash: string; slices: number; bytes: number };
          // The default drawing first, then the view's, each page in turn (fonts loaded by the first).
          const byDefault = (await page.evaluate(`window.draw(${n}, ${width}, false)`)) as Drawn;
          const asView = (await page.evaluate(`window.draw(${n}, ${width}, true)`)) as Drawn;
          pages++;
          slices += asView.slices;
          bytes += asView.bytes;
          if (byDefault.hash === asView.hash && byDefault.bytes === asView.bytes) same++;
          else differing.push(`${pdf} page ${n} at ${width} px`);
        }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(
    `${pages} drawings (every page of ${PDFS.length} records at ${WIDTHS.join(" and ")} px wide) (${(bytes / 1e6).toFixed(0)} MB of pixels), load average ${loadavg()[0].toFixed(1)}: ` +
      `${same} drawn byte for byte the same both ways, ${slices} slices in idle tasks in all` +
      (differing.length ? `; differing: ${differing.join(", ")}` : ""),
  );
  if (differing.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
