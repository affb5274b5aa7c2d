import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Frame, Page } from "playwright-core";
import { parseOcrSidecar } from "../../shared/ocrSidecar";
import { openWorkbench, type Workbench } from "./workbench";

// Import PDF… on a scan, as a person does it in a real VS Code (code-server in Debian's Chromium):
// the 1950 record's two pages (an OCR layer too poor to use) opened in the PDF view, *Import as
// Transcript* clicked; the modal question (its language, its estimate), *Read by OCR*, the progress
// notification (`page 1 of 2`), and Cancel: no transcript. Then again to the end: the transcript
// opens beside the PDF with the record's first English speech, linked to the OCR's word boxes, and
// the notification reports what was left out and the words in doubt; saved, its doubtful words go
// beside it (`S_PV.492.p2-3.ocr.tsv`), each naming a word of the saved text. Everything is read from the
// workbench's DOM; the screenshots in test-results/e2e/ are evidence. Needs tesseract (eng) and
// pdftoppm, as CI installs them.
const ROOT = join(__dirname, "..", "..");
const SHOTS = join(ROOT, "test-results", "e2e");
const SCAN = "S_PV.492.p2-3";

describe("Import PDF… on a scan in VS Code (code-server)", { timeout: 900_000 }, () => {
  let workbench: Workbench | undefined;
  let page: Page;
  const folder = mkdtempSync(join(tmpdir(), "verbatim-e2e-ocr-"));

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  /** The PDF view's document (VS Code nests a webview in two iframes). */
  const view = async (): Promise<Frame> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const f of page.frames()) {
        // The view's script has run (it stamps `scriptAt` and attaches its handlers in one task: no
        // top-level await), not only its page parsed: a click before would be lost.
        const has = await f.evaluate(`document.body?.dataset.scriptAt !== undefined`).catch(() => false);
        if (has) return f;
      }
      if (Date.now() > deadline) {
        await shot("ocr-pdf-view-never-showed");
        assert.fail("the PDF view never showed");
      }
      await page.waitForTimeout(200);
    }
  };

  /** The view's status line. */
  const status = (f: Frame) => f.evaluate(`document.getElementById("status").textContent`) as Promise<string>;

  /** The modal question, once the text import has refused the scan. */
  const question = () => page.locator(".monaco-dialog-box");

  /** The notification toast whose text matches. */
  const toast = (text: RegExp) => page.locator(".notifications-toasts .notification-toast", { hasText: text });

  /** Import as Transcript in the view, then the question answered with Read by OCR. */
  const importByOcr = async (f: Frame, name: string) => {
    await f.locator("#import").click();
    const dialog = question();
    await dialog.waitFor({ timeout: 120_000 });
    const text = (await dialog.innerText()).replace(/\s+/g, " ");
    assert.match(
      text,
      new RegExp(`The text layer of ${SCAN}\\.pdf \\(2 pages\\) is OCR of poor quality\\. Read it by OCR again\\?`),
    );
    assert.match(text, /too poor to import as it is/);
    assert.match(
      text,
      /Language: English \(eng\)\. It takes (under a minute|about \d+ minutes?) here, and can be cancelled\./,
    );
    assert.doesNotMatch(text, /verbatim import --ocr/);
    await shot(name);
    await dialog.getByRole("button", { name: "Read by OCR" }).click();
    await dialog.waitFor({ state: "hidden", timeout: 30_000 });
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(ROOT, "test", "corpus", "scans", `${SCAN}.pdf`), join(folder, `${SCAN}.pdf`));
    workbench = await openWorkbench(folder);
    page = workbench.page;
    // The Explorer lists Verbatim's Speakers view once the extensions' contributions are read.
    await page.locator(".pane-header", { hasText: /^Speakers/ }).waitFor({ timeout: 120_000 });
    await page.getByRole("treeitem", { name: `${SCAN}.pdf` }).dblclick({ timeout: 60_000 });
  });

  after(async () => {
    await workbench?.close();
  });

  it("asks before the OCR, shows its pages in a notification, and a Cancel leaves no transcript", async () => {
    const f = await view();
    await importByOcr(f, "40-ocr-question");
    const progress = toast(new RegExp(`Verbatim: OCR of ${SCAN}\\.pdf: page 1 of 2`));
    await progress.waitFor({ timeout: 120_000 });
    await shot("41-ocr-progress");
    await progress.getByRole("button", { name: "Cancel" }).click();
    await toast(/Verbatim: OCR of/).waitFor({ state: "hidden", timeout: 60_000 });
    // No error said, no editor opened (the next import's transcript takes the first name: below).
    assert.equal(await toast(/not read by OCR|failed/).count(), 0);
    assert.equal(await page.locator(".tab", { hasText: ".txt" }).count(), 0);
    await shot("42-ocr-cancelled");
  });

  it("reads it by OCR to the end: the transcript beside the PDF, its first English speech, the report", async () => {
    const f = await view();
    await importByOcr(f, "43-ocr-question-again");
    await toast(new RegExp(`Verbatim: OCR of ${SCAN}\\.pdf: page \\d of 2`)).waitFor({ timeout: 120_000 });
    // The transcript: an untitled document named after the PDF (the cancelled run took no name).
    const tab = page.locator(".tab", { hasText: `${SCAN}.txt` });
    await tab.waitFor({ timeout: 600_000 });
    assert.equal(await page.locator(".tab", { hasText: "(imported" }).count(), 0);
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 60_000 });
    // Reported: what was left out and the words in doubt.
    const report = toast(new RegExp(`${SCAN}\\.pdf read by OCR — \\d+ speeches from 2 pages`));
    await report.waitFor({ timeout: 60_000 });
    const said = (await report.innerText()).replace(/\s+/g, " ");
    assert.match(said, /the right column \(fr\) of pages 1–2 left out/);
    assert.match(said, /\d+ words in doubt \(ocr-uncertain\)/);
    // Linked to the OCR's word boxes: the view follows it.
    const deadline = Date.now() + 120_000;
    while (!/Following S_PV\.492\.p2-3\.txt: (9\d|100)(\.\d)?% of its words found/.test(await status(f))) {
      if (Date.now() > deadline) assert.fail(`the view says: ${await status(f)}`);
      await page.waitForTimeout(200);
    }
    // The first English speech, found in the editor (Ctrl+F: one match) and shown.
    await page.locator(".editor-group-container .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+f");
    await page.locator(".find-widget textarea, .find-widget input").first().waitFor({ timeout: 30_000 });
    await page.keyboard.type(
      "The President (translated from Russian): The agenda which is before the Security Council",
    );
    await page.locator(".find-widget .matchesCount", { hasText: /^1 of 1$/ }).waitFor({ timeout: 30_000 });
    const lines = (
      await page.locator(".editor-group-container .monaco-editor .view-lines").first().innerText()
    ).replace(/\s+/g, " ");
    // The office in small capitals: read as `President` or `PRESIDENT` depending on the OCR.
    assert.match(lines, /The President \(translated from Russian\): The agenda which is before the Security Council/i);
    await shot("44-ocr-imported-beside");
  });

  it("writes the words in doubt beside the transcript when it is saved", async () => {
    await page.keyboard.press("Escape");
    await page
      .locator(".tab", { hasText: `${SCAN}.txt` })
      .first()
      .click();
    await page.locator(".editor-group-container .monaco-editor .view-lines").first().click();
    // A line typed at the top first: the words in doubt move with the text.
    await page.keyboard.press("Control+Home");
    await page.keyboard.type("Checked against the scan.");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+s");
    // Saved under the name beside the PDF: at once, or through the save dialog, which offers it.
    const saved = join(folder, `${SCAN}.txt`);
    const sidecar = join(folder, `${SCAN}.ocr.tsv`);
    const input = page.locator(".quick-input-widget input");
    const deadline = Date.now() + 60_000;
    while (!existsSync(sidecar)) {
      if (await input.isVisible()) {
        assert.match(await input.inputValue(), /S_PV\.492\.p2-3\.txt$/);
        await page.keyboard.press("Enter");
      }
      if (Date.now() > deadline) assert.fail(`${sidecar} was not written`);
      await page.waitForTimeout(100);
    }
    const text = readFileSync(saved, "utf8").split("\n");
    assert.equal(text[0], "Checked against the scan.");
    const marks = parseOcrSidecar(readFileSync(sidecar, "utf8"));
    assert.ok(marks.length > 0);
    for (const m of marks) assert.equal(text[m.line]?.slice(m.start, m.end), m.word, `line ${m.line + 1}`);
    await shot("45-ocr-saved");
  });
});
