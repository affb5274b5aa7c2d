// The webview of the PDF view (client/src/pdfView.ts): draws one page of the PDF with PDF.js at
// the width of the view, marks the boxes of the transcript line's words on it, and reports clicks
// in PDF points (from the page's top-left corner, y downwards: the boxes' coordinates).
// Runs in the browser; PDF.js and its worker are the files the extension ships for the import
// (server/out/pdfjs/), loaded from the extension. The messages both ways: shared/webview.ts.

import type { PageBox } from "../../../shared/constants";
import type { FromView, ToView } from "../../../shared/webview";

type Box = PageBox;

interface Viewport {
  width: number;
  height: number;
}
interface PdfPage {
  getViewport(o: { scale: number }): Viewport;
  render(o: { canvasContext: CanvasRenderingContext2D; viewport: Viewport }): {
    promise: Promise<void>;
    cancel(): void;
  };
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
}
interface Pdfjs {
  GlobalWorkerOptions: { workerPort: Worker | null };
  getDocument(o: Record<string, unknown>): { promise: Promise<PdfDocument> };
}

declare function acquireVsCodeApi(): { postMessage(m: FromView): void };
const vscode = acquireVsCodeApi();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const viewer = $("viewer");
const pageBox = $("page");
const canvas = $<HTMLCanvasElement>("canvas");
const marks = $("marks");
const status = $("status");
const pageNumber = $("page-number");
const script = document.querySelector("script[data-pdfjs]") as HTMLScriptElement;

let pdf: PdfDocument | undefined;
/** The page shown (1-based), the scale it is drawn at (CSS pixels a PDF point), the zoom factor. */
let shown = 0;
let scale = 1;
let zoom = 1;
let drawing: { cancel(): void } | undefined;
/** The boxes marked on the page shown. */
let marked: Box[] = [];

const say = (text: string) => {
  status.textContent = text;
};

async function loadPdfjs(): Promise<Pdfjs> {
  const pdfjs = (await import(script.dataset.pdfjs as string)) as Pdfjs;
  // The worker's script must come from the page's own origin: fetched, then started from a blob.
  const code = await (await fetch(script.dataset.worker as string)).blob();
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  pdfjs.GlobalWorkerOptions.workerPort = new Worker(url, { type: "module" });
  return pdfjs;
}

async function open(data: string, name: string): Promise<void> {
  say(`Reading ${name}…`);
  const pdfjs = await loadPdfjs();
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false }).promise;
  document.body.dataset.pages = String(pdf.numPages);
  if (status.textContent === `Reading ${name}…`) say("");
  // The cursor's line, when the extension sent it before the PDF was read; else the first page.
  const first = pending;
  pending = undefined;
  if (first?.location) await show(first.location.page, first.location.boxes, first.line);
  else await show(1, [], first?.line);
}

/** The last line to show that came before the PDF was read. */
let pending: Extract<ToView, { type: "show" }> | undefined;

/** Counts the calls of `show`: a call overtaken by a later one while its page was drawn stops there. */
let showing = 0;

/**
 * Draws page `n` (when it is not the one shown) and marks `boxes` on it; then, unless a later call
 * overtook it, records `line` as the line shown (`data-line`: what the page and marks are of).
 */
async function show(n: number, boxes: Box[], line?: number): Promise<void> {
  if (!pdf) return;
  const call = ++showing;
  const page = Math.min(Math.max(1, n), pdf.numPages);
  if (page !== shown || canvas.width === 0) await draw(page);
  // Overtaken by a later call, or its page not drawn (a later draw won): the later call shows.
  if (call !== showing || shown !== page) return;
  marked = boxes.filter((b) => b.page === page);
  drawMarks();
  if (line === undefined) return;
  document.body.dataset.line = String(line);
  if (marked.length) (marks.firstElementChild as HTMLElement | null)?.scrollIntoView({ block: "center" });
}

/** Counts the calls of `draw`: only the latest puts its page on the screen. */
let drawings = 0;

async function draw(n: number): Promise<void> {
  if (!pdf) return;
  const call = ++drawings;
  drawing?.cancel();
  const page = await pdf.getPage(n);
  // A later page asked for while this one was fetched: that one is drawn, not this.
  if (call !== drawings) return;
  const base = page.getViewport({ scale: 1 });
  const pageScale = (Math.max(200, viewer.clientWidth - 24) / base.width) * zoom;
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: pageScale * ratio });
  const next = document.createElement("canvas");
  next.width = Math.floor(viewport.width);
  next.height = Math.floor(viewport.height);
  const context = next.getContext("2d");
  if (!context) return;
  const task = page.render({ canvasContext: context, viewport });
  drawing = task;
  try {
    await task.promise;
  } catch {
    return; // cancelled by a newer page
  }
  if (call !== drawings) return;
  scale = pageScale;
  // The drawn page replaces the old one at once (no blank flash between pages).
  canvas.width = next.width;
  canvas.height = next.height;
  canvas.getContext("2d")?.drawImage(next, 0, 0);
  const width = `${base.width * scale}px`;
  const height = `${base.height * scale}px`;
  canvas.style.width = width;
  canvas.style.height = height;
  pageBox.style.width = width;
  pageBox.style.height = height;
  shown = n;
  pageBox.dataset.page = String(n);
  pageBox.setAttribute("aria-label", `Page ${n} of ${pdf.numPages}`);
  pageNumber.textContent = `${n} / ${pdf.numPages}`;
}

function drawMarks(): void {
  marks.replaceChildren(
    ...marked.map((b) => {
      const m = document.createElement("div");
      m.className = "mark";
      m.style.left = `${b.x * scale - 1}px`;
      m.style.top = `${b.y * scale - 1}px`;
      m.style.width = `${b.width * scale + 2}px`;
      m.style.height = `${b.height * scale + 2}px`;
      Object.assign(m.dataset, { x: String(b.x), y: String(b.y), width: String(b.width), height: String(b.height) });
      return m;
    }),
  );
  marks.dataset.count = String(marked.length);
}

pageBox.addEventListener("click", (e) => {
  const r = pageBox.getBoundingClientRect();
  vscode.postMessage({ type: "click", page: shown, x: (e.clientX - r.left) / scale, y: (e.clientY - r.top) / scale });
});
const turn = (by: number) => void show(shown + by, []);
$("previous").addEventListener("click", () => turn(-1));
$("next").addEventListener("click", () => turn(1));
const rezoom = (factor: number) => {
  zoom = Math.min(4, Math.max(0.25, zoom * factor));
  canvas.width = 0;
  void show(shown, marked);
};
$("zoom-in").addEventListener("click", () => rezoom(1.25));
$("zoom-out").addEventListener("click", () => rezoom(0.8));
$("import").addEventListener("click", () => vscode.postMessage({ type: "import" }));
window.addEventListener("keydown", (e) => {
  if (e.key === "PageDown") turn(1);
  else if (e.key === "PageUp") turn(-1);
  else return;
  e.preventDefault();
});
let resizing: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    canvas.width = 0;
    void show(shown, marked);
  }, 100);
});

window.addEventListener("message", (event: MessageEvent<ToView>) => {
  const m = event.data;
  switch (m.type) {
    case "pdf":
      open(m.data, m.name).catch((e: Error) => {
        say(`This PDF cannot be shown: ${e.message}`);
        vscode.postMessage({ type: "error", message: e.message });
      });
      return;
    case "failed":
      say(`This PDF cannot be shown: ${m.message}`);
      return;
    case "status":
      say(m.text);
      return;
    case "linked":
      document.body.dataset.linked = m.name;
      say(m.text);
      return;
    case "unlinked":
      delete document.body.dataset.linked;
      marked = [];
      drawMarks();
      say(m.text);
      return;
    case "show":
      if (!pdf) pending = m;
      else if (m.location) void show(m.location.page, m.location.boxes, m.line);
      else void show(shown, [], m.line);
      return;
  }
});
vscode.postMessage({ type: "ready" });
