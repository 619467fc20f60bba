/**
 * Issue 10.8 in the real workbench: the Add Client guide as a new user meets it.
 * Typing "Add Client" + Enter in the palette runs "Add Client…" (not the issuer
 * variant); a discovery failure is shown whole in a dialog, with "Allow Plain http
 * for This Client" when the issuer is plain http to a host other than loopback; the
 * step counter counts only the steps shown (client_secret_basic: 8 with the DPoP step this server offers); Edit Client names
 * the assertion audience as the guide does ("token endpoint", not `token_endpoint`).
 * Screenshots: test-output/screenshots/guide-*.png (the DPoP step: guide-03-dpop-step).
 * Failed before (the packaged extension of 244c50c): the palette's first match for "Add
 * Client" was "OAuth: Add Client from Issuer…"; a discovery failure showed no dialog.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startWorkbench, type Workbench } from './harness';
import { dialog, quickInput, quickInputTitle, treeRow } from './workbench-ui';

describe('Add Client guide (e2e, issue 10.8)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let page: Page;

  before(async () => {
    wb = await startWorkbench({ name: 'e2e-guide' });
    page = wb.page;
  });
  after(async () => {
    await wb?.stop();
  });

  it('"Add Client" + Enter in the palette runs Add Client…, not Add from Issuer…', async () => {
    const q = quickInput(page);
    // Nothing run from the palette yet (no recently-used order): the palette sorts by title.
    const deadline = Date.now() + 60_000;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await q.input.fill('>Add Client');
      await page.waitForTimeout(1000);
      rows = (await q.widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
      if (rows.includes('OAuth: Add Client…')) break;
    }
    assert.equal(rows[0], 'OAuth: Add Client…', `the first match: ${rows.join(' | ')}`);
    await page.keyboard.press('Enter');
    await q.waitFor('Issuer URL of the authorization server');
    assert.match(await quickInputTitle(page, /Add OAuth Client/), /^Add OAuth Client \(1\/\d\)$/);
  });

  it('shows a discovery failure whole, offers plain http for this client, and counts only the steps shown', async () => {
    const q = quickInput(page);
    const basic = wb.authServer.clients.basic;
    assert.ok(basic?.clientSecret);
    // 0.0.0.0 reaches the local server but is not loopback: plain http is refused first.
    const issuer = wb.authServer.issuer.replace('127.0.0.1', '0.0.0.0');
    await q.enter(issuer);
    const d = dialog(page);
    const refusal = await d.waitFor(/Discovery of .* failed/);
    assert.match(refusal, /Refusing to send to http:\/\/0\.0\.0\.0:\d+ over plain http: credentials and tokens would travel unencrypted\./);
    assert.match(refusal, /enable "allow insecure http" in the profile\./, 'the end of the message is shown too');
    await wb.screenshot('guide-01-discovery-refused');
    await d.click('Allow Plain http for This Client');

    // The server names its own issuer (127.0.0.1): that error is shown whole too, without a second http offer.
    const mismatch = await d.waitFor(/Discovery of .* failed/);
    assert.ok(!/Refusing to send/.test(mismatch), mismatch);
    assert.match(mismatch, /issuer/i);
    assert.equal(await d.box.locator('.monaco-button', { hasText: 'Allow Plain http' }).count(), 0);
    await wb.screenshot('guide-02-discovery-mismatch');
    await d.click('Change the Issuer URL');

    await q.waitFor('Issuer URL of the authorization server');
    await q.enter(wb.authServer.issuer);
    await q.waitFor(/supports — press Enter to continue/);
    await page.keyboard.press('Enter');
    await q.waitFor('Client ID, as registered at the provider');
    await q.enter(basic.clientId);
    await q.waitFor('How does this client authenticate?');
    await q.pick(/^client_secret_basic/);
    await q.waitFor('Client secret (kept in VS Code secret storage only)');
    assert.match(await quickInputTitle(page, /\(5\/8\)/), /^Add OAuth Client \(5\/8\)$/);
    await q.enter(basic.clientSecret);
    await q.waitFor(/Send DPoP proofs \(RFC 9449\)\?/);
    assert.match(
      await quickInputTitle(page, /\(6\/8\)/),
      /\(6\/8\)$/,
      'no alg, no audience step for client_secret_basic; the server offers DPoP',
    );
    await wb.screenshot('guide-03-dpop-step');
    await page.keyboard.press('Enter');
    await q.waitFor('Default scope for token requests');
    assert.match(await quickInputTitle(page, /\(7\/8\)/), /\(7\/8\)$/);
    await q.enter('');
    await q.waitFor('Name shown in the OAuth Clients view');
    assert.match(await quickInputTitle(page, /\(8\/8\)/), /\(8\/8\)$/);
    await wb.screenshot('guide-04-last-step');
    await q.enter('Guide basic');
    await page
      .locator('.notification-toast', { hasText: 'Client "Guide basic" added' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, 'Guide basic').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it("Edit Client names the assertion audience with the guide's labels", async () => {
    const q = quickInput(page);
    await wb.runCommand('OAuth: Edit Client…');
    await q.waitFor('Assertion audience mode');
    await q.pick('Assertion audience mode');
    await q.waitFor('The URL of the endpoint being called');
    const names = (await q.widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((l) => l.trim());
    for (const label of ['issuer', 'endpoint URL', 'token endpoint', 'custom', '(default)'])
      assert.ok(names.includes(label), `${label} in ${names.join(' | ')}`);
    assert.ok(!names.includes('token_endpoint') && !names.includes('endpoint'), 'no raw mode names');
    await q.pick(/^token endpoint/);
    const row = q.widget.locator('.monaco-list-row', { hasText: 'Assertion audience mode' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), /Assertion audience mode\s*token endpoint/);
    assert.ok(!(await q.widget.innerText()).includes('token_endpoint'), 'no raw token_endpoint');
    await wb.screenshot('guide-04-edit-client');

    // DPoP and certificate-bound tokens are edited here too, with the guide's words.
    await q.pick(/^DPoP/);
    await q.waitFor('Proofs on every token request');
    await q.pick(/^Always/);
    const dpopRow = q.widget.locator('.monaco-list-row', { hasText: 'DPoP' }).first();
    await dpopRow.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dpopRow.innerText(), /DPoP\s*Always/);
    await q.pick(/^Certificate-bound tokens/);
    await q.waitFor('Present the client certificate on every request');
    await q.pick(/^on/);
    // No certificate is stored: the edit says so and offers to set one.
    await page
      .locator('.notification-toast', { hasText: 'now presents a client certificate; none is stored yet' })
      .locator('a.monaco-button', { hasText: 'Set Client Certificate' })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await page.keyboard.press('Escape');
  });
});
