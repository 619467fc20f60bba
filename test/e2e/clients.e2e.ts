/**
 * Issue 4's end-to-end path in the real workbench with the packaged extension: open
 * the "OAuth Clients" view, add a private_key_jwt client through the Add Client guide
 * (issuer → discovery → client id → auth method → key → alg/kid → audience → scope →
 * name), get a token and see the status bar and the tree change, introspect and see
 * `active` — no invalid_client anywhere. Screenshots of each state go to
 * test-output/screenshots/clients-*.png.
 */
import * as assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { generateKeyPair } from '../../src/core';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { startWorkbench, type Workbench } from './harness';
import { description, expand, quickInput, treeRow, waitForText } from './workbench-ui';

describe('OAuth Clients: add a private_key_jwt client, get a token, introspect (e2e)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let page: Page;

  before(async () => {
    wb = await startWorkbench({ name: 'e2e-clients' });
    page = wb.page;
  });
  after(async () => {
    await wb?.stop();
  });

  it('opens the "OAuth Clients" view from the activity bar and shows the welcome actions', async () => {
    await page.locator('.part.activitybar .action-item a.action-label[aria-label^="OAuth Clients"]').first().click();
    const welcome = page.locator('.part.sidebar .welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    for (const label of ['Add Client', 'Add from Issuer', 'Import Profiles']) {
      await welcome.locator('a.monaco-button', { hasText: label }).first().waitFor({ state: 'visible' });
    }
    await page.locator('.part.sidebar .composite.title', { hasText: 'OAuth Clients' }).first().waitFor({ state: 'visible' });
    await page.mouse.move(800, 450); // no hover tooltip in the picture
    await page.waitForTimeout(300);
    await wb.screenshot('clients-01-welcome');
  });

  it('adds the private_key_jwt "service" client through the Add Client guide', async () => {
    const service = wb.authServer.clients.service;
    assert.ok(service?.privateJwk, 'the authorization server describes the service client and its key');
    const q = quickInput(page);
    await page.locator('.part.sidebar .welcome-view-content a.monaco-button', { hasText: 'Add Client' }).first().click();

    await q.waitFor('Issuer URL of the authorization server');
    await q.enter(wb.authServer.issuer);
    await q.waitFor(/supports — press Enter to continue/);
    await q.waitFor('private_key_jwt');
    await wb.screenshot('clients-02-discovery');
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

    await q.waitFor(/Signing algorithm for client assertions \(RSA 2048/);
    await q.pick(/^RS256/);
    await q.waitFor('Key ID (kid header)');
    assert.equal(await q.input.inputValue(), 'demo-service-key', 'the kid comes from the pasted JWK');
    await page.keyboard.press('Enter');

    await q.waitFor('Audience (aud) of the client assertion');
    await q.pick(/^issuer/);

    await q.waitFor(/Send DPoP proofs \(RFC 9449\)\?/);
    // The server offers DPoP; Off is preselected.
    await page.keyboard.press('Enter');

    await q.waitFor('Default scope for token requests');
    await q.enter('');

    await q.waitFor('Name shown in the OAuth Clients view');
    await q.enter('Demo service');

    const row = treeRow(page, 'Demo service');
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await description(row), '● no token');
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Demo service' }).first();
    await waitForText(status, /Demo service no token/);
    await page
      .locator('.notification-toast', { hasText: 'Client "Demo service" added' })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(500); // the toast fades in
    await wb.screenshot('clients-03-added');
  });

  it('gets a token: the status bar and the tree show when it expires', async () => {
    await page
      .locator('.notification-toast', { hasText: 'Client "Demo service" added' })
      .locator('a.monaco-button', { hasText: 'Get Token' })
      .first()
      .click();
    const toast = page.locator('.notification-toast', { hasText: 'Token for "Demo service"' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await toast.innerText(), /expires in (59|60)m/);
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Demo service' }).first();
    assert.match(await waitForText(status, /Demo service (59|60)m/), /^Demo service (59|60)m$/);
    const row = treeRow(page, 'Demo service');
    assert.match(await waitForText(row.locator('.label-description').first(), /expires in/), /^● expires in (59|60)m$/);
    await page.waitForTimeout(900); // let the progress notification's minimum display time pass
    await wb.screenshot('clients-04-token');
  });

  it("introspects the token with the client's authentication and sees active", async () => {
    await page
      .locator('.notification-toast', { hasText: 'Token for "Demo service"' })
      .locator('a.monaco-button', { hasText: 'Introspect' })
      .first()
      .click();
    const toast = page.locator('.notification-toast', { hasText: 'is active' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await toast.innerText(), /Token of "Demo service" is active \(expires in (59|60)m.*client demo-service\)/);
    assert.equal(await page.locator('.notification-toast', { hasText: 'invalid_client' }).count(), 0, 'no invalid_client anywhere');
    // The profile's children show the last result.
    await expand(treeRow(page, 'Demo service'));
    const last = treeRow(page, 'Last result');
    await last.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(900); // let the progress notification's minimum display time pass
    assert.match(await description(last), /introspect → 200, active/);
    await wb.screenshot('clients-05-introspect');
  });

  it('the status bar item opens the token actions', async () => {
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Demo service' }).first().click();
    const q = quickInput(page);
    await q.waitFor('Introspect Current Token');
    await q.waitFor(/Demo service — expires in (59|60)m/);
    for (const action of ['Get Token', 'Copy Access Token', 'Revoke Current Token', 'Switch Active Client']) await q.waitFor(action);
    await wb.screenshot('clients-06-status-bar-actions');
    await page.keyboard.press('Escape');
  });

  it('a client with a wrong secret gets invalid_client, explained with its likely cause and fix', async () => {
    const basic = wb.authServer.clients.basic;
    assert.ok(basic);
    const q = quickInput(page);
    await wb.runCommand('OAuth: Add Client…');
    await q.waitFor('Issuer URL of the authorization server');
    await q.enter(wb.authServer.issuer);
    await q.waitFor(/supports — press Enter to continue/);
    await page.keyboard.press('Enter');
    await q.waitFor('Client ID, as registered at the provider');
    await q.enter(basic.clientId);
    await q.waitFor('How does this client authenticate?');
    await q.pick(/^client_secret_basic/);
    await q.waitFor('Client secret (kept in VS Code secret storage only)');
    await q.enter('not-the-registered-secret');
    await q.waitFor(/Send DPoP proofs \(RFC 9449\)\?/);
    await page.keyboard.press('Enter');
    await q.waitFor('Default scope for token requests');
    await q.enter('');
    await q.waitFor('Name shown in the OAuth Clients view');
    await q.enter('Wrong secret');
    await page
      .locator('.notification-toast', { hasText: 'Client "Wrong secret" added' })
      .locator('a.monaco-button', { hasText: 'Get Token' })
      .first()
      .click();
    const toast = page.locator('.notification-toast', { hasText: 'Getting a token for "Wrong secret" failed' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await toast.innerText();
    assert.match(text, /invalid_client/);
    assert.match(text, /Fix:/);
    assert.ok(!text.includes('not-the-registered-secret'), 'the secret is not in the notification');
    const row = treeRow(page, 'Wrong secret');
    await row.waitFor({ state: 'visible' });
    await page.waitForTimeout(900);
    await wb.screenshot('clients-07-invalid-client');
  });
  it('sets a client certificate from the palette: a PEM certificate and its encrypted key, the passphrase checked as it is typed', async () => {
    const pair = await generateKeyPair('RSA-2048');
    const cert = await selfSignedCertificate(pair.privateKeyPem, { commonName: 'e2e-mtls-client' });
    const dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-e2e-cert-'));
    const certFile = path.join(dir, 'client-cert.pem');
    const keyFile = path.join(dir, 'client-key.pem');
    writeFileSync(certFile, cert.pem);
    const encrypted = createPrivateKey(pair.privateKeyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'right-pass',
    });
    writeFileSync(keyFile, encrypted);
    const q = quickInput(page);
    /** VS Code's file dialog in the browser: a quick input listing the folder of the typed path; a click on the file opens it. */
    const openInFileDialog = async (file: string): Promise<void> => {
      await q.input.fill(`${path.dirname(file)}/`);
      const row = q.widget.locator('.monaco-list-row', { hasText: path.basename(file) }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      await row.click();
    };
    await wb.runCommand('OAuth: Set Client Certificate (mTLS)…');
    await q.waitFor('Where is the client certificate (mutual TLS)?');
    await q.pick('PEM certificate and private key');
    // VS Code's own file dialog (in the browser: a quick input taking a path).
    await q.waitFor(/Client certificate \(PEM/);
    await openInFileDialog(certFile);
    await q.waitFor(/Private key of client-cert\.pem/);
    await openInFileDialog(keyFile);
    await q.waitFor('Passphrase of the certificate key');
    await q.input.fill('wrong-pass');
    await q.waitFor('the passphrase does not open it');
    await wb.screenshot('clients-08-certificate-passphrase');
    await q.enter('right-pass');
    const toast = page.locator('.notification-toast', { hasText: 'Client certificate of "Wrong secret" stored' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await toast.innerText(), /stored: CN=e2e-mtls-client \(self-signed\), valid until \d{4}-\d\d-\d\d/);
    // The tree shows the certificate under the client (the active one: the palette asked for none).
    await expand(treeRow(page, 'Wrong secret'));
    await expand(page.locator('.part.sidebar .monaco-list-row[aria-label^="Client"][aria-label*="client_secret_basic"]').first());
    const row = treeRow(page, 'Client certificate');
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await waitForText(row.locator('.label-description').first(), /CN=e2e-mtls-client/), /CN=e2e-mtls-client/);
    await wb.screenshot('clients-09-certificate-in-tree');
    rmSync(dir, { recursive: true, force: true });
  });
});
