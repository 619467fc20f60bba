/**
 * The "OAuth Request" panel in the real workbench (code-server + Chromium, packaged
 * extension): open it from the palette, run client_credentials and see 200, click the
 * introspect follow-up and see `active: true`, see a JWT access token decoded with its
 * signature verified — and a token whose claims carry `<img src=x onerror=…>` and
 * `</script><script>` rendered as inert text (no script runs, no element is created),
 * `website`/`picture` claims of `javascript:alert(1)` shown as text (no link), and a
 * JWT built here with over 1 MB of hostile claim data rendered inert, truncated, with
 * a "show all" that is still text.
 * After a reload the panel comes back from its state without the pasted secret.
 * Screenshots (dark, light, high contrast): test-output/screenshots/panel-*.png.
 *
 * This file starts its own oidc-provider (the fixture, with hostile extra token claims)
 * and points a settings profile at it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import type { Exchange } from '../../src/core';
import { toExchangeView } from '../../src/shell/panel/view-model';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startWorkbench, waitForWorkbench, type Workbench } from './harness';

const XSS_IMG = '<img src=x onerror="window.__oauthWbXss=1">';
const XSS_SCRIPT = '</script><script>window.__oauthWbXss=2</script>';
const BIG_CLAIM_LENGTH = 60_000;
/** URL-looking claims (OIDC `website`, `picture`) a careless renderer would turn into links. */
const JS_URL = 'javascript:alert(1)';
/** Over a megabyte of hostile markup in one claim, rendered from a JWT built here. */
const MEGA_UNIT = '<img src=x onerror="window.__oauthWbXss=3">';
const MEGA_CLAIM = MEGA_UNIT.repeat(Math.ceil(1_100_000 / MEGA_UNIT.length));
const CANARY = `CANARY-panel-${Math.random().toString(36).slice(2)}${Date.now()}`;
/** A non-secret value saved with the same state, to prove the search finds saved state. */
const MARKER = `marker-${Math.random().toString(36).slice(2)}`;

/** The panel's content frame: the workbench's webview iframe, then its active frame. */
function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The same frame as a Frame (to evaluate in it). */
async function panelFrameHandle(page: Page): Promise<Frame> {
  for (let i = 0; i < 50; i++) {
    for (const f of page.frames()) {
      if (
        await f
          .locator('[data-testid=profile]')
          .count()
          .catch(() => 0)
      )
        return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the panel frame was not found');
}

async function waitForText(locator: Locator, pattern: RegExp, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText({ timeout: 1000 }).catch(() => '')).trim();
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${pattern}; last text: "${last.slice(0, 300)}"`);
}

/** Picks an option of a vscode-single-select by its label. */
async function choose(frame: FrameLocator, testId: string, label: string | RegExp): Promise<void> {
  const select = frame.locator(`[data-testid=field-${testId}]`);
  await select.click();
  const option = select.locator('li[role=option]', { hasText: label }).first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await option.click();
}

/** Types into a vscode-textfield (its input lives in the shadow root). */
async function type(frame: FrameLocator, testId: string, value: string): Promise<void> {
  await frame.locator(`[data-testid=field-${testId}] input`).fill(value);
}

async function setTheme(wb: Workbench, theme: string): Promise<void> {
  await wb.runCommand('Preferences: Color Theme');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(theme);
  const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: theme }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await wb.page.waitForTimeout(1500);
}

/** Every file under dir. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('request panel in the workbench (e2e)', function () {
  this.timeout(240_000);
  let as: AuthServer;
  let wb: Workbench;
  let frame: FrameLocator;
  const consoleLines: string[] = [];

  before(async () => {
    as = await startAuthServer({
      configure: (config) => {
        // Hostile claims only in tokens for scope api:write, so the screenshots show an ordinary token.
        config.extraTokenClaims = async (_ctx, token) =>
          String((token as { scope?: string }).scope ?? '').includes('api:write')
            ? { note: XSS_IMG, html: XSS_SCRIPT, big: 'B'.repeat(BIG_CLAIM_LENGTH), website: JS_URL, picture: JS_URL }
            : undefined;
      },
    });
    const service = as.clients.service;
    wb = await startWorkbench({
      name: 'e2e-panel',
      noAuthServer: true,
      files: { 'keys/service.pem': service.privatePem! },
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'oauthWorkbench.profiles': [
          {
            id: 'e2e-service',
            name: 'E2E service',
            issuer: as.issuer,
            clientId: service.clientId,
            authMethod: 'private_key_jwt',
            keyId: service.publicJwk!.kid,
            privateKeyFile: '${workspaceFolder}/keys/service.pem',
          },
          {
            // The same client with an assertion aud this server does not accept.
            id: 'e2e-wrong-aud',
            name: 'E2E wrong aud',
            issuer: as.issuer,
            clientId: service.clientId,
            authMethod: 'private_key_jwt',
            keyId: service.publicJwk!.kid,
            audience: 'custom',
            customAudience: 'https://login.example.com/wrong-audience',
            privateKeyFile: '${workspaceFolder}/keys/service.pem',
          },
        ],
      },
    });
    wb.page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    frame = panelFrame(wb.page);
  });
  after(async () => {
    await wb?.stop();
    await as?.close();
  });

  /** Runs "Open Request Panel" and picks the client in its quick pick. */
  async function openPanelFor(name: string): Promise<void> {
    await wb.runCommand('OAuth: Open Request Panel');
    const row = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
  }

  it('opens from the palette with the profile and a live preview of the signed request', async () => {
    await openPanelFor('E2E service');
    await waitForText(frame.locator('[data-testid=profile]'), /E2E service/);
    await type(frame, 'scope', 'api:read');
    const preview = frame.locator('[data-testid=preview-request]');
    await waitForText(preview, /POST\s+http:\/\/127\.0\.0\.1:\d+\/token/);
    await waitForText(frame.locator('[data-testid=preview-request-form]'), /scope\s+api:read/);
    assert.match(await preview.innerText(), /client_assertion\s+<client_assertion>/, 'the assertion is masked');
    await waitForText(frame.locator('[data-testid=preview-assertion-claims]'), /aud/);
    assert.equal(
      await frame.locator('[data-testid=preview-assertion-claims] tr.highlight[data-claim=aud]').count(),
      1,
      'aud is highlighted',
    );
  });

  it('runs client_credentials and shows 200', async () => {
    await frame.locator('[data-testid=send]').click();
    await waitForText(frame.locator('[data-testid=status]'), /^200/);
    await waitForText(frame.locator('[data-testid=token-access_token]'), /Access token/);
  });

  it('introspects the token with one click on its follow-up and shows active: true', async () => {
    await frame.locator('[data-testid=followup-introspect-access_token]').click();
    await waitForText(frame.locator('[data-testid=body-pretty]'), /"active": true/);
    await waitForText(frame.locator('[data-testid=status-line]'), /200.*Introspect/s);
    await waitForText(frame.locator('[data-testid=history]'), /Introspect[\s\S]*active: true/);
  });

  it('decodes a JWT access token with human times and a verified signature badge', async () => {
    await choose(frame, 'operation', 'Client credentials');
    await type(frame, 'scope', 'api:read');
    await type(frame, 'resource', as.jwtAccessTokenResource);
    await frame.locator('[data-testid=send]').click();
    const claims = frame.locator('[data-testid=jwt-access_token-claims]');
    await waitForText(claims, /iss/);
    await frame.locator('[data-testid=jwt-access_token] [data-testid=signature-verified]').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await claims.locator('tr[data-claim=iss] td .text').first().innerText(), as.issuer);
    assert.match(await claims.locator('tr[data-claim=exp] td').first().innerText(), /\d{4}-\d\d-\d\dT[^(]*\(in (59 min|1 h)\)/);
  });

  it('follows the theme: computed colours come from the --vscode-* variables and differ in dark, light and high contrast (with screenshots)', async () => {
    const editor = wb.page.locator('.part.editor');
    /** The panel's body colours and the theme variables they must come from, as computed rgb() values. */
    const colours = async (): Promise<{ background: string; foreground: string; themeBackground: string; themeForeground: string }> => {
      const f = await panelFrameHandle(wb.page);
      await f.evaluate(() => window.scrollTo(0, 0));
      // No named functions inside evaluate: the test bundler would wrap them in a helper the page lacks.
      return f.evaluate(() => {
        const resolved: string[] = [];
        for (const variable of ['--vscode-editor-background', '--vscode-foreground']) {
          const probe = document.createElement('div');
          probe.style.color = `var(${variable})`;
          document.body.append(probe);
          resolved.push(getComputedStyle(probe).color);
          probe.remove();
        }
        const body = getComputedStyle(document.body);
        return {
          background: body.backgroundColor,
          foreground: body.color,
          themeBackground: resolved[0] ?? '',
          themeForeground: resolved[1] ?? '',
        };
      });
    };
    const seen: Record<string, { background: string; foreground: string }> = {};
    for (const [theme, shot] of [
      ['Dark Modern', 'panel-dark'],
      ['Light Modern', 'panel-light'],
      ['Dark High Contrast', 'panel-high-contrast'],
    ] as const) {
      if (theme !== 'Dark Modern') await setTheme(wb, theme);
      await waitForText(frame.locator('[data-testid=status]'), /^200/);
      const c = await colours();
      assert.equal(c.background, c.themeBackground, `${theme}: the body background is --vscode-editor-background`);
      assert.equal(c.foreground, c.themeForeground, `${theme}: the text colour is --vscode-foreground`);
      seen[theme] = c;
      await wb.screenshot(shot, editor);
    }
    await setTheme(wb, 'Dark Modern');
    const backgrounds = new Set(Object.values(seen).map((c) => c.background));
    const foregrounds = new Set(Object.values(seen).map((c) => c.foreground));
    assert.equal(backgrounds.size, 3, `three themes, three backgrounds: ${JSON.stringify(seen)}`);
    assert.ok(foregrounds.size >= 2, `the text colour follows the theme: ${JSON.stringify(seen)}`);
    assert.notEqual(seen['Light Modern']?.background, seen['Dark Modern']?.background);
  });

  it('renders hostile claims (<img onerror>, </script><script>, 60 kB) as inert text: nothing runs, no element is created', async () => {
    await type(frame, 'scope', 'api:read api:write');
    await frame.locator('[data-testid=send]').click();
    const claims = frame.locator('[data-testid=jwt-access_token-claims]');
    await waitForText(claims, /note/);
    assert.equal(await claims.locator('tr[data-claim=note] td .text').first().innerText(), XSS_IMG, 'the <img> claim is shown as text');
    assert.equal(
      await claims.locator('tr[data-claim=html] td .text').first().innerText(),
      XSS_SCRIPT,
      'the <script> claim is shown as text',
    );
    // The big claim is cut for display, and "show all" still renders text.
    const big = claims.locator('tr[data-claim=big] td .text').first();
    assert.ok((await big.innerText()).length < 3000, 'the big claim is truncated');
    await big.locator('[data-testid=show-all]').click();
    await waitForText(big, new RegExp(`^B{${BIG_CLAIM_LENGTH}}$`));

    const f = await panelFrameHandle(wb.page);
    const probe = await f.evaluate(
      (img) => ({
        xss: (window as unknown as { __oauthWbXss?: number }).__oauthWbXss ?? null,
        imgs: document.querySelectorAll('img').length,
        hostileScripts: Array.from(document.scripts).filter((el) => (el.textContent ?? '').includes('__oauthWbXss')).length,
        shownAsText: document.body.innerText.includes(img),
      }),
      XSS_IMG,
    );
    assert.deepEqual(
      probe,
      { xss: null, imgs: 0, hostileScripts: 0, shownAsText: true },
      'no element was created from a claim and nothing ran',
    );
    // The webview frame's console reaches this listener (so the check below can fail).
    await f.evaluate(() => console.warn('[oauth-workbench] console probe'));
    await wb.page.waitForTimeout(300);
    assert.ok(
      consoleLines.some((l) => l.includes('[oauth-workbench] console probe')),
      'the panel frame console is captured',
    );
    const violations = consoleLines.filter((l) => /Refused to|Content Security Policy|dropped a malformed message/.test(l));
    assert.deepEqual(violations, [], 'no CSP violation and no dropped message in the console');
  });

  it('renders URL-looking claims (website, picture = javascript:alert(1)) as text: no link, no href', async () => {
    // The same token as above (scope api:write), from the real server.
    const claims = frame.locator('[data-testid=jwt-access_token-claims]');
    for (const name of ['website', 'picture']) {
      assert.equal(await claims.locator(`tr[data-claim=${name}] td .text`).first().innerText(), JS_URL, `${name} is shown as text`);
    }
    const f = await panelFrameHandle(wb.page);
    const probe = await f.evaluate(() => {
      const table = document.querySelector('[data-testid=jwt-access_token-claims]');
      const linky = Array.from(document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]')).filter((el) =>
        ['href', 'src', 'action', 'formaction', 'xlink:href'].some((a) => /javascript:/i.test(el.getAttribute(a) ?? '')),
      );
      return {
        anchorsInClaims: table?.querySelectorAll('a, [href]').length ?? -1,
        javascriptUrls: linky.length,
        xss: (window as unknown as { __oauthWbXss?: number }).__oauthWbXss ?? null,
      };
    });
    assert.deepEqual(probe, { anchorsInClaims: 0, javascriptUrls: 0, xss: null }, 'no anchor or href was created from a claim');
  });

  it('renders a JWT with over 1 MB of hostile claim data inert, truncated, and without hanging; "show all" is still text', async () => {
    // The core caps responses at 1 MiB, so the token is built here and reaches the webview
    // as the host would post it: the host's own view model (toExchangeView), then the
    // webview's message handler (schema check + rendering) in the real workbench.
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'e2e' })}.${b64({ iss: as.issuer, sub: 'mega', website: JS_URL, megabyte: MEGA_CLAIM })}.c2lnbmF0dXJl`;
    assert.ok(MEGA_CLAIM.length >= 1_000_000, 'at least 1 MB of claim data');
    const body = { access_token: jwt, token_type: 'Bearer', expires_in: 300 };
    const raw: Exchange = {
      id: 'e2e-megabyte-claims',
      operation: 'client_credentials',
      request: { method: 'POST', url: `${as.issuer}/token`, headers: [], form: [{ name: 'grant_type', value: 'client_credentials' }] },
      response: { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), json: body },
      timings: { startedAt: new Date().toISOString(), totalMs: 1 },
      attempts: 1,
    };
    const message = { type: 'result', requestId: null, exchange: toExchangeView(raw, []) };

    const f = await panelFrameHandle(wb.page);
    const consoleBefore = consoleLines.length;
    const rendered = await f.evaluate((m) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: m }));
      const cell = document.querySelector('[data-testid=jwt-access_token-claims] tr[data-claim=megabyte] td .text');
      return {
        ms: performance.now() - t0,
        shown: cell?.textContent?.length ?? -1,
        showAll: cell?.querySelector('[data-testid=show-all]') !== null,
      };
    }, message);
    assert.ok(rendered.shown > 0, `the claim row was rendered (console: ${consoleLines.slice(consoleBefore).join(' | ')})`);
    assert.ok(rendered.ms < 5000, `rendered in ${Math.round(rendered.ms)} ms`);
    assert.ok(rendered.shown < 3000, `the 1 MB claim is cut for display (${rendered.shown} characters shown)`);
    assert.equal(rendered.showAll, true, 'a "show all" is offered');

    const cell = frame.locator('[data-testid=jwt-access_token-claims] tr[data-claim=megabyte] td .text').first();
    await cell.locator('[data-testid=show-all]').click();
    const after = await f.evaluate((len) => {
      const t0 = performance.now();
      const el = document.querySelector('[data-testid=jwt-access_token-claims] tr[data-claim=megabyte] td .text');
      const text = el?.textContent ?? '';
      return {
        fullLength: text.length === len,
        onlyText: Array.from(el?.childNodes ?? []).every((n) => n.nodeType === Node.TEXT_NODE),
        imgs: document.querySelectorAll('img').length,
        anchors: document.querySelectorAll('[data-testid=jwt-access_token-claims] a, [data-testid=jwt-access_token-claims] [href]').length,
        xss: (window as unknown as { __oauthWbXss?: number }).__oauthWbXss ?? null,
        responsiveMs: performance.now() - t0,
      };
    }, MEGA_CLAIM.length);
    assert.deepEqual(
      { ...after, responsiveMs: after.responsiveMs < 5000 },
      { fullLength: true, onlyText: true, imgs: 0, anchors: 0, xss: null, responsiveMs: true },
      '"show all" put the whole megabyte in ONE text node: no element was created and nothing ran',
    );
    // The panel still answers: the form is usable after the megabyte.
    await frame.locator('[data-testid=send]').waitFor({ state: 'visible', timeout: 10_000 });
    const violations = consoleLines
      .slice(consoleBefore)
      .filter((l) => /Refused to|Content Security Policy|dropped a malformed message/.test(l));
    assert.deepEqual(violations, [], 'no CSP violation and no dropped message');
  });

  it('explains an invalid_client (wrong assertion aud) and fixes it in one click', async () => {
    await openPanelFor('E2E wrong aud');
    const f2 = wb.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    await waitForText(f2.locator('[data-testid=profile]'), /E2E wrong aud/);
    await waitForText(f2.locator('[data-testid=preview-assertion-claims]'), /wrong-audience/);
    await f2.locator('[data-testid=send]').click();
    await waitForText(f2.locator('[data-testid=status]'), /^401/);
    await waitForText(f2.locator('[data-testid=exchange-error]'), /OAUTH_INVALID_CLIENT/);
    const fix = f2.locator('[data-testid=response-findings] [data-testid^=fix-]', { hasText: /Switch audience/ }).first();
    await fix.waitFor({ state: 'visible', timeout: 20_000 });
    await wb.screenshot('panel-diagnosis', wb.page.locator('.part.editor'));
    await fix.click();
    await waitForText(f2.locator('[data-testid=status]'), /^200/);
    await waitForText(f2.locator('[data-testid=history]'), /invalid_client[\s\S]*token|token[\s\S]*invalid_client/);
    await wb.screenshot('panel-diagnosis-fixed', wb.page.locator('.part.editor'));
    // Back to the first client's panel for the next test.
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.tabs-container .tab', { hasText: 'OAuth Request — E2E wrong aud' }).locator('.codicon-close').click();
  });

  it('device code: shows the user code with copy/open actions while polling; Cancel stops it', async () => {
    await choose(frame, 'operation', 'Device code');
    await type(frame, 'scope', 'openid');
    await frame.locator('[data-testid=send]').click();
    await waitForText(frame.locator('[data-testid=user-code]'), /^\w{4}-?\w{4}$/);
    await frame.locator('[data-testid=device-open]').waitFor({ state: 'visible' });
    await frame.locator('[data-testid=device-copy]').waitFor({ state: 'visible' });
    await waitForText(frame.locator('[data-testid=progress]'), /Waiting for approval/);
    const f = await panelFrameHandle(wb.page);
    await f.evaluate(() => window.scrollTo(0, 0));
    await wb.screenshot('panel-device-code', wb.page.locator('.part.editor'));
    await frame.locator('[data-testid=cancel]').click();
    await waitForText(frame.locator('[data-testid=notice]'), /Cancelled/);
    await frame.locator('[data-testid=send]').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('[data-testid=device-code]').count(), 0, 'the code is gone once cancelled');
    await f.evaluate(() => document.querySelector('[data-testid=history]')?.scrollIntoView());
    await wb.screenshot('panel-history', wb.page.locator('.part.editor'));
  });

  it('comes back after a reload from its state — without the pasted secret', async () => {
    await choose(frame, 'operation', 'Introspect');
    await choose(frame, 'token', 'Paste a token');
    await type(frame, 'pastedToken', CANARY);
    await choose(frame, 'tokenTypeHint', 'refresh_token');
    await frame.locator('[data-testid=add-extra]').click();
    await frame.locator('[data-testid=extra-name-0] input').fill(MARKER);
    await wb.page.waitForTimeout(1500); // state is saved on change; let the workbench take it

    // An orderly reload: the workbench saves its state (the panel's included) on shutdown.
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForEvent('load', { timeout: 60_000 }).catch(() => undefined);
    await waitForWorkbench(wb.page);
    frame = panelFrame(wb.page);
    await waitForText(frame.locator('[data-testid=profile]'), /E2E service/, 60_000);
    await waitForText(frame.locator('[data-testid=operation-hint]'), /whether a token is active/);
    const f = await panelFrameHandle(wb.page);
    const restored = await f.evaluate(() => ({
      hint: document.querySelector<HTMLElement & { value: string }>('[data-testid=field-tokenTypeHint]')!.value,
      extra: document.querySelector<HTMLElement & { value: string }>('[data-testid=extra-name-0]')?.value,
      pasted: document.querySelector<HTMLElement & { value: string }>('[data-testid=field-pastedToken]')!.value,
      text: document.body.innerText,
    }));
    assert.equal(restored.hint, 'refresh_token', 'non-secret fields are restored');
    assert.equal(restored.extra, MARKER, 'extra parameters are restored');
    assert.equal(restored.pasted, '', 'the pasted token is not restored');
    assert.ok(!restored.text.includes(CANARY));

    // Nor was it stored anywhere the workbench keeps state: browser storage and the server's user data.
    const stored = await wb.page.evaluate(async () => {
      const out: string[] = [];
      for (let i = 0; i < localStorage.length; i++) out.push(localStorage.getItem(localStorage.key(i)!) ?? '');
      for (const info of await indexedDB.databases()) {
        if (!info.name) continue;
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const values = await new Promise<unknown[]>((res) => {
            const r = db.transaction(store, 'readonly').objectStore(store).getAll();
            r.onsuccess = () => res(r.result);
            r.onerror = () => res([]);
          });
          out.push(JSON.stringify(values, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)));
        }
        db.close();
      }
      return out.join('\n');
    });
    assert.ok(!stored.includes(CANARY), 'the pasted token is in browser storage');
    let markerFound = stored.includes(MARKER);
    for (const file of filesUnder(wb.codeServer.userDataDir)) {
      const content = readFileSync(file, 'latin1');
      assert.ok(!content.includes(CANARY), `the pasted token is in ${file}`);
      markerFound ||= content.includes(MARKER);
    }
    assert.ok(markerFound, 'the saved panel state was found (browser storage or user data), and searched');
  });
});
