import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

// The extension as a person uses it: a real VS Code (code-server) in Debian's Chromium.
const ROOT = join(__dirname, "..", "..");
const SHOTS = join(ROOT, "test-results", "e2e");
const CHROMIUM = "/usr/bin/chromium";

interface CodeServer {
  url: string;
  stop: () => void;
  output: () => string;
}

describe("VS Code (code-server) with Verbatim", { timeout: 600_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  const folder = mkdtempSync(join(tmpdir(), "verbatim-e2e-"));
  const file = join(folder, "seed.transcript");

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  /** Ctrl+G, the line number, Enter: the editor shows that line with the cursor on it. */
  const goToLine = async (line: number) => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+g");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
    await page.keyboard.type(String(line));
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 30_000 });
    await page.locator("#status\\.editor\\.selection", { hasText: `Ln ${line},` }).waitFor({ timeout: 30_000 });
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(ROOT, "test", "corpus", "seeds", "000_b70b41d151435293.txt"), file);
    const { startCodeServer } = (await import(pathToFileURL(join(ROOT, "scripts", "code-server.mjs")).href)) as {
      startCodeServer: (folder: string) => Promise<CodeServer>;
    };
    server = await startCodeServer(folder);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
    // Open the transcript from the Explorer, as a person would.
    await page.getByRole("treeitem", { name: "seed.transcript" }).click({ timeout: 60_000 });
    await page.locator(".monaco-editor .view-line").first().waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
  });

  it("shows the language mode Transcript", async () => {
    const mode = page.locator("#status\\.editor\\.mode");
    await mode.getByText("Transcript").waitFor({ timeout: 60_000 });
    await shot("1-language-mode");
  });

  it("lists the speech in the Outline view", async () => {
    const outline = page.locator(".pane-header", { hasText: "Outline" });
    await outline.click();
    await page.locator(".monaco-list-row", { hasText: "Mrs. Aitimova (Kazakhstan)" }).waitFor({ timeout: 60_000 });
    await shot("2-outline");
  });

  it("hovers the speaker header and an acronym", async () => {
    await page.locator(".view-line span", { hasText: "Aitimova" }).first().hover();
    await page.locator(".monaco-hover", { hasText: "Speech 1 of 1" }).waitFor({ timeout: 30_000 });
    await shot("3-hover-speaker");
    await page.mouse.move(0, 0);
    await goToLine(57);
    const nato = page.locator(".view-line span", { hasText: /^NATO$/ }).first();
    await nato.hover();
    await page.locator(".monaco-hover", { hasText: "North Atlantic Treaty Organization" }).waitFor({ timeout: 30_000 });
    await shot("4-hover-acronym");
  });

  it("underlines a fused word, lists it in Problems, and its quick fix changes the text", async () => {
    await page.mouse.move(0, 0);
    await page.keyboard.press("Control+Shift+M");
    const problem = page.locator(".markers-panel .monaco-list-row", { hasText: "thejoint" });
    await problem.waitFor({ timeout: 60_000 });
    await shot("5-problems");
    // A squiggle under the word in the editor, and its quick fix at the cursor.
    await page.locator(".monaco-editor .squiggly-warning").first().waitFor({ state: "attached", timeout: 30_000 });
    await goToLine(40);
    await page.keyboard.press("Control+Period");
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: "Split into" }).first();
    await fix.waitFor({ timeout: 30_000 });
    await shot("6-quick-fix-menu");
    await fix.click();
    await page.keyboard.press("Control+s");
    const deadline = Date.now() + 30_000;
    while (!readFileSync(file, "utf8").includes("the joint efforts") && Date.now() < deadline) {
      await page.waitForTimeout(200);
    }
    assert.match(readFileSync(file, "utf8"), /^the joint efforts of countries/m);
    await shot("7-fixed");
  });
});
