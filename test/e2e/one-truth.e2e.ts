/**
 * Issue 10 in the real workbench, as a user walks it: a token request from the palette
 * fails (wrong assertion aud); its notification is short (title, top cause, fix) and
 * offers "Open in Panel", which shows that exchange with its diagnosis (codicons, not
 * emoji) and fixes that say where they apply; "save to client" saves the fix, and the
 * panel header, the status bar and the tree show the new state; two exchanges of the
 * history compare side by side with the differing aud marked; the Token field of
 * Introspect shows the client's current token; the "copied" notice goes away.
 * Screenshots: test-output/screenshots/truth-*.png.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { startWorkbench, type Workbench } from './harness';
import { expand, quickInput, treeRow, waitForText } from './workbench-ui';

const WRONG_AUD = 'https://login.example.com/wrong-audience';

/** The webview of the request panel titled for `client`. */
function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

describe('one truth on every screen (e2e, issue 10)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let page: Page;

  before(async () => {
    wb = await startWorkbench({ name: 'e2e-truth' });
    page = wb.page;
  });
  after(async () => {
    await wb?.stop();
  });

  it('adds a private_key_jwt client with a wrong assertion aud through the Add Client guide', async () => {
    const service = wb.authServer.clients.service;
    assert.ok(service?.privateJwk);
    const q = quickInput(page);
    await wb.runCommand('OAuth: Add Client…');
    await q.waitFor('Issuer URL of the authorization server');
    await q.enter(wb.authServer.issuer);
    await q.waitFor(/supports — press Enter to continue/);
    await page.keyboard.press('Enter');
    await q.waitFor('Client ID, as registered at the provider');
    await q.enter(service.clientId);
    await q.waitFor('How does this client authenticate?');
    await q.pick(/^private_key_jwt/);
    await q.waitFor('Where does the private key come from?');
    await q.pick('Paste a private key');
    await q.waitFor('Paste the private key');
    await q.input.fill(JSON.stringify(service.privateJwk));
    await page.keyboard.press('Enter');
    await q.waitFor(/Signing algorithm for client assertions/);
    await q.pick(/^RS256/);
    await q.waitFor('Key ID (kid header)');
    await page.keyboard.press('Enter');
    await q.waitFor('Audience (aud) of the client assertion');
    await q.pick(/^custom/);
    await q.waitFor('The aud value to put in client assertions');
    await q.enter(WRONG_AUD);
    await q.waitFor(/Send DPoP proofs \(RFC 9449\)\?/);
    await page.keyboard.press('Enter');
    await q.waitFor('Default scope for token requests');
    await q.enter('');
    await q.waitFor('Name shown in the OAuth Clients view');
    await q.enter('Truth client');
    await page
      .locator('.notification-toast', { hasText: 'Client "Truth client" added' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Escape');
  });

  it('a failed Get Token from the palette: a short notification with "Open in Panel", which shows the exchange, its diagnosis and fixes', async () => {
    await wb.runCommand('OAuth: Get Token');
    const toast = page.locator('.notification-toast', { hasText: 'Getting a token for "Truth client" failed' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await toast.innerText();
    assert.match(text, /401/);
    assert.match(text, /Fix:/);
    assert.ok(text.length < 700, `title, top cause and fix only (${text.length} characters): ${text}`);
    await wb.screenshot('truth-01-failure-notification');
    await toast.locator('a.monaco-button', { hasText: 'Open in Panel' }).first().click();

    const f = panel(page);
    await waitForText(f.locator('[data-testid=profile]'), /Truth client/);
    await waitForText(f.locator('[data-testid=status]'), /^401/);
    await waitForText(f.locator('[data-testid=exchange-error]'), /OAUTH_INVALID_CLIENT/);
    const findings = f.locator('[data-testid=response-findings]');
    await findings.locator('.codicon-error').first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(!(await findings.innerText()).includes('⛔'), 'a codicon, not an emoji glyph');
    const forRequest = findings.locator('[data-testid^=fix-]').first();
    const forClient = findings.locator('[data-testid^=save-]').first();
    assert.match(await forRequest.innerText(), /· this request$/);
    assert.match(await forClient.innerText(), /· save to client$/);
    await wb.screenshot('truth-02-open-in-panel', page.locator('.part.editor'));
  });

  it('"save to client": the panel header, the tree and the status bar show the saved client; the palette then gets a token', async () => {
    const f = panel(page);
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Truth client' }).first();
    await status.locator('.codicon-error').waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(
      await f.locator('[data-testid=profile-details]').innerText(),
      /aud: custom: https:\/\/login\.example\.com\/wrong-audience/,
    );
    await f.locator('[data-testid=response-findings] [data-testid^=save-]').first().click();
    await waitForText(f.locator('[data-testid=status]'), /^200/);
    const header = await waitForText(f.locator('[data-testid=profile-details]'), /aud: (issuer|endpoint URL|token endpoint)/);
    assert.ok(!header.includes(WRONG_AUD), header);
    // The status bar no longer says the last request failed.
    await status.locator('.codicon-key').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await status.locator('.codicon-error').count(), 0);

    const row = treeRow(page, 'Truth client');
    // The guide left the view open; clicking its icon again would close it.
    if (!(await row.isVisible()))
      await page.locator('.part.activitybar .action-item a.action-label[aria-label^="OAuth Clients"]').first().click();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await expand(row);
    await expand(treeRow(page, 'Client'));
    const aud = treeRow(page, 'Assertion aud');
    await aud.waitFor({ state: 'visible', timeout: 15_000 });
    const audText = await aud.innerText();
    assert.ok(
      !audText.includes(WRONG_AUD) && /issuer|endpoint URL|token endpoint/.test(audText),
      `the tree shows the saved aud: ${audText}`,
    );
    await waitForText(treeRow(page, 'Last result').locator('.label-description').first(), /client_credentials → (200|token)/);
    await wb.screenshot('truth-03-saved');

    // The same palette command that failed now gets a token for the saved client.
    await wb.runCommand('OAuth: Get Token');
    await page
      .locator('.notification-toast', { hasText: 'Token for "Truth client"' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await waitForText(status, /Truth client (59|60)m/);
    await waitForText(row.locator('.label-description').first(), /expires in/);
  });

  it('compares the failed and the successful exchange side by side, the aud marked', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Truth client' }).first().click();
    const f = panel(page);
    const boxes = f.locator('[data-testid=history-select]');
    await boxes.nth(1).waitFor({ state: 'visible', timeout: 20_000 });
    // The oldest record (the palette's 401) and the newest (the palette's 200, after the save).
    await boxes.first().click();
    await boxes.last().click();
    await f.locator('[data-testid=history-compare]').click();
    const compare = f.locator('[data-testid=compare]');
    await waitForText(compare.locator('[data-testid=compare-summary]'), /\d+ fields? differ/);
    const audRow = compare.locator('table[data-section="Client assertion"] tr[data-field=aud]');
    assert.equal(await audRow.getAttribute('data-differs'), 'true');
    assert.match(await audRow.innerText(), /wrong-audience/);
    assert.equal(await audRow.locator('.codicon-diff-modified').count(), 1, 'the difference is marked');
    await wb.screenshot('truth-04-compare', page.locator('.part.editor'));
    await f.locator('[data-testid=compare-close]').click();
  });

  it("Introspect starts on the client's current token and the Token field says so", async () => {
    const f = panel(page);
    const op = f.locator('[data-testid=field-operation]');
    await op.click();
    await op.locator('li[role=option]', { hasText: 'Introspect' }).first().click();
    const face = f.locator('[data-testid=field-token] .select-face');
    const shown = await waitForText(face, /token/);
    assert.ok(!shown.includes('(choose a token)'), `the field shows the chosen token: ${shown}`);
    assert.match(shown, /current access token/i);
    // A token chosen with the mouse is what the field then reads.
    const token = f.locator('[data-testid=field-token]');
    await token.click();
    await token.locator('li[role=option]', { hasText: 'Paste a token' }).first().click();
    await waitForText(face, /Paste a token/);
    await token.click();
    await token
      .locator('li[role=option]', { hasText: /current access token/i })
      .first()
      .click();
    await waitForText(face, /current access token/i);
    await f.locator('[data-testid=send]').click();
    await waitForText(f.locator('[data-testid=body-pretty]'), /"active": true/);
    await wb.screenshot('truth-05-introspect', page.locator('.part.editor'));
  });

  it('the "copied" notice goes away by itself', async () => {
    const f = panel(page);
    await f.locator('[data-testid=copy-curl]').first().click();
    const notice = f.locator('[data-testid=notice]');
    await waitForText(notice, /[Cc]opied/);
    await waitForText(notice, /^$/, 15_000);
  });
});
