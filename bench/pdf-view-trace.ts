// Where VS Code's window thread spends a cursor follow's time (issue 25): code-server in Debian's
// Chromium (test/e2e/workbench.ts), a 35-page record's pdftotext text beside its PDF view, ten far
// cursor moves (Ctrl+G) traced with Chromium's timeline on the window's renderer. For each move,
// the main thread's time from the extension's postMessage to the view's message event, split by
// what ran: VS Code's script, the view's script (PDF.js, the page's own), style, layout and paint of
// the workbench and of the view, compositing (layerize, commit) and IPC. Not a test and not in
// `npm run bench`: run it by hand (`npm run -s package` first; it takes a few minutes):
//   node --import tsx bench/pdf-view-trace.ts [--moves 10] [--out trace.json]
// VERBATIM_E2E_WEBVIEWS=cross-site runs the view in a process of its own (test/e2e/workbench.ts).
// The marks come by the view's direct channel (client/src/followChannel.ts);
// VERBATIM_FOLLOW_CHANNEL=message traces VS Code's postMessage instead, "alternate" both.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { openWorkbench } from "../test/e2e/workbench";
import { option } from "./args";
import type { TraceEvent } from "./chromeTrace";

const ROOT = join(__dirname, "..");
const RECORD = "S_PV.8699-R1";
const MOVES = Number(option("--moves") ?? 10);
/** Moves before the trace starts (the view's first pages drawn, the editor warmed). */
const WARM = 2;

interface Follow {
  line: number;
  selection: number;
  posted: number;
  received: number;
  painted: number;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "verbatim-trace-"));
  for (const ext of ["pdf", "txt"]) {
    const from = ext === "pdf" ? join("sc2020", `${RECORD}.pdf`) : join("sc2020", "text", "raw", `${RECORD}.txt`);
    copyFileSync(join(ROOT, "test", "corpus", from), join(folder, `${RECORD}.${ext}`));
  }
  const workbench = await openWorkbench(folder);
  const page = workbench.page;
  try {
    const view = await showPdf(page);
    const text = readFileSync(join(folder, `${RECORD}.txt`), "utf8").split("\n");
    const targets = Array.from(
      { length: MOVES + WARM },
      (_, k) => Math.floor(((k * 7 + 3) % 20) * (text.length / 20)) + 1,
    );
    const cdp = await page.context().newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on("Tracing.dataCollected", (d) => {
      events.push(...(d.value as unknown as TraceEvent[]));
    });
    const moves: (Follow & { enter: number; sync: string; epoch: number })[] = [];
    for (let k = 0; k < targets.length; k++) {
      if (k === WARM)
        await cdp.send("Tracing.start", {
          traceConfig: {
            includedCategories: [
              "devtools.timeline",
              "disabled-by-default-devtools.timeline",
              "toplevel",
              "blink.user_timing",
            ],
          },
          transferMode: "ReportEvents",
        });
      const line = targets[k];
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+g");
      await page.locator(".quick-input-widget input").waitFor();
      await page.keyboard.type(String(line + 1));
      const enter = Date.now();
      await page.keyboard.press("Enter");
      const follow = await followed(page, view, line);
      // A user-timing mark: the trace's clock (µs) against the page's (ms since 1970).
      const sync = `verbatim-sync-${k}`;
      const epoch = (await page.evaluate(
        `performance.timeOrigin + performance.mark(${JSON.stringify(sync)}).startTime`,
      )) as number;
      if (k >= WARM) moves.push({ ...follow, enter, sync, epoch });
      await page.waitForTimeout(300);
    }
    const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await done;
    const out = option("--out");
    if (out) writeFileSync(out, JSON.stringify({ traceEvents: events, moves }));
    report(events, moves);
  } finally {
    await workbench.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The transcript opened, *Show PDF Beside*, the view linked: its frame. */
async function showPdf(page: Page): Promise<Frame> {
  await page.locator(".pane-header", { hasText: /^Speakers/ }).waitFor({ timeout: 120_000 });
  await page.getByRole("treeitem", { name: `${RECORD}.txt` }).click();
  await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 60_000 });
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor();
  await page.keyboard.type("Verbatim: Show PDF Beside");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Show PDF Beside" }).first().click();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      const linked = await f
        .evaluate(
          `!!document.getElementById("pages") && /Following/.test(document.getElementById("status").textContent)`,
        )
        .catch(() => false);
      if (linked) return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error("the PDF view did not link");
}

/** The view's stamps of the follow of `line` (read by CDP evaluations: the view's CSP forbids eval). */
async function followed(page: Page, view: Frame, line: number): Promise<Follow> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const t = (await view.evaluate(`JSON.parse(document.body.dataset.follow || "{}")`)) as Follow;
    if (t.line === line && t.painted > 0) return t;
    await page.waitForTimeout(50);
  }
  throw new Error(`the view did not follow line ${line + 1}`);
}

/**
 * What each part of the window's main thread took, per move, over each span of a far move: from the
 * key (Enter) to the extension's selection event, from the marks sent to the view's event, from
 * that event to the marks painted, and from the key to painted; with the scripts that ran longest
 * (by file and function) over the whole move.
 */
function report(events: TraceEvent[], moves: (Follow & { enter: number; sync: string; epoch: number })[]): void {
  const spans: [string, (m: Follow & { enter: number }) => [number, number]][] = [
    ["the key → the extension's selection event", (m) => [m.enter, m.selection]],
    ["the marks sent → the view's event", (m) => [m.posted, m.received]],
    ["the view's event → marks painted", (m) => [m.received, m.painted]],
    ["the key → marks painted", (m) => [m.enter, m.painted]],
  ];
  for (const [name, span] of spans) reportSpan(events, moves, name, span);
}

function reportSpan(
  events: TraceEvent[],
  moves: (Follow & { enter: number; sync: string; epoch: number })[],
  name: string,
  spanOf: (m: Follow & { enter: number }) => [number, number],
): void {
  const marks = new Map(events.filter((e) => e.name.startsWith("verbatim-sync-")).map((e) => [e.name, e]));
  const last = marks.get(moves[moves.length - 1].sync);
  if (!last) throw new Error("no sync mark in the trace");
  // trace µs = (ms since 1970 + offset) × 1000, on the window's main thread.
  const offset = last.ts / 1000 - moves[moves.length - 1].epoch;
  const frames = new Map<string, string>();
  for (const e of events)
    for (const f of (e.args?.data?.frames as { frame: string; url: string }[] | undefined) ?? [])
      frames.set(f.frame, f.url);
  const ofView = (frame: unknown) => /\/webview\/browser\/pre\//.test(frames.get(String(frame)) ?? "");
  const main = events
    .filter((e) => e.pid === last.pid && e.tid === last.tid && e.ph === "X" && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const kindOf = (e: TraceEvent): string | undefined => {
    const data = e.args?.data ?? e.args?.beginData ?? {};
    const who = ofView(data.frame) ? "the view" : "VS Code's window";
    switch (e.name) {
      case "UpdateLayoutTree":
      case "Layout":
      case "PrePaint":
        return `${e.name === "UpdateLayoutTree" ? "style" : e.name === "Layout" ? "layout" : "paint"}: ${who}`;
      case "Paint":
        return `paint: ${/webview/.test(String(data.nodeName)) ? "the view" : "VS Code's window"}`;
      case "FunctionCall": {
        const url = String(data.url ?? "");
        return `script: ${/\/(pdf-view|pdf\.min)\.m?js|\/webview\/browser\/pre\//.test(url) ? "the view" : "VS Code's window"}`;
      }
      case "Layerize":
      case "Commit":
        return "compositing (layerize, commit)";
      case "Receive mojo message":
        return "IPC (the extension host's messages, input)";
      case "RunTask":
        return "other (tasks' own time)";
      default:
        return undefined;
    }
  };
  const total = new Map<string, number>();
  const scripts = new Map<string, number>();
  let span = 0;
  for (const m of moves) {
    const [from, to] = spanOf(m);
    const lo = (from + offset) * 1000;
    const hi = (to + offset) * 1000;
    span += to - from;
    const stack: { end: number; kind: string; script?: string }[] = [];
    for (const e of main) {
      const end = e.ts + (e.dur ?? 0);
      if (end < lo || e.ts > hi) continue;
      while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
      const kind = kindOf(e) ?? stack[stack.length - 1]?.kind;
      if (!kind) continue;
      // Self time: each event's time within the span, less its children's.
      const within = Math.max(0, Math.min(end, hi) - Math.max(e.ts, lo)) / 1000;
      total.set(kind, (total.get(kind) ?? 0) + within);
      const parent = stack[stack.length - 1];
      if (parent) total.set(parent.kind, (total.get(parent.kind) ?? 0) - within);
      if (parent?.script) scripts.set(parent.script, (scripts.get(parent.script) ?? 0) - within);
      const data = e.args?.data ?? {};
      const script =
        e.name === "FunctionCall" ||
        e.name === "TimerFire" ||
        e.name === "FireAnimationFrame" ||
        e.name === "EventDispatch"
          ? `${e.name} ${String(data.url ?? "").replace(/^.*\//, "")} ${String(data.functionName ?? data.type ?? "")}`
          : undefined;
      if (script) scripts.set(script, (scripts.get(script) ?? 0) + within);
      stack.push({ end, kind, script });
    }
  }
  const n = moves.length;
  console.log(`\nLoad average ${loadavg()[0].toFixed(1)}; ${n} far cursor moves (Ctrl+G).`);
  console.log(`${name}: ${(span / n).toFixed(0)} ms a move on average, of which on the window's main thread:\n`);
  console.log("| what ran | ms a move |\n| --- | ---: |");
  for (const [kind, ms] of [...total].sort((a, b) => b[1] - a[1]))
    if (ms / n >= 0.5) console.log(`| ${kind} | ${(ms / n).toFixed(1)} |`);
  const busy = [...total.values()].reduce((a, b) => a + b, 0);
  console.log(`| all | ${(busy / n).toFixed(1)} |`);
  console.log("\n| the longest scripts (task, file, function) | ms a move |\n| --- | ---: |");
  for (const [script, ms] of [...scripts].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`| ${script} | ${(ms / n).toFixed(1)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
