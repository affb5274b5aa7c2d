import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Frame, Page } from "playwright-core";
import { type OcrWordMark, parseOcrSidecar } from "../../server/src/index";
import { type PageBox, TextLink } from "../../server/src/pdf";
import { importScan } from "../../server/src/pdf/ocr";
import { goToLine, openWorkbench, quickFix, type Workbench } from "./workbench";

// A scanned record's doubtful OCR words in a real VS Code (code-server in Debian's Chromium): the
// 1950 scan's transcript saved with its sidecar (`NAME.ocr.tsv`, made by `verbatim import --ocr`)
// and its PDF beside it. Opened, its doubts are in Problems (information), with a hover and the
// quick fix of the one a confusion away; Show PDF Beside marks them on the page (the server reads
// the scan by OCR for its map) and a click on a mark puts the cursor on the word. The expected
// boxes come from the same OCR and link run here; the assertions read the DOM; the screenshots in
// test-results/e2e/ are evidence.
const ROOT = join(__dirname, "..", "..");
const SHOTS = join(ROOT, "test-results", "e2e");
const SCANS = join(ROOT, "test", "corpus", "scans");
const NAME = "S_PV.492.p2-3";

type Box = Omit<PageBox, "page">;

describe("doubtful OCR words in VS Code (code-server)", { timeout: 900_000 }, () => {
  let workbench: Workbench | undefined;
  let page: Page;
  const folder = mkdtempSync(join(tmpdir(), "verbatim-e2e-ocr-"));
  const text = readFileSync(join(SCANS, `${NAME}.txt`), "utf8");
  const marks: OcrWordMark[] = parseOcrSidecar(readFileSync(join(SCANS, `${NAME}.ocr.tsv`), "utf8"));
  /** The boxes the server gives for the doubts of each page: the same OCR and alignment, run here. */
  let expected: Map<number, Box[]>;
  let link: TextLink;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  /** The webview's document of the PDF view (VS Code nests it in two iframes). */
  const view = async (): Promise<Frame> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      for (const f of page.frames()) {
        const name = await f
          .evaluate(`document.getElementById("pages") ? (document.body.dataset.name ?? "") : null`)
          .catch(() => null);
        if (name === `${NAME}.pdf`) return f;
      }
      if (Date.now() > deadline) {
        await shot("40-ocr-view-never-showed");
        assert.fail("the PDF view never showed");
      }
      await page.waitForTimeout(200);
    }
  };

  /** The doubt marks drawn on a page of the view, in PDF points. */
  const doubtsOn = (f: Frame, n: number) =>
    f.evaluate(`[...document.querySelectorAll('.page[data-page="${n}"] .doubt')].map((m) => ({
      x: Number(m.dataset.x), y: Number(m.dataset.y), width: Number(m.dataset.width), height: Number(m.dataset.height),
    }))`) as Promise<Box[]>;

  /** Runs a command from the palette (F1), by its title. */
  const command = async (name: string) => {
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
    await page.keyboard.type(name);
    const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: name.replace(/^.*: /, "") }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const ext of [".txt", ".ocr.tsv", ".pdf"])
      copyFileSync(join(SCANS, `${NAME}${ext}`), join(folder, `${NAME}${ext}`));
    const scan = await importScan(readFileSync(join(SCANS, `${NAME}.pdf`)));
    assert.ok(scan.ok, scan.ok ? "" : scan.message);
    link = new TextLink(scan.source, text);
    expected = new Map(
      [1, 2].map((n) => [
        n,
        marks.flatMap((m) =>
          link.boxesOfSpan(m.line, m.start, m.end, n).map(({ x, y, width, height }) => ({ x, y, width, height })),
        ),
      ]),
    );
    workbench = await openWorkbench(folder);
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  it("lists the scan's doubtful words in Problems as information, once its transcript is opened", async () => {
    await page.locator(".pane-header", { hasText: /^Speakers/ }).waitFor({ timeout: 120_000 });
    await page.getByRole("treeitem", { name: `${NAME}.txt` }).click({ timeout: 60_000 });
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 60_000 });
    await page.keyboard.press("Control+Shift+M");
    await page
      .locator(".markers-panel .monaco-list-row", { hasText: "The OCR was unsure of" })
      .first()
      .waitFor({ state: "attached", timeout: 120_000 });
    // Each an information: the status bar counts them (the record's other findings are warnings).
    const counts = page.locator("#status\\.problems");
    await counts.locator(".codicon-info").waitFor({ timeout: 30_000 });
    const until = Date.now() + 60_000;
    let infos = "";
    while (Date.now() < until) {
      infos = (await counts.innerText()).trim().split(/\s+/).pop() ?? "";
      if (infos === String(marks.length)) break;
      await page.waitForTimeout(200);
    }
    assert.equal(infos, String(marks.length), `the status bar's information count: ${await counts.innerText()}`);
    // One of them found with the Problems filter, where the transcript has it.
    const natious = marks.find((m) => m.word === "Natious") as OcrWordMark;
    const row = page.locator(".markers-panel .monaco-list-row", { hasText: "The OCR was unsure of “Natious”" });
    // The filter typed again if the list has not shown the row: in one CI run of many, on a loaded
    // machine, the list kept its unfiltered rows after the filter's text was set.
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./);
    for (let attempt = 1; ; attempt++) {
      await filter.fill("");
      await filter.fill("Natious");
      try {
        await row.waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    assert.match(await row.innerText(), new RegExp(`\\[Ln ${natious.line + 1}, Col ${natious.start + 1}\\]`));
    assert.ok((await row.locator("[class*=info]").count()) >= 1, "an information's icon");
    await shot("40-ocr-doubts-problems");
    await page.getByPlaceholder(/^Filter \(e\.g\./).fill("");
  });

  it("hovers a doubt and offers its fix one OCR confusion away", async () => {
    const lt = marks.find((m) => m.word === "lt") as OcrWordMark;
    await goToLine(page, lt.line + 1, lt.start + 1);
    await page.keyboard.press("Control+k");
    await page.keyboard.press("Control+i");
    await page.locator(".monaco-hover", { hasText: "The OCR was unsure of “lt”" }).waitFor({ timeout: 30_000 });
    await shot("41-ocr-doubt-hover");
    await page.keyboard.press("Escape");
    await quickFix(page, "Replace with “It”");
    await shot("42-ocr-doubt-quick-fix");
    await page.keyboard.press("Escape");
  });

  it("marks the doubtful words on the scan's pages, at their words; a click goes to the word", async () => {
    await goToLine(page, 1);
    await command("Verbatim: Show PDF Beside");
    const f = await view();
    // Linked once the server has read the scan by OCR (seconds a page).
    await f.locator("#status", { hasText: /^Following/ }).waitFor({ timeout: 300_000 });
    await f.locator('.page[data-page="1"] .doubt').first().waitFor({ timeout: 120_000 });
    const want1 = expected.get(1) ?? [];
    assert.ok(want1.length >= 1, "doubts expected on page 1");
    const sort = (boxes: Box[]) => [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
    const until = Date.now() + 60_000;
    let got = await doubtsOn(f, 1);
    while (got.length !== want1.length && Date.now() < until) {
      await page.waitForTimeout(200);
      got = await doubtsOn(f, 1);
    }
    assert.deepEqual(sort(got), sort(want1));
    // Distinct from the cursor's sentence marks.
    const style = (await f.evaluate(`(() => {
      const s = getComputedStyle(document.querySelector(".doubt"));
      return s.borderTopStyle;
    })()`)) as string;
    assert.equal(style, "dotted");
    await shot("43-ocr-doubts-marked-on-page");
    // A click on the mark of "Natious" puts the cursor on it in the transcript.
    const natious = marks.find((m) => m.word === "Natious") as OcrWordMark;
    const [box] = link.boxesOfSpan(natious.line, natious.start, natious.end, 1);
    assert.ok(box, "Natious is printed on page 1");
    const scale = Number(await f.evaluate("document.body.dataset.scale"));
    await f.locator(`.page[data-page="1"] .doubt[data-x="${box.x}"][data-y="${box.y}"]`).scrollIntoViewIfNeeded();
    const pageBox = await f.locator('.page[data-page="1"]').boundingBox();
    assert.ok(pageBox);
    await page.mouse.click(pageBox.x + (box.x + box.width / 2) * scale, pageBox.y + (box.y + box.height / 2) * scale);
    await page
      .locator("#status\\.editor\\.selection", { hasText: `Ln ${natious.line + 1}, Col ${natious.start + 1}` })
      .waitFor({ timeout: 30_000 });
    await shot("44-ocr-doubt-click-to-word");
    writeFileSync(
      join(SHOTS, "ocr-doubts.json"),
      `${JSON.stringify({ page1: got.length, expected: want1.length }, null, 2)}\n`,
    );
  });
});
