import type { Page } from "playwright-core";

// What the e2e tests do in VS Code's workbench (code-server) as a person would.

/** Ctrl+G, the line number (1-based), Enter: the editor shows that line with the cursor on it. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+g");
  await page.locator(".quick-input-widget input").waitFor({ timeout: 30_000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 30_000 });
  await page.locator("#status\\.editor\\.selection", { hasText: `Ln ${line},` }).waitFor({ timeout: 30_000 });
}
