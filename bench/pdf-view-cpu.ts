// Where the browser's processor time goes over a span of the PDF view's e2e test (issue 25): reads
// a trace written by `VERBATIM_E2E_TRACE=FOLDER node --import tsx --test test/e2e/pdfView.test.ts`
// (test/e2e/workbench.ts `traceSpan`: FOLDER/first-page.json, from the palette to page 1 painted;
// FOLDER/far-moves.json, twenty far Ctrl+G moves) and prints, over the spans it holds (the command →
// page 1 painted; each move's key → marks painted) and over the whole recording:
//   - each thread's processor time (its top-level tasks' thread time), by process and thread;
//   - the renderers' main threads by what ran (script by file, style, layout, paint, compositing,
//     parsing, compiling), the frame it ran for (VS Code's window, a webview) where the trace says;
//   - V8's samples of script on those threads by function and file (self time).
// Not a test and not in `npm run bench`: a reading of a traced run (a traced run's own figures are
// slower than the test's: the recording costs processor time).
//   node --import tsx bench/pdf-view-cpu.ts FOLDER/first-page.json [--top 25]
import { readFileSync } from "node:fs";
import { option } from "./args";
import { type TraceEvent, traceSamples } from "./chromeTrace";

interface Traced {
  /** The page's clock (ms since 1970) at the trace's mark `verbatim-trace-start`. */
  start: number;
  end: number;
  spans: [number, number][];
  traceEvents: TraceEvent[];
}

const TOP = Number(option("--top") ?? 25);

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error("usage: bench/pdf-view-cpu.ts TRACE.json");
  const traced = JSON.parse(readFileSync(file, "utf8")) as Traced;
  const events = traced.traceEvents;
  const mark = events.find((e) => e.name === "verbatim-trace-start");
  if (!mark) throw new Error("no verbatim-trace-start mark in the trace");
  // trace µs = (page ms + offset) × 1000.
  const offset = mark.ts / 1000 - traced.start;
  const toTrace = (ms: number) => (ms + offset) * 1000;
  const spans: [number, number][] = traced.spans.map(([a, b]) => [toTrace(a), toTrace(b)]);
  const whole: [number, number][] = [[mark.ts, toTrace(traced.end)]];
  const spanMs = spans.reduce((s, [a, b]) => s + (b - a) / 1000, 0);
  console.log(
    `${file}: ${spans.length} span(s), ${spanMs.toFixed(0)} ms in all; the recording ${((whole[0][1] - whole[0][0]) / 1000).toFixed(0)} ms`,
  );
  for (const [name, within] of [
    ["the spans", spans],
    ["the whole recording", whole],
  ] as const) {
    console.log(`\n## Over ${name}\n`);
    threads(events, within);
    mains(events, within, spans.length || 1);
    samples(events, within, spans.length || 1);
  }
}

/** The part of [from, to] (µs) inside the spans, in ms. */
function overlap(spans: readonly [number, number][], from: number, to: number): number {
  let ms = 0;
  for (const [a, b] of spans) ms += Math.max(0, Math.min(b, to) - Math.max(a, from)) / 1000;
  return ms;
}

function names(events: TraceEvent[]): { process: Map<number, string>; thread: Map<string, string> } {
  const process = new Map<number, string>();
  const thread = new Map<string, string>();
  const labels = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== "M") continue;
    if (e.name === "process_name") process.set(e.pid, String(e.args?.name));
    if (e.name === "process_labels") labels.set(e.pid, String((e.args as { labels?: string })?.labels ?? ""));
    if (e.name === "thread_name") thread.set(`${e.pid}:${e.tid}`, String(e.args?.name));
  }
  for (const [pid, label] of labels) process.set(pid, `${process.get(pid) ?? "?"} (${label.slice(0, 40)})`);
  return { process, thread };
}

/** Each thread's processor time within the spans: its outermost top-level tasks' thread time, prorated. */
function threads(events: TraceEvent[], spans: readonly [number, number][]): void {
  const { process, thread } = names(events);
  const byThread = new Map<string, { wall: number; cpu: number; ends: number }>();
  const tasks = events
    .filter((e) => e.ph === "X" && e.cat.split(",").includes("toplevel") && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  for (const e of tasks) {
    const key = `${e.pid}:${e.tid}`;
    const t = byThread.get(key) ?? { wall: 0, cpu: 0, ends: 0 };
    byThread.set(key, t);
    const end = e.ts + (e.dur ?? 0);
    if (e.ts < t.ends) continue; // nested in an outer task
    t.ends = end;
    const inside = overlap(spans, e.ts, end);
    if (!inside) continue;
    const share = inside / Math.max((e.dur ?? 0) / 1000, 1e-9);
    t.wall += inside;
    t.cpu += ((e.tdur ?? e.dur ?? 0) / 1000) * Math.min(1, share);
  }
  const byProcess = new Map<string, number>();
  const rows = [...byThread]
    .map(([key, t]) => {
      const pid = Number(key.split(":")[0]);
      const p = `${process.get(pid) ?? "?"} ${pid}`;
      byProcess.set(p, (byProcess.get(p) ?? 0) + t.cpu);
      return { p, thread: thread.get(key) ?? key, ...t };
    })
    .filter((r) => r.cpu >= 1)
    .sort((a, b) => b.cpu - a.cpu);
  console.log("| process | thread | processor ms | in tasks ms |\n| --- | --- | ---: | ---: |");
  for (const r of rows) console.log(`| ${r.p} | ${r.thread} | ${r.cpu.toFixed(0)} | ${r.wall.toFixed(0)} |`);
  console.log(`\nBy process: ${[...byProcess].map(([p, ms]) => `${p} ${ms.toFixed(0)}`).join("; ")}\n`);
}

/**
 * What each frame is, by frame id, known from the scripts that run in it (a trace names few frames'
 * addresses): a PDF view's page runs the extension's files, VS Code's webview host its own page,
 * the window the workbench.
 */
function frames(events: TraceEvent[]): Map<string, string> {
  const rank = ["window", "webview host", "a PDF view"];
  const out = new Map<string, string>();
  for (const e of events) {
    const data = e.args?.data ?? {};
    if (e.name !== "FunctionCall" || typeof data.frame !== "string") continue;
    const url = String(data.url ?? "");
    const kind = /vscode-resource|vscode-cdn/.test(url)
      ? "a PDF view"
      : /\/webview\/browser\/pre\//.test(url)
        ? "webview host"
        : /workbench\.js/.test(url)
          ? "window"
          : undefined;
    if (kind && rank.indexOf(kind) > rank.indexOf(out.get(data.frame) ?? "")) out.set(data.frame, kind);
  }
  return out;
}

function fileOf(url: string): string {
  if (!url) return "(no file)";
  if (url.startsWith("blob:")) return "blob (PDF.js's worker)";
  if (/\/webview\/browser\/pre\//.test(url)) return `webview host ${url.replace(/[?#].*$/, "").replace(/^.*\//, "")}`;
  if (/vscode-resource|vscode-cdn|\/vscode-remote-resource/.test(url) || /pdfjs|pdf-view/.test(url))
    return url.replace(/[?#].*$/, "").replace(/^.*\//, "");
  return url
    .replace(/[?#].*$/, "")
    .replace(/^.*\/(out|static)\//, "")
    .slice(-60);
}

/** The renderers' main threads: self time by what ran, and by frame. */
function mains(events: TraceEvent[], spans: readonly [number, number][], n: number): void {
  const { thread } = names(events);
  const frameKind = frames(events);
  const isMain = (e: TraceEvent) => thread.get(`${e.pid}:${e.tid}`) === "CrRendererMain";
  const main = events
    .filter((e) => isMain(e) && e.ph === "X" && e.dur !== undefined)
    .sort((a, b) => a.pid - b.pid || a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  let stack: { end: number; kind: string; pid: number }[] = [];
  for (const e of main) {
    const end = e.ts + (e.dur ?? 0);
    if (stack.length && stack[0].pid !== e.pid) stack = [];
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const within = overlap(spans, e.ts, end);
    const data = e.args?.data ?? e.args?.beginData ?? {};
    const who = frameKind.get(String(data.frame ?? "")) ?? "";
    let kind: string | undefined;
    switch (e.name) {
      case "FunctionCall":
      case "EvaluateScript":
      case "v8.evaluateModule":
      case "RunPostTaskCallback":
      case "TimerFire":
      case "FireAnimationFrame":
      case "HandlePostMessage":
        kind = `script ${fileOf(String(data.url ?? ""))}${who && who !== "window" ? ` (${who})` : ""}`;
        break;
      case "v8.compile":
      case "v8.compileModule":
      case "v8.produceModuleCache":
      case "v8.produceCache":
        kind = `compile ${fileOf(String(data.url ?? (e.args as { fileName?: string })?.fileName ?? ""))}`;
        break;
      case "ParseHTML":
      case "UpdateLayoutTree":
      case "Layout":
      case "PrePaint":
      case "Paint":
      case "Layerize":
      case "Commit":
      case "MinorGC":
      case "MajorGC":
      case "V8.GC_SCAVENGER":
      case "HitTest":
      case "ParseAuthorStyleSheet":
        kind = `${e.name}${who ? ` (${who})` : ""}`;
        break;
      case "ThreadControllerImpl::RunTask":
      case "RunTask":
        kind = "(task's own)";
        break;
      default:
        kind = undefined;
    }
    kind ??= stack[stack.length - 1]?.kind;
    if (!kind) continue;
    if (within > 0) {
      self.set(kind, (self.get(kind) ?? 0) + within);
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.kind, (self.get(parent.kind) ?? 0) - within);
    }
    stack.push({ end, kind, pid: e.pid });
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(
    `The renderers' main threads, self time by what ran (ms${n > 1 ? " a span" : ""}; all ${(total / n).toFixed(0)}):\n`,
  );
  console.log("| what ran | ms |\n| --- | ---: |");
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    if (ms / n >= 0.5) console.log(`| ${k} | ${(ms / n).toFixed(1)} |`);
  console.log("");
}

/** V8's samples on every thread profiled: self time by function and file, within the spans. */
function samples(events: TraceEvent[], spans: readonly [number, number][], n: number): void {
  const { thread } = names(events);
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const { pid, tid, node, from, to } of traceSamples(events)) {
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)" || name === "(program)" || name === "(root)") continue;
    const ms = overlap(spans, from, to);
    if (!ms) continue;
    const where = `${thread.get(`${pid}:${tid}`) ?? tid}`;
    const file = `${where} ${fileOf(node.callFrame.url)}`;
    const k = `${name} · ${file}`;
    self.set(k, (self.get(k) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  console.log(`V8's samples (self ms${n > 1 ? " a span" : ""}), by thread and file:\n`);
  console.log("| thread, file | ms |\n| --- | ---: |");
  for (const [k, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    if (ms / n >= 0.5) console.log(`| ${k} | ${(ms / n).toFixed(1)} |`);
  console.log("\n| function · thread, file | ms |\n| --- | ---: |");
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    if (ms / n >= 0.5) console.log(`| ${k} | ${(ms / n).toFixed(1)} |`);
}

main();
