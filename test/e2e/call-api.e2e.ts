/**
 * Issue 9 in the panel of the real workbench (code-server + Chromium, packaged
 * extension): a DPoP-required private_key_jwt client (oidc-provider with server nonces,
 * like an Okta "API Services" app with DPoP on) gets a token with client_credentials
 * THROUGH the nonce challenge — the screen says `use_dpop_nonce → retried with nonce`
 * and the token_type is DPoP — then "Call API" sends it as `Authorization: DPoP` with a
 * proof carrying `ath` to a test API that validates the token and the proof (and asks
 * for its own nonce): 200 and the API's answer on screen. The API's refusal of a scope
 * shows API_INSUFFICIENT_SCOPE naming the scope it wants.
 * Screenshots: test-output/screenshots/call-api-*.png.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startResourceServer, type ResourceServer } from '../fixtures/resource-server';
import { startWorkbench, type Workbench } from './harness';
import { choose, openPanelFor, panelFrame, type, waitForText } from './panel-driver';

describe('Call API with a DPoP token in the panel (e2e)', function () {
  this.timeout(240_000);
  let as: AuthServer;
  let rs: ResourceServer;
  let wb: Workbench;
  let frame: FrameLocator;

  before(async () => {
    as = await startAuthServer();
    const basic = as.clients.basic;
    rs = await startResourceServer({
      issuer: as.issuer,
      introspectionClient: { clientId: basic.clientId, clientSecret: basic.clientSecret! },
    });
    const dpop = as.clients.dpop;
    wb = await startWorkbench({
      name: 'e2e-call-api',
      noAuthServer: true,
      files: { 'keys/dpop-client.pem': dpop.privatePem! },
      settings: {
        'oauthWorkbench.profiles': [
          {
            id: 'e2e-dpop',
            name: 'E2E DPoP service',
            issuer: as.issuer,
            clientId: dpop.clientId,
            authMethod: 'private_key_jwt',
            signingAlg: dpop.alg,
            keyId: dpop.publicJwk!.kid,
            privateKeyFile: '${workspaceFolder}/keys/dpop-client.pem',
            dpop: 'always',
          },
        ],
      },
    });
    frame = panelFrame(wb.page);
  });
  after(async () => {
    await wb?.stop();
    await rs?.close();
    await as?.close();
  });

  it('gets a DPoP token with client_credentials through the server nonce: the retry with the nonce and token_type DPoP are on screen', async () => {
    await openPanelFor(wb, 'E2E DPoP service');
    await waitForText(frame.locator('[data-testid=profile]'), /E2E DPoP service/);
    await type(frame, 'scope', 'api:read');
    // The preview already shows the proof the request will carry.
    await waitForText(frame.locator('[data-testid=preview-dpop]'), /DPoP · key thumbprint \(jkt\) [\w-]{43}/);
    await waitForText(frame.locator('[data-testid=preview-dpop-proof-header]'), /typ\s+"?dpop\+jwt/);
    await frame.locator('[data-testid=send]').click();
    await waitForText(frame.locator('[data-testid=status]'), /^200/);
    const nonce = await waitForText(frame.locator('[data-testid=dpop-nonce]'), /use_dpop_nonce/);
    assert.match(nonce, /HTTP 400 use_dpop_nonce → retried with nonce \S+/);
    await waitForText(frame.locator('[data-testid=status-line]'), /2 attempts/);
    await waitForText(frame.locator('[data-testid=body-pretty]'), /"token_type": "DPoP"/);
    // The proof of the retry carried the nonce the server asked for.
    const shownNonce = /retried with nonce (\S+)/.exec(nonce)![1]!;
    const proofNonce = await frame.locator('[data-testid=dpop-proof-claims] tr[data-claim=nonce] td .text').first().innerText();
    assert.equal(proofNonce.replace(/^"|"$/g, ''), shownNonce);
    await wb.screenshot('call-api-token-nonce', wb.page.locator('.part.editor'));
  });

  it('calls the API with the DPoP token: a proof with ath, the API nonce answered, 200 and the API answer on screen', async () => {
    await choose(frame, 'operation', 'Call API');
    await type(frame, 'apiUrl', `${rs.url}/api/items`);
    await choose(frame, 'token', /access token from Client credentials/);
    const preview = frame.locator('[data-testid=preview-request]');
    await waitForText(preview, new RegExp(`GET\\s+${rs.url.replace(/[.]/g, '\\.')}/api/items`));
    await waitForText(preview, /authorization\s+DPoP <access_token>/);
    await waitForText(frame.locator('[data-testid=preview-dpop-proof-claims]'), /ath/);
    await frame.locator('[data-testid=send]').click();
    // The API is a new origin for this client's credentials: the workbench asks first.
    const allow = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Send and Remember' });
    await allow.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await wb.page.locator('.monaco-dialog-box').innerText(), new RegExp(`Send the credentials of "E2E DPoP service" to`));
    await allow.click();
    await waitForText(frame.locator('[data-testid=status]'), /^200/);
    await waitForText(frame.locator('[data-testid=status-line]'), /API call/);
    // The picker still shows the token the call used (the token list is refreshed after every send).
    await wb.page.waitForTimeout(500);
    assert.match(
      await frame.locator('[data-testid=field-token]').evaluate((el) => (el as HTMLElement & { value: string }).value),
      /^exchange:[^:]+:access_token$/,
    );
    const body = await waitForText(frame.locator('[data-testid=body-pretty]'), /"scheme": "DPoP"/);
    assert.match(body, /"ok": true/);
    assert.match(body, new RegExp(`"client_id": "${as.clients.dpop.clientId}"`));
    assert.match(await frame.locator('[data-testid=dpop-nonce]').innerText(), /HTTP 401 use_dpop_nonce → retried with nonce/);
    assert.match(await frame.locator('[data-testid=dpop-proof-claims] tr[data-claim=ath]').innerText(), /ath\s+\S{20,}/);
    assert.deepEqual(
      rs.log.map((l) => `${l.scheme ?? ''} ${l.status}`),
      ['DPoP 401', 'DPoP 200'],
      'the API saw a DPoP token, asked for its nonce and accepted the retry',
    );
    await wb.screenshot('call-api-200', wb.page.locator('.part.editor'));
  });

  it('shows why the API refused a scope: API_INSUFFICIENT_SCOPE with the scope it wants', async () => {
    await type(frame, 'apiUrl', `${rs.url}/api/admin`);
    await waitForText(frame.locator('[data-testid=preview-request]'), /\/api\/admin/);
    await frame.locator('[data-testid=send]').click();
    await waitForText(frame.locator('[data-testid=status]'), /^403/);
    const finding = frame.locator('[data-testid=response-findings] li[data-code=API_INSUFFICIENT_SCOPE]');
    const text = await waitForText(finding, /The API needs scope "api:write"/);
    assert.match(text, /Get a token with scope "api:write"/);
    await wb.screenshot('call-api-insufficient-scope', wb.page.locator('.part.editor'));
  });
});
