import type { Page } from "playwright-core";

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
