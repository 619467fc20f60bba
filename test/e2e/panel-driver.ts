/**
 * Driving the "OAuth Request" panel in the real workbench: its content frame, text
 * waits, the vscode-elements controls (single-select, textfield) and opening it for a
 * client from the palette. Shared by the panel e2e files.
 */
import type { FrameLocator, Page } from 'playwright-core';
import type { Workbench } from './harness';

/** The panel's content frame: the workbench's webview iframe, then its active frame. */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export { waitForText } from './workbench-ui';

/** Picks an option of a vscode-single-select by its label. */
export async function choose(frame: FrameLocator, testId: string, label: string | RegExp): Promise<void> {
  const select = frame.locator(`[data-testid=field-${testId}]`);
  await select.click();
  const option = select.locator('li[role=option]', { hasText: label }).first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await option.click();
}

/** Types into a vscode-textfield (its input lives in the shadow root). */
export async function type(frame: FrameLocator, testId: string, value: string): Promise<void> {
  await frame.locator(`[data-testid=field-${testId}] input`).fill(value);
}

/**
 * Makes the client active ("OAuth: Set Active Client…"), then runs "Open Request Panel",
 * which opens the active client's panel (the palette does not ask when a client is
 * active) — or picks the client in the quick pick when one is shown.
 */
export async function openPanelFor(wb: Workbench, name: string, timeout = 20_000): Promise<void> {
  await setActiveClient(wb, name, timeout);
  await wb.runCommand('OAuth: Open Request Panel');
  const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  const header = panelFrame(wb.page).locator('[data-testid=profile]', { hasText: name });
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await row.isVisible().catch(() => false)) return row.click();
    if (await header.isVisible().catch(() => false)) return;
    await wb.page.waitForTimeout(200);
  }
  throw new Error(`the request panel did not open for "${name}" (no quick pick entry, no panel)`);
}

/**
 * "OAuth: Set Active Client…" and a click on `name`. A quick pick closes when focus moves,
 * and a busy webview (e.g. one that just rendered a megabyte) can take focus after the pick
 * showed: its row then stays in the DOM but hidden (seen in a CI run: 'element is not
 * visible' for 30 s). A pick that closed before the click is opened again.
 */
async function setActiveClient(wb: Workbench, name: string, timeout: number): Promise<void> {
  const widget = wb.page.locator('.quick-input-widget');
  const pick = widget.locator('.monaco-list-row', { hasText: name }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await wb.runCommand('OAuth: Set Active Client…');
    try {
      await pick.waitFor({ state: 'visible', timeout: 5000 });
      await pick.click({ timeout: 5000 });
      await widget.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}
