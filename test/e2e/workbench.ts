import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Locator, type Page } from "playwright-core";

// What the e2e tests do in VS Code's workbench (code-server) as a person would.

/**
 * Ctrl+G, the line number (1-based) and the column (1-based, when given), Enter: the editor shows
 * that line with the cursor on it.
 */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+g");
  await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
  await page.keyboard.type(column === undefined ? String(line) : `${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 30_000 });
  await page
    .locator("#status\\.editor\\.selection", {
      hasText: column === undefined ? `Ln ${line},` : `Ln ${line}, Col ${column}`,
    })
    .waitFor({ timeout: 30_000 });
}

/**
 * VERBATIM_E2E_WEBVIEWS=cross-site: each webview served from a site of its own
 * (`http://HASH.localhost:PORT/`, as VS Code's web build serves them from vscode-cdn.net), so that
 * Chromium's site isolation runs it in a process of its own instead of on the window's main thread.
 * code-server (4.139) has no setting for that (its webview endpoint is a path of its own origin):
 * the workbench page's configuration is rewritten on its way to the browser. For the PDF view's
 * speed figures (bench/RESULTS.md); the default is code-server as it is.
 */
export const crossSiteWebviews = () => process.env.VERBATIM_E2E_WEBVIEWS === "cross-site";

/** Debian's Chromium, which the e2e tests drive. */
export const CHROMIUM = "/usr/bin/chromium";

/** A workbench open on a folder: its page, and what closes it (the browser, then code-server). */
export interface Workbench {
  page: Page;
  close: () => Promise<void>;
}

/**
 * code-server started on `folder` (scripts/code-server.mjs, the packaged extension installed)
 * and Chromium opened on it, 1500 × 950: the workbench once it is drawn.
 */
export async function openWorkbench(folder: string): Promise<Workbench> {
  const root = join(__dirname, "..", "..");
  const { startCodeServer } = (await import(pathToFileURL(join(root, "scripts", "code-server.mjs")).href)) as {
    startCodeServer: (
      folder: string,
      options: { settings: Record<string, unknown> },
    ) => Promise<{ url: string; stop: () => void }>;
  };
  const server = await startCodeServer(folder, { settings: {} });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      // Cross-site webviews register a service worker in a third-party frame, which Chromium allows
      // only with its storage partitioned (Playwright turns that off: this later switch wins).
      ...(crossSiteWebviews() ? ["--disable-features=PaintHolding"] : []),
    ],
  });
  // Cross-site webviews: the workbench's CSP (a header of code-server's) allows frames of its own
  // origin and vscode-cdn.net only; Chromium is told to bypass it.
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 }, bypassCSP: crossSiteWebviews() });
  if (crossSiteWebviews()) {
    // The workbench's configuration (a meta element code-server writes) given an absolute webview
    // endpoint before the workbench's script reads it.
    const port = new URL(server.url).port;
    await page.addInitScript({
      content: `if (location.pathname === "/")
        new MutationObserver((_, observer) => {
          const meta = document.getElementById("vscode-workbench-web-configuration");
          if (!meta || !meta.dataset.settings) return;
          const settings = JSON.parse(meta.dataset.settings);
          settings.webviewEndpoint = "http://{{uuid}}.localhost:${port}/" + settings.webviewEndpoint;
          meta.dataset.settings = JSON.stringify(settings);
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });`,
    });
  }
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
  return {
    page,
    close: async () => {
      await browser.close();
      server.stop();
    },
  };
}

/**
 * Ctrl+. at the cursor until the quick-fix menu lists a row with `text` (the menu lists what the
 * last code-action request answered; while diagnostics are still arriving that request may be
 * superseded, and cancelled): the row, shown.
 */
export async function quickFix(page: Page, text: string): Promise<Locator> {
  const fix = page.locator(".action-widget .monaco-list-row", { hasText: text }).first();
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press("Control+Period");
    try {
      await fix.waitFor({ timeout: 5_000 });
      return fix;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.keyboard.press("Escape");
    }
  }
}

/**
 * The mouse over `target` until the editor's hover shows `text` (a hover the editor drops, as when
 * the text under the pointer is re-rendered by arriving diagnostics, is asked again).
 */
export async function hoverUntil(page: Page, target: Locator, text: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.mouse.move(0, 0);
    await target.hover();
    try {
      await page.locator(".monaco-hover", { hasText: text }).waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/**
 * VERBATIM_E2E_TRACE=FOLDER: Chromium's timeline of every process of the browser (its threads'
 * tasks, the renderers' style, layout, paint and script, V8's samples), recorded over a span of a
 * test and written to FOLDER/NAME.json with the span's start and end on the page's clock
 * (`Date.now()`) and the trace's, and spans within it (a far move's key → marks painted), for
 * `bench/pdf-view-cpu.ts`. Off (undefined) otherwise: the
 * recording costs the browser processor time, so a traced run's figures are not the test's.
 */
export async function traceSpan(
  page: Page,
  name: string,
): Promise<((end?: number, spans?: [number, number][]) => Promise<void>) | undefined> {
  const folder = process.env.VERBATIM_E2E_TRACE;
  const browser = page.context().browser();
  if (!folder || !browser) return undefined;
  const cdp = await browser.newBrowserCDPSession();
  const events: unknown[] = [];
  cdp.on("Tracing.dataCollected", (d) => {
    events.push(...(d.value as unknown[]));
  });
  await cdp.send("Tracing.start", {
    traceConfig: {
      includedCategories: [
        "toplevel",
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "v8.execute",
        "disabled-by-default-v8.cpu_profiler",
        "blink.user_timing",
      ],
    },
    transferMode: "ReportEvents",
  });
  // A user-timing mark on the window's thread: the trace's clock (µs) against the page's (ms since 1970).
  const epoch = (await page.evaluate(
    `performance.timeOrigin + performance.mark("verbatim-trace-start").startTime`,
  )) as number;
  return async (end = Date.now(), spans: [number, number][] = []) => {
    const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await done;
    await cdp.detach();
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.json`), JSON.stringify({ start: epoch, end, spans, traceEvents: events }));
  };
}
