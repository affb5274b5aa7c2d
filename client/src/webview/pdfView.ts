// The webview of the PDF view (client/src/pdfView.ts): every page of the PDF one under the other,
// drawn with PDF.js only when near the screen (a page scrolled far away gives its canvas back, so
// that a 500-page record holds a few pages' pixels, not 500), each with PDF.js's text layer (find
// with Ctrl+F, select, copy); the boxes of the transcript's sentence marked, and those of its
// doubtful OCR words (a scan's, asked per page as it is drawn); go to page; fit width,
// fit page, a zoom by the buttons or Ctrl+wheel, kept across reloads (the webview's state) and for
// the PDF (the extension keeps it); clicks reported in PDF points (from the page's top-left
// corner, y downwards: the boxes' coordinates).
// Runs in the browser; PDF.js and its worker are the files the extension ships for the import
// (server/out/pdfjs/), loaded from the extension. A PDF on disk is fetched from its address (a
// webview resource the extension writes into the page), at once and beside PDF.js; any other comes
// as a message. The messages both ways: shared/webview.ts.

import type { PageBox } from "../../../shared/constants";
import type { FromView, PdfViewGiven, PdfViewOptions, PdfZoom, ToView } from "../../../shared/webview";

type Box = PageBox;

interface Viewport {
  width: number;
  height: number;
  scale: number;
}
interface RenderTask {
  promise: Promise<void>;
  cancel(): void;
  /** Called at each pause of the drawing (PDF.js's API): the drawing goes on when `next` is called. */
  onContinue?: (next: () => void) => void;
}
interface PdfPage {
  getViewport(o: { scale: number }): Viewport;
  render(o: { canvasContext: CanvasRenderingContext2D; viewport: Viewport }): RenderTask;
  streamTextContent(): ReadableStream;
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
}
interface TextLayer {
  render(): Promise<void>;
  cancel(): void;
}
interface Pdfjs {
  GlobalWorkerOptions: { workerPort: Worker | null };
  getDocument(o: Record<string, unknown>): { promise: Promise<PdfDocument> };
  TextLayer: new (o: { textContentSource: ReadableStream; container: HTMLElement; viewport: Viewport }) => TextLayer;
}

/** What the webview keeps across a reload of the window (VS Code stores it with the view). */
interface State {
  zoom: PdfZoom;
  /** The page at the top of the view, and how far down it the view is (0–1). */
  page: number;
  within: number;
}

declare function acquireVsCodeApi(): {
  postMessage(m: FromView): void;
  getState(): State | undefined;
  setState(s: State): void;
};
const vscode = acquireVsCodeApi();
// When the page's navigation began (VS Code starting the webview), its script started, PDF.js's
// worker's bytes came and it answered, the PDF's bytes came, PDF.js read them, and the first page was drawn and painted
// (ms since 1970): the e2e test's figures of where the first page's time goes.
const stamp = (name: string) => {
  document.body.dataset[name] ??= String(Date.now());
};
document.body.dataset.navigationAt = String(Math.round(performance.timeOrigin));
stamp("scriptAt");

/** The gap around and between pages (CSS pixels). */
const GAP = 12;
/** Zoom limits and steps. */
const MIN_SCALE = 0.25;
const MAX_SCALE = 5;
const STEP = 1.1;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const viewer = $("viewer");
const pagesBox = $("pages");
const status = $("status");
const pageInput = $<HTMLInputElement>("page-input");
const pageCount = $("page-count");
const zoomSelect = $<HTMLSelectElement>("zoom");
const script = document.querySelector("script[data-pdfjs]") as HTMLScriptElement;

/** One page: its box in the list (sized before it is drawn), and what is drawn in it. */
interface Slot {
  n: number;
  div: HTMLDivElement;
  marks: HTMLDivElement;
  /** Its size in PDF points (page 1's until the page itself is read). */
  width: number;
  height: number;
  sized: boolean;
  /** Near the screen (IntersectionObserver): drawn, or to be drawn. */
  near: boolean;
  canvas?: HTMLCanvasElement;
  /** The scale it was drawn at (0: not drawn). */
  drawn: number;
  text?: HTMLDivElement;
  task?: { cancel(): void };
  /** The marks of its doubtful OCR words (made at their first answer), and whether they were asked for. */
  doubts?: HTMLDivElement;
  doubtsAsked?: boolean;
}

let pdfjs: Pdfjs | undefined;
let pdf: PdfDocument | undefined;
let slots: Slot[] = [];
let zoom: PdfZoom = "width";
/** CSS pixels a PDF point. */
let scale = 1;
let options: PdfViewOptions = { darkPages: false, ocrDoubts: true };
/** The boxes marked, and their page. */
let marked: Box[] = [];
let markedPage = 0;
let observer: IntersectionObserver | undefined;

/** The time in ms since 1970, comparable with the extension's. */
const now = () => performance.timeOrigin + performance.now();

const say = (text: string) => {
  status.textContent = text;
};

/**
 * A resource of the page, fetched; once more when that fails (a request of another cache mode, not
 * matched to the page's preload of the PDF made while its HTML was read).
 */
async function fetchOk(url: string): Promise<Response> {
  try {
    const first = await fetch(url);
    if (first.ok) return first;
  } catch {
    // asked again below
  }
  const again = await fetch(url, { cache: "no-store" });
  if (!again.ok) throw new Error(`${again.status} ${again.statusText}`);
  return again;
}

/**
 * PDF.js's worker, started as soon as its script is here, whether or not PDF.js itself is: it
 * evaluates its 1.2 MB on its own thread while PDF.js and the PDF's bytes load. Its script must come
 * from the page's own origin: fetched, then started from a blob. (Not preloaded by the page's HTML:
 * in the first view of a window its fetch then failed, "Failed to fetch", every time.)
 */
const worker = fetchOk(script.dataset.worker as string)
  .then((r) => r.blob())
  .then((code) => {
    stamp("workerBytesAt");
    const started = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })), { type: "module" });
    // Its first message ("ready", PDF.js's own): the worker's script has run.
    started.addEventListener("message", () => stamp("workerAt"), { once: true });
    return started;
  });

async function loadPdfjs(): Promise<Pdfjs> {
  if (pdfjs) return pdfjs;
  const module = (import(script.dataset.pdfjs as string) as Promise<Pdfjs>).then((m) => {
    stamp("pdfjsAt");
    return m;
  });
  const [loaded, port] = await Promise.all([module, worker]);
  loaded.GlobalWorkerOptions.workerPort = port;
  pdfjs = loaded;
  return loaded;
}

// PDF.js is fetched while the PDF is.
const loading = loadPdfjs();
loading.catch(() => undefined); // said when a PDF comes (open)

/**
 * What the extension put in the page: the PDF's address (one of the webview's resources: the page
 * fetches it at once, without waiting for a message), its name, the zoom and page it had, the options.
 */
type Given = PdfViewGiven;
const given = JSON.parse(script.dataset.given ?? "null") as Given | null;
for (const [name, at] of Object.entries(given?.timing ?? {}))
  if (typeof at === "number") document.body.dataset[`${name}At`] = String(Math.round(at));

/** The PDF's bytes from its address; when they cannot be fetched, the extension sends them (a message). */
async function fetchPdf(g: Given & { pdf: string }): Promise<void> {
  let bytes: Uint8Array;
  try {
    const response = await fetchOk(g.pdf);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    vscode.postMessage({ type: "send", why: (e as Error).message });
    return;
  }
  stamp("pdfAt");
  document.body.dataset.pdfFrom = "fetch";
  await open(bytes, g.name, g.zoom, g.page);
}

async function open(
  bytes: Uint8Array,
  name: string,
  savedZoom: PdfZoom | undefined,
  savedPage: number | undefined,
): Promise<void> {
  say(`Reading ${name}…`);
  const lib = await loading;
  pdf = await lib.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false }).promise;
  const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
  stamp("openedAt");
  document.body.dataset.pages = String(pdf.numPages);
  document.body.dataset.name = name;
  pageCount.textContent = `/ ${pdf.numPages}`;
  pageInput.max = String(pdf.numPages);
  if (status.textContent === `Reading ${name}…`) say("");
  const state = vscode.getState();
  // The workspace's state (written at once) over the webview's (written lazily by VS Code).
  zoom = savedZoom ?? state?.zoom ?? "width";
  slots = [];
  const fragment = document.createDocumentFragment();
  for (let n = 1; n <= pdf.numPages; n++) {
    const div = document.createElement("div");
    div.className = "page";
    div.dataset.page = String(n);
    div.setAttribute("role", "img");
    div.setAttribute("aria-label", `Page ${n} of ${pdf.numPages}`);
    const marks = document.createElement("div");
    marks.className = "marks";
    div.append(marks);
    fragment.append(div);
    slots.push({ n, div, marks, width: first.width, height: first.height, sized: n === 1, near: false, drawn: 0 });
  }
  pagesBox.replaceChildren(fragment);
  applyScale();
  observer?.disconnect();
  // Pages within a screen and a half above or below the view are drawn; the others are let go.
  observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const slot = slots[Number((e.target as HTMLElement).dataset.page) - 1];
        if (slot) slot.near = e.isIntersecting;
      }
      schedule();
    },
    { root: viewer, rootMargin: "150% 0px" },
  );
  for (const s of slots) observer.observe(s.div);
  // The cursor's line, when the extension sent it before the PDF was read; else where the view was.
  const early = pending;
  pending = undefined;
  if (early) show(early);
  else if (savedPage !== undefined && state?.page !== savedPage) goTo(savedPage, 0);
  else if (state) goTo(state.page, state.within);
  else updatePage();
  // The pages on the screen drawn now, not a frame later when the observer first reports.
  for (const s of slots) if (onScreen(s)) s.near = true;
  schedule();
}

/** The last few seconds' long tasks (over 50 ms) of the page's thread, for the e2e test's figures. */
const longTasks: { start: number; end: number; self: boolean }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const start = performance.timeOrigin + e.startTime;
      longTasks.push({ start, end: start + e.duration, self: e.name === "self" });
    }
    const old = now() - 5000;
    while (longTasks.length && longTasks[0].end < old) longTasks.shift();
  }).observe({ type: "longtask" });
} catch {
  // no Long Tasks API: no such figures
}

/** The last line to show that came before the PDF was read. */
let pending: Extract<ToView, { type: "show" }> | undefined;

/** The scale of a zoom at the view's size (fit width and fit page: the page at the top's size). */
function scaleOf(z: PdfZoom): number {
  if (typeof z === "number") return z;
  const slot = slots[current() - 1] ?? slots[0];
  if (!slot) return 1;
  const width = (viewer.clientWidth - 2 * GAP) / slot.width;
  if (z === "width") return Math.max(MIN_SCALE, width);
  return Math.max(MIN_SCALE, Math.min(width, (viewer.clientHeight - 2 * GAP) / slot.height));
}

/** Sizes every page's box for the zoom; the pages drawn are drawn again at the new scale (stretched till then). */
function applyScale(): void {
  scale = scaleOf(zoom);
  pagesBox.style.setProperty("--scale-factor", String(scale));
  for (const s of slots) size(s);
  document.body.dataset.zoom = String(zoom);
  document.body.dataset.scale = scale.toFixed(4);
  const percent = `${Math.round(scale * 100)}%`;
  zoomSelect.value = typeof zoom === "number" ? "custom" : zoom;
  const custom = zoomSelect.querySelector<HTMLOptionElement>("option[value=custom]");
  if (custom) custom.textContent = typeof zoom === "number" ? percent : `${percent}…`;
  schedule();
}

function size(s: Slot): void {
  s.div.style.width = `${Math.floor(s.width * scale)}px`;
  s.div.style.height = `${Math.floor(s.height * scale)}px`;
}

/** The page at a third of the view's height (the one being read). */
function current(): number {
  if (!slots.length) return 0;
  const y = viewer.scrollTop + viewer.clientHeight / 3;
  let lo = 0;
  let hi = slots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (slots[mid].div.offsetTop <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Scrolls page `n` to the top of the view, `within` (0–1) of the way down it. */
function goTo(n: number, within = 0): void {
  const slot = slots[Math.min(Math.max(1, n), slots.length) - 1];
  if (!slot) return;
  viewer.scrollTop = slot.div.offsetTop - GAP + within * slot.div.offsetHeight;
  updatePage();
}

let saving: number | undefined;
/** The page number shown, and the webview's state (at most a frame late while scrolling). */
function updatePage(): void {
  if (saving !== undefined) return;
  saving = requestAnimationFrame(() => {
    saving = undefined;
    saveState();
  });
}

/** The zoom and page last sent to the extension, which keeps them in the workspace's state. */
let reported = "";

/** The page at the top and the zoom, in the webview's state (VS Code keeps it across a reload). */
function saveState(): void {
  const n = current();
  const slot = slots[n - 1];
  if (!slot) return;
  document.body.dataset.page = String(n);
  if (document.activeElement !== pageInput) pageInput.value = String(n);
  const within = (viewer.scrollTop + GAP - slot.div.offsetTop) / Math.max(1, slot.div.offsetHeight);
  vscode.setState({ zoom, page: n, within: Math.max(0, Math.min(1, within)) });
  document.body.dataset.saved = `${zoom} ${n}`;
  if (reported !== `${zoom} ${n}`) {
    reported = `${zoom} ${n}`;
    vscode.postMessage({ type: "zoom", zoom, page: n });
  }
}

/**
 * How long the view waits after following the cursor before it draws what is not on the screen
 * (the pages above and below, every text layer). In code-server the page shares VS Code's window
 * thread: PDF.js drawing there, and the layout of a new text layer's few hundred spans, would hold
 * up the next cursor move's message (a reader's arrow keys come faster than that).
 */
const SETTLE_MS = 300;
/** When the view last followed the cursor (performance.now()). */
let followedAt = Number.NEGATIVE_INFINITY;
let settling: ReturnType<typeof setTimeout> | undefined;

/**
 * Whether the reader may be about to use a text layer (find, select, copy): the pointer is over the
 * view, or the focus is in it. Only then are text layers made: in code-server each is a few hundred
 * spans laid out on VS Code's window thread, and made while the reader works in the transcript they
 * ran beside the cursor's next moves (bench/RESULTS.md, view6's runs). A page's layer, once made, stays
 * until the page is let go.
 */
let pointerIn = false;
/**
 * The view is hidden (another editor of its group on top of it; the extension says so): it makes
 * no text layer. VS Code gives a webview the focus as it hides it (its find widget's `hide`), and a
 * view that took that focus for the reader's laid out its text layers on the window's thread
 * beside the next view's first page (bench/RESULTS.md, view9's runs).
 */
let hidden = false;
/** When the view took the focus without the pointer in it (performance.now()): text layers wait SETTLE_MS after it. */
let focusedAt = Number.NEGATIVE_INFINITY;
const textWanted = () => !hidden && (pointerIn || document.hasFocus());
// The reader came to the view: the near pages' text layers are made (in idle tasks, as before).
document.documentElement.addEventListener("pointerenter", () => {
  pointerIn = true;
  schedule();
});
document.documentElement.addEventListener("pointerleave", () => {
  pointerIn = false;
});
// The focus given by a key or by VS Code (not a click in the view): its text layers once it has
// stayed SETTLE_MS, time for the extension to say that the view was hidden.
window.addEventListener("focus", () => {
  if (!pointerIn) focusedAt = performance.now();
  schedule();
});

/** Shown or hidden: hidden, a text layer being made is given up (made again once it is wanted). */
function setHidden(now: boolean): void {
  hidden = now;
  if (!hidden) {
    schedule();
    return;
  }
  for (const s of slots)
    if (s.text && !s.text.dataset.ready) {
      s.task?.cancel();
      s.task = undefined;
      s.text.remove();
      s.text = undefined;
    }
}

/** Whether a page's box is within the view's visible part (not only near it). */
function onScreen(s: Slot): boolean {
  const top = s.div.offsetTop;
  return top < viewer.scrollTop + viewer.clientHeight && top + s.div.offsetHeight > viewer.scrollTop;
}

/**
 * One page drawn at a time: the one nearest the page being read first, every near page's picture
 * before any page's text layer; between two, the page's other tasks (a message from the extension,
 * a scroll) run first. Just after following the cursor only the pictures of the pages on the
 * screen are drawn; the rest once the cursor has rested for SETTLE_MS, and then only while the
 * thread is idle: in code-server the page's thread is VS Code's window's, and a page drawn off the
 * screen held up the next cursor move there (bench/RESULTS.md, run AC).
 */
let drawing = false;
function schedule(): void {
  if (drawing || !pdf) return;
  const here = current();
  const wait = followedAt + SETTLE_MS - performance.now();
  const waitText = Math.max(followedAt, focusedAt) + SETTLE_MS - performance.now();
  let next: Slot | undefined;
  let nextText: Slot | undefined;
  let later = false;
  let laterText = false;
  const nearer = (s: Slot, than: Slot | undefined) => !than || Math.abs(s.n - here) < Math.abs(than.n - here);
  for (const s of slots) {
    if (!s.near) {
      if (s.drawn || s.canvas || s.text) release(s);
      continue;
    }
    if (s.drawn !== scale) {
      if (wait > 0 && !onScreen(s)) later = true;
      else if (nearer(s, next)) next = s;
    } else if (!s.text && textWanted()) {
      if (waitText > 0) laterText = true;
      else if (nearer(s, nextText)) nextText = s;
    }
  }
  const slot = next ?? nextText;
  if (!slot) {
    if ((later || laterText) && settling === undefined)
      settling = setTimeout(
        () => {
          settling = undefined;
          schedule();
        },
        Math.max(later ? wait : 0, laterText ? waitText : 0) + 1,
      );
    return;
  }
  drawing = true;
  // A picture on the screen is drawn at once; the rest (pages off the screen, text layers) only
  // when the window's thread has nothing else to do (a background task: behind input, VS Code's
  // messages and frames, and the marks' stream; in code-server that thread is the window's).
  const urgent = next !== undefined && onScreen(next);
  const start = () => {
    const started = now();
    draw(slot, !next, urgent)
      .then(() => logDraw(slot.n, next ? "picture" : "text", started))
      .catch((e: Error) => {
        // A page PDF.js cannot draw is left blank (and said once); the others are drawn.
        slot.drawn = scale;
        slot.text ??= document.createElement("div");
        vscode.postMessage({ type: "error", message: `page ${slot.n}: ${e.message}` });
      })
      .finally(() => {
        drawing = false;
        setTimeout(schedule, 0);
      });
  };
  if (urgent) start();
  else postTask(start, "background");
}

/**
 * A drawing of PDF.js's done in tasks of its own, slice by slice (15 ms each): each next slice
 * asked for from a task (`onContinue`, PDF.js's API) — an idle one unless the page is on the
 * screen (`urgent`) — and run in that task rather than in the next animation frame, where PDF.js's
 * display rendering puts it (`_useRequestAnimationFrame`, a field of PDF.js 5's internal render
 * task: were it gone, the slices would still be asked for so, then run in a frame). In code-server
 * a frame of the view's is a frame of VS Code's window: a slice there delayed the editor's
 * drawing of a cursor move, and the marks' frame.
 */
function offFrame(task: RenderTask, urgent: boolean): void {
  // The slices of a page on the screen run as the page's other tasks do (behind input).
  task.onContinue = (next) => postTask(next, urgent ? "user-visible" : "background");
  const internal = (task as { _internalRenderTask?: { _useRequestAnimationFrame?: boolean } })._internalRenderTask;
  if (internal && "_useRequestAnimationFrame" in internal) internal._useRequestAnimationFrame = false;
}

/** The last few pages drawn (page, picture or text layer, from, to: ms since 1970), for the e2e test's figures. */
const drawn: [number, string, number, number][] = [];
function logDraw(n: number, kind: string, started: number): void {
  drawn.push([n, kind, Math.round(started), Math.round(now())]);
  if (drawn.length > 12) drawn.shift();
  document.body.dataset.draws = JSON.stringify(drawn);
}

/** A page far from the screen gives back its pixels and its text. */
function release(s: Slot): void {
  s.task?.cancel();
  s.task = undefined;
  if (s.canvas) {
    s.canvas.width = 0;
    s.canvas.height = 0;
    s.canvas.remove();
  }
  s.canvas = undefined;
  s.text?.remove();
  s.text = undefined;
  s.drawn = 0;
  delete s.div.dataset.drawn;
}

/**
 * Draws a page's picture at the scale (unless drawn at it), and its text layer when `withText`.
 * Not `urgent` (a page off the screen), PDF.js draws each slice of the picture only once the
 * thread is idle (`offFrame`), so that a cursor move's frames and messages are not held behind a
 * page nobody sees yet.
 */
async function draw(s: Slot, withText: boolean, urgent: boolean): Promise<void> {
  if (!pdf || !pdfjs) return;
  const at = scale;
  const page = await pdf.getPage(s.n);
  const base = page.getViewport({ scale: 1 });
  if (!s.sized) {
    s.sized = true;
    if (Math.abs(base.width - s.width) > 0.5 || Math.abs(base.height - s.height) > 0.5) {
      // A page of another size than the first: its box resized, the view kept on what it showed.
      const above = s.div.offsetTop < viewer.scrollTop;
      const before = s.div.offsetHeight;
      s.width = base.width;
      s.height = base.height;
      size(s);
      if (above) viewer.scrollTop += s.div.offsetHeight - before;
    }
  }
  if (!s.near || at !== scale) return;
  if (s.drawn !== at) {
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: at * ratio });
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no canvas to draw on");
    stamp("renderAt");
    const task = page.render({ canvasContext: context, viewport });
    offFrame(task, urgent);
    s.task = task;
    try {
      await task.promise;
    } catch {
      return; // cancelled: the page left the screen
    } finally {
      if (s.task === task) s.task = undefined;
    }
    if (!s.near) return;
    // The drawn page replaces the old one at once (no blank flash).
    s.canvas?.remove();
    s.canvas = canvas;
    s.div.prepend(canvas);
    s.drawn = at;
    s.div.dataset.drawn = String(at);
    if (!document.body.dataset.firstDrawnAt) {
      stamp("firstDrawnAt");
      requestAnimationFrame(() => stamp("firstPaintedAt"));
      vscode.postMessage({ type: "drawn" });
    }
  }
  askDoubts(s);
  if (withText && !s.text) {
    // PDF.js's text layer: transparent text over the canvas, for find, selection and copy. It
    // follows the zoom by itself (its sizes read --scale-factor).
    const text = document.createElement("div");
    text.className = "textLayer";
    s.text = text;
    s.div.insertBefore(text, s.marks);
    const layer = new pdfjs.TextLayer({
      textContentSource: page.streamTextContent(),
      container: text,
      viewport: page.getViewport({ scale: at }),
    });
    s.task = layer;
    try {
      await layer.render();
      text.dataset.ready = "1";
    } catch {
      // cancelled
    } finally {
      if (s.task === layer) s.task = undefined;
    }
  }
}

/** The number of the last `show` taken (-1: none): an older one, come late by the other way, is dropped. */
let shownSeq = -1;

/** The cursor's sentence: its page in view, its boxes marked. */
function show(m: Extract<ToView, { type: "show" }>, received = now()): void {
  if (m.seq <= shownSeq) {
    document.body.dataset.staleShows = String(Number(document.body.dataset.staleShows ?? 0) + 1);
    return;
  }
  shownSeq = m.seq;
  document.body.dataset.channel = m.channel;
  if (!pdf) {
    pending = m;
    return;
  }
  followedAt = performance.now();
  const location = m.location;
  const page = location ? Math.min(Math.max(1, location.page), slots.length) : 0;
  mark(page, location?.boxes.filter((b) => b.page === page) ?? []);
  const slot = slots[page - 1];
  if (slot) {
    const top = viewer.scrollTop;
    const bottom = top + viewer.clientHeight;
    if (marked.length) {
      // The marks centred, unless they are all in view already.
      const y0 = slot.div.offsetTop + Math.min(...marked.map((b) => b.y)) * scale;
      const y1 = slot.div.offsetTop + Math.max(...marked.map((b) => b.y + b.height)) * scale;
      if (y0 < top || y1 > bottom) viewer.scrollTop = (y0 + y1) / 2 - viewer.clientHeight / 2;
      const x0 = Math.min(...marked.map((b) => b.x)) * scale + slot.div.offsetLeft;
      const x1 = Math.max(...marked.map((b) => b.x + b.width)) * scale + slot.div.offsetLeft;
      if (x0 < viewer.scrollLeft || x1 > viewer.scrollLeft + viewer.clientWidth)
        viewer.scrollLeft = (x0 + x1) / 2 - viewer.clientWidth / 2;
    } else if (slot.div.offsetTop + slot.div.offsetHeight < top || slot.div.offsetTop > bottom) goTo(page);
  }
  document.body.dataset.line = String(m.line);
  document.body.dataset.shownAt = String(Date.now());
  updatePage();
  // When the message came and the marks were painted (the next frame), beside the extension's
  // times: the e2e test's split of the cursor's follow into hops.
  if (m.timing) {
    const { posted } = m.timing;
    // The long tasks of this page's thread (shared with VS Code's window when the webview is of its
    // origin) while the message was on its way: this page's own ("self"), or the others'.
    const busy = { self: 0, other: 0 };
    for (const t of longTasks) {
      const overlap = Math.min(t.end, received) - Math.max(t.start, posted);
      if (overlap > 0) busy[t.self ? "self" : "other"] += overlap;
    }
    const follow = {
      ...m.timing,
      channel: m.channel,
      line: m.line,
      received,
      shown: now(),
      frame: 0,
      frames: 0,
      painted: 0,
      busySelf: busy.self,
      busyOther: busy.other,
    };
    const seq = m.seq;
    whenPainted(
      slot?.marks,
      () => seq === shownSeq,
      (frame, frames, painted) => {
        Object.assign(follow, { frame, frames, painted });
        document.body.dataset.follow = JSON.stringify(follow);
      },
    );
  }
}

/**
 * When the marks were painted, for the e2e test: the start of the first frame that draws `marks`
 * (its animation frame, the first in which they are not skipped by content-visibility), how many
 * frames that took (1: the next), and when that frame's rendering (style, layout, paint) was done
 * on the page's thread: a task queued from the frame's callback runs after it (at most that late).
 * Not called once the marks are no longer the last shown (`latest`): a newer move's stamps are not
 * replaced by an older one's.
 */
function whenPainted(
  marks: Element | undefined,
  latest: () => boolean,
  done: (frame: number, frames: number, painted: number) => void,
): void {
  let frames = 0;
  const frame = () => {
    if (!latest()) return;
    frames++;
    // At most a few frames: a view hidden (another tab on top) never draws them.
    if (marks?.isConnected && !marks.checkVisibility({ contentVisibilityAuto: true }) && frames < 8) {
      requestAnimationFrame(frame);
      return;
    }
    const at = now();
    const painted = () => {
      if (latest()) done(at, frames, now());
    };
    // At the highest priority a task can have, so that the figure is the frame's, not the queue's.
    postTask(painted, "user-blocking");
  };
  requestAnimationFrame(frame);
}
/** Chromium's task scheduler (the Prioritized Task Scheduling API), where there is one. */
const scheduler = (
  globalThis as {
    scheduler?: { postTask(task: () => void, o: { priority: TaskPriority }): Promise<void> };
  }
).scheduler;
type TaskPriority = "user-blocking" | "user-visible" | "background";

/** Runs `task` as a task of Chromium's scheduler at `priority`, outside any frame; without one, a task like any other. */
function postTask(task: () => void, priority: TaskPriority): void {
  if (scheduler) void scheduler.postTask(task, { priority });
  else setTimeout(task, 0);
}

/**
 * The transcript followed has doubtful OCR words (the extension says so with `doubtsChanged`): only
 * then does a page drawn ask for their boxes (a record without any asks nothing).
 */
let anyDoubts = false;
/** How many times the pages asked for their doubtful words (for the e2e test). */
let doubtsAsks = 0;

/** A page drawn asks once for the boxes of its doubtful OCR words (again after `doubtsChanged`). */
function askDoubts(s: Slot): void {
  if (s.doubtsAsked || !options.ocrDoubts || !anyDoubts) return;
  s.doubtsAsked = true;
  document.body.dataset.doubtsAsked = String(++doubtsAsks);
  vscode.postMessage({ type: "doubts", page: s.n });
}

/**
 * The doubtful OCR words of a page: a dotted amber outline on each (quieter than the cursor's
 * sentence, and under it); clicks go through to the page (the word's position in the text).
 */
function markDoubts(page: number, boxes: Box[]): void {
  const slot = slots[page - 1];
  if (!slot) return;
  if (!slot.doubts) {
    if (!boxes.length) return;
    slot.doubts = document.createElement("div");
    slot.doubts.className = "doubts";
    slot.div.insertBefore(slot.doubts, slot.marks);
  }
  slot.doubts.replaceChildren(...boxes.map((b) => boxElement("doubt", b)));
  slot.div.dataset.doubts = String(boxes.length);
  document.body.dataset.doubts = String(slots.reduce((n, s) => n + (s.doubts?.childElementCount ?? 0), 0));
}

/** The doubtful words changed: every page forgets its answer; those drawn ask again. */
function doubtsChanged(): void {
  for (const s of slots) {
    s.doubtsAsked = false;
    if (s.drawn) askDoubts(s);
  }
}

/**
 * An element over a box of a page (a mark, a doubt): in points, sized by the zoom's
 * --scale-factor, so that a zoom moves it with the page; the box in its data for the tests.
 */
function boxElement(className: string, b: Box): HTMLDivElement {
  const m = document.createElement("div");
  m.className = className;
  m.style.left = `calc(var(--scale-factor) * ${b.x}px - 1px)`;
  m.style.top = `calc(var(--scale-factor) * ${b.y}px - 1px)`;
  m.style.width = `calc(var(--scale-factor) * ${b.width}px + 2px)`;
  m.style.height = `calc(var(--scale-factor) * ${b.height}px + 2px)`;
  Object.assign(m.dataset, { x: String(b.x), y: String(b.y), width: String(b.width), height: String(b.height) });
  return m;
}

/**
 * The cursor's boxes marked on their page. That page is drawn whether or not it is near the screen
 * (`data-marked`: content-visibility visible, pdf-view.css): a page the view scrolls to is otherwise
 * skipped by `content-visibility: auto` until the frame after the one that first shows it, and a
 * far jump's marks came two frames late (bench/RESULTS.md, run X). One page at a time.
 */
function mark(page: number, boxes: Box[]): void {
  const old = slots[markedPage - 1];
  old?.marks.replaceChildren();
  // Its page's style touched only when the page changes (a move within a page restyles nothing).
  if (old && markedPage !== page) delete old.div.dataset.marked;
  marked = boxes;
  markedPage = page;
  const slot = slots[page - 1];
  if (!slot) return;
  if (!("marked" in slot.div.dataset)) slot.div.dataset.marked = "";
  slot.marks.replaceChildren(...boxes.map((b) => boxElement("mark", b)));
  document.body.dataset.marked = String(boxes.length);
  document.body.dataset.markedPage = String(page);
}

/**
 * A new zoom, the point `at` (view coordinates; the marks' centre when they are in view, else the
 * view's centre) kept where it is on the screen.
 */
function setZoom(z: PdfZoom, at?: { x: number; y: number }): void {
  if (!slots.length) return;
  const z2 = typeof z === "number" ? Math.min(MAX_SCALE, Math.max(MIN_SCALE, z)) : z;
  const rect = viewer.getBoundingClientRect();
  let anchor = at;
  const slot = slots[markedPage - 1];
  if (!anchor && slot && marked.length) {
    const r = slot.div.getBoundingClientRect();
    const cx =
      r.left + ((Math.min(...marked.map((b) => b.x)) + Math.max(...marked.map((b) => b.x + b.width))) / 2) * scale;
    const cy =
      r.top + ((Math.min(...marked.map((b) => b.y)) + Math.max(...marked.map((b) => b.y + b.height))) / 2) * scale;
    if (cy >= rect.top && cy <= rect.bottom) anchor = { x: cx - rect.left, y: cy - rect.top };
  }
  anchor ??= { x: viewer.clientWidth / 2, y: viewer.clientHeight / 2 };
  // The anchor as a point of a page (in points), found again after the resize.
  const contentY = viewer.scrollTop + anchor.y;
  const contentX = viewer.scrollLeft + anchor.x;
  let i = slots.findIndex((s) => s.div.offsetTop + s.div.offsetHeight + GAP > contentY);
  if (i < 0) i = slots.length - 1;
  const on = slots[i];
  const py = (contentY - on.div.offsetTop) / scale;
  const px = (contentX - on.div.offsetLeft) / scale;
  zoom = z2;
  applyScale();
  viewer.scrollTop = on.div.offsetTop + py * scale - anchor.y;
  viewer.scrollLeft = on.div.offsetLeft + px * scale - anchor.x;
  saveState();
}

// Clicks on a page: the transcript's cursor goes to the word (not when text was selected).
pagesBox.addEventListener("click", (e) => {
  const div = (e.target as HTMLElement).closest<HTMLElement>(".page");
  if (!div || !window.getSelection()?.isCollapsed) return;
  const r = div.getBoundingClientRect();
  const page = Number(div.dataset.page);
  vscode.postMessage({ type: "click", page, x: (e.clientX - r.left) / scale, y: (e.clientY - r.top) / scale });
});
viewer.addEventListener("scroll", () => {
  updatePage();
  schedule();
});
// Ctrl+wheel (and a pinch, which browsers send as one): zoom about the pointer.
viewer.addEventListener(
  "wheel",
  (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const rect = viewer.getBoundingClientRect();
    setZoom(scale * STEP ** (-e.deltaY / 100), { x: e.clientX - rect.left, y: e.clientY - rect.top });
  },
  { passive: false },
);
$("previous").addEventListener("click", () => goTo(current() - 1));
$("next").addEventListener("click", () => goTo(current() + 1));
$("zoom-out").addEventListener("click", () => setZoom(scale / 1.25));
$("zoom-in").addEventListener("click", () => setZoom(scale * 1.25));
zoomSelect.addEventListener("change", () => {
  const v = zoomSelect.value;
  if (v === "width" || v === "page") setZoom(v);
  else if (v !== "custom") setZoom(Number(v));
});
pageInput.addEventListener("change", () => {
  const n = Number.parseInt(pageInput.value, 10);
  if (Number.isFinite(n)) goTo(n);
});
pageInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    const n = Number.parseInt(pageInput.value, 10);
    if (Number.isFinite(n)) goTo(n);
    viewer.focus();
  }
});
$("import").addEventListener("click", () => vscode.postMessage({ type: "import" }));
window.addEventListener("keydown", (e) => {
  if (e.target === pageInput) return;
  if (e.key === "PageDown" && e.ctrlKey) goTo(current() + 1);
  else if (e.key === "PageUp" && e.ctrlKey) goTo(current() - 1);
  else return;
  e.preventDefault();
});
let resizing: ReturnType<typeof setTimeout> | undefined;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    if (typeof zoom !== "number") setZoom(zoom);
  }, 100);
});

function applyOptions(o: PdfViewOptions): void {
  const doubtsShown = options.ocrDoubts;
  options = o;
  if (options.darkPages) document.body.dataset.darkPages = "";
  else delete document.body.dataset.darkPages;
  if (options.ocrDoubts) delete document.body.dataset.hideDoubts;
  else document.body.dataset.hideDoubts = "";
  // Shown again: asked again (they were not asked for while hidden).
  if (options.ocrDoubts && !doubtsShown) doubtsChanged();
}

window.addEventListener("message", (event: MessageEvent<ToView>) => {
  const m = event.data;
  switch (m.type) {
    case "kept":
      document.body.dataset.kept = `${m.zoom} ${m.page}`;
      return;
    case "pdf": {
      stamp("pdfAt");
      document.body.dataset.pdfFrom = "message";
      applyOptions(m.options);
      const binary = atob(m.data);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      open(bytes, m.name, m.zoom, m.page).catch(cannotShow);
      return;
    }
    case "options":
      applyOptions(m.options);
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
      anyDoubts = false;
      delete document.body.dataset.linked;
      mark(0, []);
      for (const s of slots) markDoubts(s.n, []);
      say(m.text);
      return;
    case "doubts":
      markDoubts(m.page, m.boxes);
      return;
    case "doubtsChanged":
      anyDoubts = m.any;
      // None now: the marks made before go.
      if (!anyDoubts) for (const s of slots) markDoubts(s.n, []);
      doubtsChanged();
      return;
    case "show":
      show(m);
      return;
    case "visible":
      setHidden(!m.visible);
      return;
  }
});
function cannotShow(e: Error): void {
  say(`This PDF cannot be shown: ${e.message}`);
  vscode.postMessage({ type: "error", message: e.message });
  vscode.postMessage({ type: "drawn" });
}

/**
 * The direct channel (client/src/followChannel.ts): a stream of Server-Sent Events from the
 * extension on which the cursor's marks come without VS Code's `postMessage`, which in code-server
 * crosses the window's busy thread four times. Its opening and its loss are told to the extension,
 * which sends the marks by `postMessage` while it is closed (and the last ones again if they were
 * lost). The browser opens a dropped stream again by itself; a refused one is tried again later,
 * less and less often.
 */
function subscribe(url: string, wait = 2_000): void {
  const source = new EventSource(url);
  let open = false;
  source.addEventListener("open", () => {
    open = true;
    wait = 2_000;
    document.body.dataset.direct = "open";
    vscode.postMessage({ type: "direct", open: true, seq: shownSeq });
  });
  source.addEventListener("message", (event: MessageEvent<string>) => {
    const received = now();
    let m: ToView;
    try {
      m = JSON.parse(event.data) as ToView;
    } catch {
      return;
    }
    if (m.type === "show") show(m, received);
  });
  source.addEventListener("error", () => {
    const closed = source.readyState === EventSource.CLOSED;
    document.body.dataset.direct = "closed";
    // Said once a loss (the browser's retries of a dropped stream say nothing more).
    if (open || closed || !("directSaid" in document.body.dataset)) {
      document.body.dataset.directSaid = "";
      const why = closed ? "refused, or not a stream" : open ? "the connection was lost" : "it could not connect";
      vscode.postMessage({ type: "direct", open: false, seq: shownSeq, why });
    }
    open = false;
    if (closed) setTimeout(() => subscribe(url, Math.min(wait * 2, 60_000)), wait);
  });
}

vscode.postMessage({ type: "ready" });
if (given?.follow) subscribe(given.follow);
if (given) {
  hidden = given.hidden === true;
  applyOptions(given.options);
  if (given.pdf) fetchPdf({ ...given, pdf: given.pdf }).catch(cannotShow);
}
