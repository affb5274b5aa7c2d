import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { goToLine as goToLineIn, hoverUntil, quickFix } from "./workbench";

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
  const record = join(folder, "S_PV.9001.txt");
  const another = join(folder, "A_72_PV.99.txt");
  const cut = join(folder, "cut.transcript");
  // A record with two votes by show of hands (pdftotext -raw's text of S/PV.8700).
  const votes = join(folder, "S_PV.8700.txt");

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  const goToLine = (line: number) => goToLineIn(page, line);

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(ROOT, "test", "corpus", "seeds", "000_b70b41d151435293.txt"), file);
    copyFileSync(join(ROOT, "samples", "S_PV.9001.txt"), record);
    copyFileSync(join(ROOT, "samples", "A_72_PV.99.txt"), another);
    // A paragraph cut by a blank line (line 27 goes on at line 29).
    copyFileSync(join(ROOT, "test", "corpus", "seeds", "002_68e17840d4f4b104.txt"), cut);
    copyFileSync(join(ROOT, "test", "corpus", "sc2020", "text", "raw", "S_PV.8700.txt"), votes);
    const { startCodeServer } = (await import(pathToFileURL(join(ROOT, "scripts", "code-server.mjs")).href)) as {
      startCodeServer: (folder: string, options: { settings: Record<string, unknown> }) => Promise<CodeServer>;
    };
    server = await startCodeServer(folder, {
      settings: { "editor.codeActionsOnSave": { "source.fixAll.verbatim": "explicit" } },
    });
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
    await hoverUntil(page, page.locator(".view-line span", { hasText: "Aitimova" }).first(), "Speech 1 of 1");
    await shot("3-hover-speaker");
    await page.mouse.move(0, 0);
    await goToLine(57);
    const nato = page.locator(".view-line span", { hasText: /^NATO$/ }).first();
    await hoverUntil(page, nato, "North Atlantic Treaty Organization");
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
    const fix = await quickFix(page, "Split into");
    await shot("6-quick-fix-menu");
    await fix.click();
    await page.keyboard.press("Control+s");
    const saved = Date.now() + 30_000;
    while (!readFileSync(file, "utf8").includes("the joint efforts") && Date.now() < saved) {
      await page.waitForTimeout(200);
    }
    assert.match(readFileSync(file, "utf8"), /^the joint efforts of countries/m);
    await shot("7-fixed");
  });

  /** The colour a span is drawn in (runs in the page). */
  const colourOf = (e: unknown) =>
    (globalThis as unknown as { getComputedStyle(x: unknown): { color: string } }).getComputedStyle(e).color;

  /** Runs a command from the palette (F1), by its title. */
  const command = async (title: string) => {
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
    await page.keyboard.type(title);
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first().click({ timeout: 30_000 });
  };

  /** Polls a file until it holds a pattern, or fails at the deadline. */
  const fileHolds = async (path: string, pattern: RegExp) => {
    const deadline = Date.now() + 30_000;
    while (!pattern.test(readFileSync(path, "utf8"))) {
      if (Date.now() > deadline) assert.fail(`${path} never matched ${pattern}`);
      await page.waitForTimeout(100);
    }
  };

  it("colours a header wrapped over two lines with semantic tokens, which TextMate cannot", async () => {
    await page.getByRole("treeitem", { name: "S_PV.9001.txt" }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 30_000 });
    await goToLine(122);
    const venezuela = page.locator(".view-line span", { hasText: /^Venezuela$/ }).first();
    await venezuela.waitFor({ timeout: 30_000 });
    const plain = page.locator(".view-line span", { hasText: /^I\shave\sthe\shonour/ }).first();
    const deadline = Date.now() + 30_000;
    let colours: string[] = [];
    for (;;) {
      colours = [await venezuela.evaluate(colourOf), await plain.evaluate(colourOf)];
      if (colours[0] !== colours[1]) break;
      if (Date.now() > deadline) assert.fail(`the wrapped delegation is not coloured: ${colours.join(" / ")}`);
      await page.waitForTimeout(100);
    }
    await shot("8-semantic-colours");
  });

  it("tells the Outline rows of a record apart: speech number and words, and speeches are events", async () => {
    // Room for every row (a list draws only the rows on screen): the folder's section folded.
    const outline = page.locator(".pane-header", { hasText: "Outline" });
    if ((await outline.getAttribute("aria-expanded")) !== "true") await outline.click();
    const files = page.locator(".pane-header").first();
    if ((await files.getAttribute("aria-expanded")) === "true") await files.click();
    const rows = page.locator(".monaco-list-row:has(.codicon-symbol-event)");
    await page.locator(".monaco-list-row", { hasText: "speech 7 · 55 words" }).waitFor({ timeout: 60_000 });
    const shown = await rows.evaluateAll((els) =>
      els.map((e) => ({
        text: [".label-name", ".label-description"].map((c) => e.querySelector(c)?.textContent ?? "").join(" — "),
        aria: e.getAttribute("aria-label") ?? "",
      })),
    );
    assert.equal(shown.length, 7, JSON.stringify(shown));
    assert.equal(new Set(shown.map((r) => r.text)).size, 7, `two rows alike: ${JSON.stringify(shown)}`);
    const presidents = shown.filter((r) => r.text.startsWith("The President — "));
    assert.deepEqual(
      presidents.map((r) => r.text),
      ["The President — speech 1 · 68 words", "The President — speech 3 · 9 words"],
    );
    assert.ok(
      shown.some((r) => r.text === "Mr. Nebenzia (Russian Federation) — speech 4 · 56 words · spoke in Russian"),
      JSON.stringify(shown),
    );
    // The tooltip and the screen reader say what a speech is: an event, not a function.
    for (const r of shown) assert.match(r.aria, / \(event\)$/, r.aria);
    await shot("9a-outline-rows");
    if ((await files.getAttribute("aria-expanded")) !== "true") await files.click();
  });

  it("puts no squiggle on a blank line: the split paragraph's is on the cut line's last word", async () => {
    /** The text of the line under each squiggle the editor draws (a line is found by its top). */
    const squiggledLines = () =>
      // A script as text: the test's own compiled functions do not run in the page.
      page.evaluate(`(() => {
        const top = (e) => /top:\\s*([\\d.]+)px/.exec((e && e.getAttribute("style")) || "")?.[1] ?? "";
        const lines = new Map();
        for (const l of document.querySelectorAll(".monaco-editor .view-lines .view-line")) lines.set(top(l), l.textContent);
        return [...document.querySelectorAll(".monaco-editor .view-overlays [class*='squiggly-']")].map((q) => ({
          kind: q.className,
          // The editor draws spaces as no-break spaces.
          line: (lines.get(top(q.parentElement)) ?? "").replace(/\\u00a0/g, " ") || null,
        }));
      })()`) as Promise<{ kind: string; line: string | null }[]>;
    const noneOnBlank = async (label: string) => {
      await page.locator(".monaco-editor .view-overlays [class*='squiggly-']").first().waitFor({ state: "attached" });
      const found = await squiggledLines();
      assert.ok(found.length > 0, `${label}: no squiggle drawn`);
      for (const q of found)
        assert.ok(q.line?.trim(), `${label}: a squiggle on a blank line: ${JSON.stringify(found)}`);
      return found;
    };
    // The record: a sentence cut at line 91 by page furniture and blank lines (92–97).
    await goToLine(96);
    await page.waitForTimeout(1_000);
    await noneOnBlank("S_PV.9001.txt, lines around 91–97");
    await shot("9b-no-squiggle-on-blank-lines-record");
    // The seed: a sentence cut by one blank line; the squiggle is on `and`, where it goes on is related.
    await page.getByRole("treeitem", { name: "cut.transcript" }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 30_000 });
    await goToLine(30);
    await page.waitForTimeout(1_000);
    const found = await noneOnBlank("cut.transcript");
    assert.ok(
      found.some((q) => q.line?.trimEnd().endsWith("recruit new members and")),
      JSON.stringify(found),
    );
    // Where it goes on: the related information, under the problem in the Problems panel.
    if (!(await page.locator(".markers-panel").isVisible())) await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel .monaco-list-row", { hasText: "The sentence goes on here." }).waitFor({
      timeout: 30_000,
    });
    await shot("9c-no-squiggle-on-blank-lines-seed");
    // Back to the record, its header at line 121 on screen for the code lens.
    await page.getByRole("treeitem", { name: "S_PV.9001.txt" }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 30_000 });
    await goToLine(122);
  });

  it("shows the Speakers view and a code lens above each speech", async () => {
    // The lens above the header on screen (line 121): the speech's words and speaking time.
    await page
      .locator(".codelens-decoration", {
        hasText: /^36\swords\s·\sunder\sa\sminute\sspoken\s\(at\s120\swords\sa\sminute\)$/,
      })
      .waitFor({ timeout: 30_000 });
    await command("Focus on Speakers View");
    // Room for it: fold the Outline section above.
    const outline = page.locator(".pane-header", { hasText: "Outline" });
    if ((await outline.getAttribute("aria-expanded")) === "true") await outline.click();
    await page
      .locator(".monaco-list-row", { hasText: "Bolivarian Republic of Venezuela" })
      .first()
      .waitFor({ timeout: 30_000 });
    // Grouped as a reader thinks of it: who presides, then the delegations; one row per speaker.
    const view = page.locator(".pane", { has: page.locator(".pane-header", { hasText: /^Speakers/ }) });
    const tree = view.locator(".monaco-list-row[aria-level='1'], .monaco-list-row[aria-level='2']");
    const rows = await tree.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute("aria-level")} ${e.querySelector(".label-name")?.textContent ?? ""}`),
    );
    assert.deepEqual(rows, [
      "1 Presiding officer",
      "2 The President",
      "2 The Acting President",
      "1 Delegations",
      "2 Kazakhstan",
      "2 Russian Federation",
      "2 Bolivarian Republic of Venezuela",
      "2 Tajikistan",
    ]);
    const kazakhstan = view.locator(".monaco-list-row[aria-level='2']", { hasText: "Kazakhstan" }).first();
    assert.match(await kazakhstan.innerText(), /Mrs\. Aitimova · 1 speech, 227 words/);
    // A long name is cut in the row; its tooltip gives it whole.
    await view.locator(".monaco-list-row", { hasText: "Bolivarian Republic of Venezuela" }).first().hover();
    await page
      .locator(".monaco-hover, .workbench-hover, .custom-hover", {
        hasText: "Mr. Medina Mejías (Bolivarian Republic of Venezuela), Chair of the Counter-Terrorism Committee",
      })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot("9-speakers-view");
  });

  it("hovers a relative date with its value and the meeting's date it is read against", async () => {
    await page.mouse.move(0, 0);
    await goToLine(79);
    // `Last year` in a record of 19 April 2022 (its cover page): 2021.
    await page.locator(".view-line span", { hasText: /^Last/ }).first().hover();
    const hover = page.locator(".monaco-hover", { hasText: "Read against 2022-04-19" });
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /Relative date:\s*2021/);
    await shot("10-hover-date");
    await page.mouse.move(0, 0);
  });

  it("cleans the whole record with Verbatim: Clean Transcript", async () => {
    await command("Verbatim: Clean Transcript");
    await page.keyboard.press("Control+s");
    await fileHolds(record, /its transnational\r?\n/);
    const text = readFileSync(record, "utf8");
    assert.ok(!text.includes("22-31807 3/4"), "page furniture removed");
    assert.ok(text.includes("Counter-Terrorism"), "compounds kept");
    await shot("11-cleaned");
  });

  it("fixes on save (editor.codeActionsOnSave)", async () => {
    await page.getByRole("treeitem", { name: "A_72_PV.99.txt" }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 30_000 });
    await goToLine(1);
    await page.keyboard.press("End");
    await page.keyboard.type(" ");
    await page.keyboard.press("Control+s");
    await fileHolds(another, /its consideration\r?\n/);
    assert.ok(!readFileSync(another, "utf8").includes("18-20721 3/5"));
    await shot("12-fixed-on-save");
  });

  it("lists each vote in the Outline with its counts and result, and hovers a list's label with its length", async () => {
    await page.getByRole("treeitem", { name: "S_PV.8700.txt" }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 30_000 });
    const outline = page.locator(".pane-header", { hasText: "Outline" });
    if ((await outline.getAttribute("aria-expanded")) !== "true") await outline.click();
    // Room for every row (a list draws only the rows on screen): the folder and the Speakers folded.
    const files = page.locator(".pane-header").first();
    if ((await files.getAttribute("aria-expanded")) === "true") await files.click();
    const speakers = page.locator(".pane-header", { hasText: /^Speakers/ });
    if ((await speakers.getAttribute("aria-expanded")) === "true") await speakers.click();
    // The votes are Numbers among the speeches, under the agenda item.
    const vote = page.locator(".monaco-list-row:has(.codicon-symbol-number)", { hasText: "11–0–4, adopted" });
    await vote.waitFor({ timeout: 60_000 }).catch(async (e) => {
      await shot("13-votes-in-outline-failed");
      throw e;
    });
    const shown = await page
      .locator(".monaco-list-row:has(.codicon-symbol-number)")
      .evaluateAll((els) =>
        els.map((e) =>
          [".label-name", ".label-description"].map((c) => e.querySelector(c)?.textContent ?? "").join(" — "),
        ),
      );
    assert.deepEqual(shown, [
      "Vote on S/2020/24 — The proposed oral amendment: 3–7–5, not-adopted — show of hands · lists agree",
      "Vote on S/2020/24 — The draft resolution: 11–0–4, adopted (2504 (2020)) — show of hands · lists agree",
    ]);
    await shot("13-votes-in-outline");
    // The label of the second vote's list in favour (line 154): eleven States, as printed.
    await goToLine(154);
    // The editor draws spaces as no-break spaces (\s takes them).
    await page
      .locator(".view-line span", { hasText: /^In\sfavour/ })
      .last()
      .hover();
    const hover = page.locator(".monaco-hover", { hasText: "States in favour" });
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /\b(?:3|11) States in favour\s—\sthe outcome prints (?:3|11) ✓/);
    await shot("14-hover-vote-list");
    await page.mouse.move(0, 0);
    if ((await files.getAttribute("aria-expanded")) !== "true") await files.click();
  });
});
