import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { type ImportedRecord, importPdf, type PageBox } from "../../server/src/pdf";
import { recordLabels } from "../corpus/records";
import { goToLine as goToLineIn } from "./workbench";

// The PDF beside the text, as a person uses it in a real VS Code (code-server in Debian's
// Chromium): a record's PDF opened with Verbatim's view, imported, the cursor moved in the
// transcript and the page followed, a word clicked on the page and the cursor moved to it. The
// assertions read the webview's DOM (the page shown, the boxes marked, in PDF points); the
// screenshots in test-results/e2e/ are evidence. The expected boxes come from the import run here.
const ROOT = join(__dirname, "..", "..");
const SHOTS = join(ROOT, "test-results", "e2e");
const CHROMIUM = "/usr/bin/chromium";
const RECORD = "S_PV.8700";
const OTHER = "S_PV.8702";

interface CodeServer {
  url: string;
  stop: () => void;
}
type Box = Omit<PageBox, "page">;

describe("the PDF beside the text in VS Code (code-server)", { timeout: 600_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let record: ImportedRecord;
  let lines: string[] = [];
  const folder = mkdtempSync(join(tmpdir(), "verbatim-e2e-pdf-"));
  const labels = recordLabels(RECORD);

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  /** The webview's document: the frame that holds the view's page (VS Code nests it in two iframes). */
  const view = async (): Promise<Frame> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      for (const f of page.frames()) {
        if (await f.$("#page").catch(() => null)) return f;
      }
      if (Date.now() > deadline) assert.fail("the PDF view's webview never showed");
      await page.waitForTimeout(200);
    }
  };

  /** What the view shows: the page, its scale (CSS pixels a point), the marked boxes in PDF points. */
  const shown = async (f: Frame) =>
    (await f.evaluate(`(() => {
      const page = document.getElementById("page");
      const canvas = document.getElementById("canvas");
      return {
        page: Number(page.dataset.page ?? 0),
        line: Number(document.body.dataset.line ?? -1),
        width: canvas.getBoundingClientRect().width,
        status: document.getElementById("status").textContent,
        marks: [...document.querySelectorAll("#marks .mark")].map((m) => ({
          x: Number(m.dataset.x), y: Number(m.dataset.y), width: Number(m.dataset.width), height: Number(m.dataset.height),
        })),
      };
    })()`)) as { page: number; line: number; width: number; status: string; marks: Box[] };

  /** Polls the view until it shows what `ok` wants, or fails with what it showed. */
  const untilShown = async (f: Frame, what: string, ok: (s: Awaited<ReturnType<typeof shown>>) => boolean) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await shown(f);
      if (ok(s)) return s;
      if (Date.now() > deadline)
        assert.fail(`${what}: the view shows ${JSON.stringify({ ...s, marks: s.marks.length })}`);
      await page.waitForTimeout(150);
    }
  };

  const goToLine = (line: number) => goToLineIn(page, line);

  const boxesOf = (line: number, onPage: number) =>
    record.source.boxesOfLine(line, onPage).map(({ x, y, width, height }) => ({ x, y, width, height }));

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(ROOT, "test", "corpus", "sc2020", `${RECORD}.pdf`), join(folder, `${RECORD}.pdf`));
    // Another record as pdftotext gives it, its PDF beside it under the same name.
    copyFileSync(join(ROOT, "test", "corpus", "sc2020", `${OTHER}.pdf`), join(folder, `${OTHER}.pdf`));
    copyFileSync(join(ROOT, "test", "corpus", "sc2020", "text", "raw", `${OTHER}.txt`), join(folder, `${OTHER}.txt`));
    const imported = await importPdf(readFileSync(join(folder, `${RECORD}.pdf`)));
    assert.ok(imported.ok);
    record = imported;
    lines = record.text.split("\n");
    const { startCodeServer } = (await import(pathToFileURL(join(ROOT, "scripts", "code-server.mjs")).href)) as {
      startCodeServer: (folder: string, options: { settings: Record<string, unknown> }) => Promise<CodeServer>;
    };
    server = await startCodeServer(folder, { settings: {} });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
  });

  it("opens a PDF with Verbatim's view (Open With…) and draws its first page", async () => {
    // The list of editors has Verbatim's once the extension host has read the extensions: asked
    // again until it does.
    const deadline = Date.now() + 120_000;
    for (;;) {
      await page.getByRole("treeitem", { name: `${RECORD}.pdf` }).click({ button: "right", timeout: 60_000 });
      await page.locator(".context-view .action-label", { hasText: /^Open With\.\.\.$/ }).click({ timeout: 30_000 });
      try {
        await page
          .locator(".quick-input-widget .monaco-list-row", { hasText: "Verbatim PDF View" })
          .click({ timeout: 3_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await page.keyboard.press("Escape");
      }
    }
    const f = await view();
    const s = await untilShown(f, "the first page", (v) => v.page === 1 && v.width > 100);
    assert.equal(s.marks.length, 0);
    await shot("20-pdf-view-opened");
  });

  it("imports it: the transcript opens beside, linked, every word found in the PDF", async () => {
    const f = await view();
    await f.locator("#import").click();
    // The transcript: an untitled document named after the PDF, in the Transcript language.
    await page.locator(".tab", { hasText: `${RECORD}.txt` }).waitFor({ timeout: 120_000 });
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 60_000 });
    await untilShown(f, "linked", (v) => /Following S_PV\.8700\.txt: 100% of its words found/.test(v.status));
    // Opened once, beside the PDF (not also in the PDF's group).
    assert.equal(await page.locator(".tab", { hasText: `${RECORD}.txt` }).count(), 1);
    // A paragraph a line, wrapped (the Transcript language's default): the editor draws more lines
    // than it numbers, and no line runs off to the right.
    const editor = page.locator(".editor-group-container.active .monaco-editor").first();
    const drawn = await editor.locator(".view-lines .view-line").count();
    const numbered = await editor.locator(".margin-view-overlays .line-numbers").count();
    assert.ok(drawn > numbered, `${drawn} lines drawn, ${numbered} numbered`);
    await shot("21-pdf-imported-beside");
  });

  it("follows the cursor: each speech header's page shows, the header's words marked", async () => {
    const f = await view();
    // The third speech and the last, on their labelled pages.
    const headers = lines.flatMap((l, n) => (/^(?:The President|Mr\.|Mrs\.|Ms\.)[^:]{0,200}:/.test(l) ? [n] : []));
    assert.equal(headers.length, labels.speeches.length);
    for (const k of [2, headers.length - 1]) {
      const line = headers[k];
      const want = labels.speeches[k].page;
      await goToLine(line + 1);
      const s = await untilShown(
        f,
        `line ${line + 1}`,
        (v) => v.line === line && v.page === want && v.marks.length > 0,
      );
      assert.deepEqual(s.marks, boxesOf(line, want));
      // The header's words are there: at least its title and name.
      assert.ok(s.marks.length >= 2);
      await shot(`22-pdf-follows-speech-${k + 1}`);
    }
  });

  it("puts the cursor on the line of a word clicked on the page", async () => {
    const f = await view();
    const s = await shown(f);
    // A word of another paragraph on the page shown: the first line after the header with words there.
    const target = lines.findIndex((l, n) => n > s.line + 1 && l.trim() && boxesOf(n, s.page).length > 3);
    assert.ok(target > 0);
    const box = boxesOf(target, s.page)[2];
    const scale = s.width / record.source.pages[s.page - 1].width;
    const canvas = await f.locator("#canvas").boundingBox();
    assert.ok(canvas);
    await page.mouse.click(canvas.x + (box.x + box.width / 2) * scale, canvas.y + (box.y + box.height / 2) * scale);
    const words = [...lines[target].matchAll(/\S+/g)];
    const column = (words[2].index ?? 0) + 1;
    await page
      .locator("#status\\.editor\\.selection", { hasText: `Ln ${target + 1}, Col ${column}` })
      .waitFor({ timeout: 30_000 });
    // The view follows the cursor it moved: that line's words are marked now.
    const after = await untilShown(f, "the clicked line", (v) => v.line === target);
    assert.deepEqual(after.marks, boxesOf(target, s.page));
    await shot("23-pdf-click-moves-cursor");
  });

  it("keeps following the transcript once it is saved (the untitled import becomes S_PV.8700.txt on disk)", async () => {
    const f = await view();
    await page.locator(".tab", { hasText: `${RECORD}.txt` }).click();
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+s");
    // Saved under the name beside the PDF: at once, or through the save dialog, which offers it.
    const saved = join(folder, `${RECORD}.txt`);
    const input = page.locator(".quick-input-widget input");
    const deadline = Date.now() + 30_000;
    while (!existsSync(saved) || readFileSync(saved, "utf8") !== record.text) {
      if (await input.isVisible()) {
        assert.match(await input.inputValue(), /S_PV\.8700\.txt$/);
        await page.keyboard.press("Enter");
      }
      if (Date.now() > deadline) assert.fail(`${saved} was not written, or not with the imported text`);
      await page.waitForTimeout(100);
    }
    // The saved file's editor replaces the untitled one: brought to the front before moving the cursor.
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 30_000 });
    await page.locator(".tab", { hasText: `${RECORD}.txt` }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 30_000 });
    const header = lines.findIndex((l) => l.startsWith("Mr. Nebenzia"));
    await goToLine(header + 1);
    const s = await untilShown(f, "the saved transcript's line", (v) => v.line === header && v.marks.length > 0);
    assert.equal(s.page, labels.speeches.find((x) => x.header.startsWith("Mr. Nebenzia"))?.page);
    assert.deepEqual(s.marks, boxesOf(header, s.page));
  });

  it("shows the PDF beside a transcript another tool extracted (the PDF of the same name): the speeches' pages", async () => {
    await page.getByRole("treeitem", { name: `${OTHER}.txt` }).click();
    await page.locator("#status\\.editor\\.mode", { hasText: "Transcript" }).waitFor({ timeout: 60_000 });
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
    await page.keyboard.type("Verbatim: Show PDF Beside");
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Show PDF Beside" }).first().click();
    await page.locator(".tab", { hasText: `${OTHER}.pdf` }).waitFor({ timeout: 60_000 });
    const text = readFileSync(join(folder, `${OTHER}.txt`), "utf8").split("\n");
    const other = recordLabels(OTHER);
    // The last speech's header (pdftotext wraps it over two lines), on its labelled page.
    const lastSpeech = other.speeches[other.speeches.length - 1];
    const name = lastSpeech.header.split(" (")[0];
    const last = text.map((l) => l.startsWith(`${name} (`)).lastIndexOf(true);
    assert.ok(last > 0, name);
    const want = lastSpeech.page;
    const deadline = Date.now() + 90_000;
    let f: Frame | undefined;
    for (;;) {
      // Two views now: the one linked to this transcript.
      for (const frame of page.frames()) {
        const linked = await frame.evaluate(`document.body?.dataset.linked ?? ""`).catch(() => "");
        if (linked === `${OTHER}.txt`) f = frame;
      }
      if (f) break;
      if (Date.now() > deadline) assert.fail(`no view linked to ${OTHER}.txt`);
      await page.waitForTimeout(200);
    }
    await goToLine(last + 1);
    const s = await untilShown(f, "the last speech", (v) => v.line === last && v.page === want && v.marks.length > 0);
    assert.match(s.status, /Following S_PV\.8702\.txt: (9\d(\.\d)?|100)% of its words found/);
    await shot("24-pdf-beside-another-extraction");
  });
});
