/**
 * Playwright helpers for the workbench's own widgets shared by the e2e suites: the
 * QuickInput (palette, quick picks, input boxes), a modal dialog, the "OAuth Clients"
 * tree rows, and waiting for a text.
 */
import type { Locator, Page } from 'playwright-core';

/** The shared QuickInput widget (palette, quick picks and input boxes). */
export function quickInput(page: Page) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  return {
    widget,
    input,
    /** Waits until the widget shows `text` (a prompt, a placeholder or an item). */
    async waitFor(text: string | RegExp, timeout = 20_000): Promise<void> {
      await page.waitForFunction(
        ([source, flags]) => {
          const w = document.querySelector<HTMLElement>('.quick-input-widget');
          if (!w || w.style.display === 'none') return false;
          const field = w.querySelector<HTMLInputElement>('.quick-input-box input');
          const haystack = `${w.innerText}\n${field?.placeholder ?? ''}\n${field?.getAttribute('aria-label') ?? ''}`;
          return new RegExp(source, flags).test(haystack);
        },
        typeof text === 'string' ? ([text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ''] as const) : ([text.source, text.flags] as const),
        { timeout },
      );
    },
    /** Replaces the input's value and accepts it. */
    async enter(value: string): Promise<void> {
      await input.fill(value);
      await page.keyboard.press('Enter');
    },
    /** Clicks the list row whose label contains `label`. */
    async pick(label: string | RegExp): Promise<void> {
      const row = widget.locator('.monaco-list-row').filter({ hasText: label }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      await row.click();
    },
  };
}

/** A tree row of the "OAuth Clients" view by the start of its accessible label. */
export function treeRow(page: Page, name: string): Locator {
  return page.locator(`.part.sidebar .monaco-list-row[aria-label^="${name}"]`).first();
}

/** Expands a tree row (retrying: the view re-renders when the session changes). */
export async function expand(row: Locator): Promise<void> {
  for (let i = 0; i < 10; i++) {
    if ((await row.getAttribute('aria-expanded')) === 'true') return;
    await row
      .locator('.monaco-tl-twistie')
      .first()
      .click()
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('the tree row did not expand');
}

export async function description(row: Locator): Promise<string> {
  return (await row.locator('.label-description').first().innerText()).trim();
}

/** Waits until the locator's text matches; returns it. */
export async function waitForText(locator: Locator, pattern: RegExp, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText({ timeout: 1000 }).catch(() => '')).trim();
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${pattern}; last text: "${last.slice(0, 300)}"`);
}

/** The QuickInput's title line ("Add OAuth Client (5/7)"), once it matches `pattern`. */
export async function quickInputTitle(page: Page, pattern: RegExp): Promise<string> {
  return waitForText(page.locator('.quick-input-widget .quick-input-title'), pattern, 20_000);
}

/** The workbench's modal dialog: its whole text once it matches `pattern`, and a click on a button. */
export function dialog(page: Page) {
  const box = page.locator('.monaco-dialog-box');
  return {
    box,
    waitFor: (pattern: RegExp): Promise<string> => waitForText(box, pattern, 30_000),
    async click(label: string): Promise<void> {
      await box.locator('.monaco-button', { hasText: label }).first().click();
      await box.waitFor({ state: 'hidden', timeout: 15_000 });
    },
  };
}
