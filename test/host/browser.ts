/** Chromium from Debian, driven by playwright-core (no browser download; TEST-HOST.md §4). */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { chromiumPath } from './paths';

/** Launches headless Chromium with the flags that keep it offline and quiet. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: run scripts/ensure-system.sh (installs Debian's chromium), or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: process.env.OAUTH_WB_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A browser context sized for readable screenshots, allowed to use the clipboard. */
export async function newWorkbenchContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}
