import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { chromium } from "playwright-core";

// `npm run start:editor -- --port 8123` as a person runs it: VS Code on the port asked for, with
// samples/ open — a folder inside this project's git repository — and no notification asking to
// open that repository.
const ROOT = join(__dirname, "..", "..");
const SHOTS = join(ROOT, "test-results", "e2e");
const PORT = 8123;

describe("npm run start:editor", { timeout: 600_000 }, () => {
  let child: ChildProcess | undefined;
  after(() => {
    if (child?.pid)
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
  });

  it(`serves VS Code on the port asked for (${PORT}), samples/ open, with no git notification`, async () => {
    mkdirSync(SHOTS, { recursive: true });
    child = spawn("npm", ["run", "start:editor", "--", "--port", String(PORT)], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL after 10 minutes:\n${output}`)), 590_000);
      const read = (d: Buffer) => {
        output += d;
        const m = /Verbatim in VS Code: (\S+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child?.stdout?.on("data", read);
      child?.stderr?.on("data", read);
      child?.on("exit", (code) => reject(new Error(`start:editor exited (${code}):\n${output}`)));
    });
    assert.ok(url.startsWith(`http://127.0.0.1:${PORT}/?folder=`), url);
    assert.match(decodeURIComponent(url), /\/samples$/);
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url);
      await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
      await page.getByRole("treeitem", { name: "S_PV.9001.txt" }).waitFor({ timeout: 60_000 });
      // The git extension asks within seconds of opening a folder inside a repository (without
      // the profile's `git.openRepositoryInParentFolders: never` it does, in this very setup).
      await page.waitForTimeout(15_000);
      const toasts = await page.locator(".notification-toast").allInnerTexts();
      await page.screenshot({ path: join(SHOTS, "13-start-editor-port-8123.png") });
      assert.deepEqual(
        toasts.filter((t) => /git repository/i.test(t)),
        [],
        `a git notification: ${JSON.stringify(toasts)}`,
      );
      // The notification centre holds none either.
      await page.keyboard.press("Control+Shift+P");
      await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
      await page.keyboard.type("Notifications: Show Notifications");
      await page
        .locator(".quick-input-widget .monaco-list-row", { hasText: "Show Notifications" })
        .first()
        .click({ timeout: 30_000 });
      await page.locator(".notifications-center").waitFor({ timeout: 30_000 });
      const centre = await page.locator(".notifications-center").innerText();
      assert.doesNotMatch(centre, /git repository/i);
      await page.screenshot({ path: join(SHOTS, "14-start-editor-notifications.png") });
    } finally {
      await browser.close();
    }
  });
});
