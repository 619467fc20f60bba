/**
 * The "OAuth Clients" tree and the token status bar item after get token, expiry
 * (the test clock moves forward) and revoke; token changes made directly in
 * SecretStorage (as another window would) reach both views.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { ClientNode } from '../../src/shell/tree/clients-tree';
import { addServiceProfile, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

function labelOf(node: ClientNode): string {
  const l = node.item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

describe('OAuth Clients tree and token status bar', () => {
  let api: TestingApi;
  /** The tooltip as a reader sees it: Markdown escapes removed. */
  const tooltipText = (): string =>
    ((api.statusBar.item.tooltip as vscode.MarkdownString | undefined)?.value ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  let profileId: string;

  const profileNode = async (): Promise<ClientNode> => {
    const node = (await api.tree.getChildren()).find((n) => n.profileId === profileId);
    assert.ok(node, 'the profile has a node');
    return node;
  };
  const child = async (label: string): Promise<ClientNode> => {
    const c = (await profileNode()).children().find((n) => labelOf(n) === label);
    assert.ok(c, `the profile node has a "${label}" child`);
    return c;
  };
  const threshold = async (minutes: number) => {
    await vscode.workspace
      .getConfiguration('oauthWorkbench.statusBar')
      .update('warningThresholdMinutes', minutes, vscode.ConfigurationTarget.Global);
  };

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    profileId = (await addServiceProfile({ name: 'Tree demo' })).id;
  });
  // The fake clock is reset here, after every test, whatever a test did or where it failed.
  afterEach(() => {
    api.clock.nowMs = () => Date.now();
    api.statusBar.update();
  });
  after(async () => {
    await threshold(5);
    await vscode.workspace
      .getConfiguration('oauthWorkbench.statusBar')
      .update('warningThresholdMinutes', undefined, vscode.ConfigurationTarget.Global);
    await resetWorkbench(api);
  });

  it('shows the profile with its auth-method icon, "no token", and the active context value', async () => {
    await eventually(async () => assert.equal((await profileNode()).item.description, '● no token'));
    const item = (await profileNode()).item;
    assert.equal(item.label, 'Tree demo');
    assert.equal(item.contextValue, 'profile.active');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'key');
    assert.equal((await child('Token')).item.contextValue, 'token.none');
    assert.equal(api.statusBar.item.text, '$(key) Tree demo no token');
  });

  it('lists the issuer and the discovered endpoints', async () => {
    const issuer = await child('Issuer');
    const endpoints = issuer.children().map((n) => `${labelOf(n)}=${String(n.item.description)}`);
    assert.ok(
      endpoints.some((e) => e.startsWith('token=') && e.endsWith('/token')),
      endpoints.join(', '),
    );
    assert.ok(
      endpoints.some((e) => e.startsWith('introspection=')),
      endpoints.join(', '),
    );
  });

  it('after get token: "expires in 59m" in the tree and the status bar, claims of the token as children, last result', async () => {
    const r = await run<Record<string, unknown>>('getToken', { profileId });
    assert.equal(r.ok, true);
    await eventually(async () => assert.match(String((await profileNode()).item.description), /^● expires in (59|60)m$/));
    assert.match(api.statusBar.item.text, /^\$\(key\) Tree demo (59|60)m$/);
    assert.equal(api.statusBar.item.backgroundColor, undefined);
    const token = await child('Token');
    assert.equal(token.item.contextValue, 'token');
    const rows = token.children().map(labelOf);
    assert.ok(rows.includes('(opaque token)') && rows.includes('token_type'), `token rows: ${rows.join(', ')}`);
    const last = await child('Last result');
    assert.match(String(last.item.description), /client_credentials → 200/);
    const tooltip = api.statusBar.item.tooltip as vscode.MarkdownString;
    assert.match(tooltipText(), /Issuer: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(tooltip.value, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });

  it('after introspect: the token shows the answer (active, when it was checked) with dates beside epoch seconds', async () => {
    assert.ok(!(await child('Token')).children().some((n) => labelOf(n) === 'Introspection'), 'nothing before the first introspection');
    const r = await run<Record<string, unknown>>('introspect', { profileId });
    assert.equal(r.active, true, JSON.stringify(r));
    await eventually(async () => assert.ok((await child('Token')).children().some((n) => labelOf(n) === 'Introspection')));
    const node = (await child('Token')).children().find((n) => labelOf(n) === 'Introspection')!;
    assert.match(String(node.item.description), /^active · checked \d{4}-\d\d-\d\dT.*Z \((\d+ s ago|now)\)$/);
    const fields = Object.fromEntries(node.children().map((n) => [labelOf(n), String(n.item.description)]));
    assert.equal(fields.active, 'true');
    assert.equal(fields.client_id, 'demo-service');
    assert.match(fields.exp ?? '', /^\d{4}-\d\d-\d\dT.*Z \(in (59 min|1 h)\)$/);
  });

  it('a JWT access token expands to its decoded claims, with human times', async () => {
    const resource = testServer().jwtAccessTokenResource;
    assert.ok(resource, 'the test server names its JWT resource');
    const r = await run<Record<string, unknown>>('getToken', { profileId, resource, grant: 'client_credentials' });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.jwt, true);
    await eventually(async () => assert.ok((await child('Token')).children().some((n) => labelOf(n) === 'iss')));
    const claims = Object.fromEntries((await child('Token')).children().map((n) => [labelOf(n), String(n.item.description)]));
    assert.equal(claims.iss, testServer().issuer);
    assert.equal(claims.aud, resource);
    assert.match(claims.exp ?? '', /^\d{4}-\d\d-\d\dT.*Z \(in (59 min|1 h)\)$/);
    assert.match(claims.iat ?? '', /\((\d+ s ago|now)\)$/);
    assert.match(tooltipText(), /Subject: demo-service/);
    // Back to an opaque token (the server can introspect and revoke those).
    assert.equal((await run<Record<string, unknown>>('getToken', { profileId, grant: 'client_credentials' })).jwt, false);
  });

  it('under the warning threshold: warning background; past expiry: "expired" with the error background', async () => {
    // This test shows an expiring token: auto-refresh (on for the active client) would renew it.
    const autoRefresh = vscode.workspace.getConfiguration('oauthWorkbench.autoRefresh');
    await autoRefresh.update('enabled', false, vscode.ConfigurationTarget.Global);
    const expiresAt = api.services.session.token(profileId)?.expiresAt;
    assert.ok(expiresAt);
    api.clock.nowMs = () => (expiresAt - 4 * 60 - 30) * 1000;
    api.statusBar.update();
    api.tree.refresh();
    assert.equal(api.statusBar.item.text, '$(key) Tree demo 4m');
    assert.deepEqual(api.statusBar.item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
    await threshold(2);
    await eventually(() => assert.equal(api.statusBar.item.backgroundColor, undefined));
    await threshold(5);
    api.clock.nowMs = () => (expiresAt + 10) * 1000;
    api.statusBar.update();
    assert.equal(api.statusBar.item.text, '$(key) Tree demo expired');
    assert.deepEqual(api.statusBar.item.backgroundColor, new vscode.ThemeColor('statusBarItem.errorBackground'));
    assert.equal((await profileNode()).item.description, '● expired');
    api.clock.nowMs = () => Date.now();
    api.statusBar.update();
    await autoRefresh.update('enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('an invalid warning threshold (negative, not a number) falls back to 5 minutes in the status bar', async () => {
    const expiresAt = api.services.session.token(profileId)?.expiresAt;
    assert.ok(expiresAt);
    api.clock.nowMs = () => (expiresAt - 4 * 60 - 30) * 1000;
    await threshold(2);
    await eventually(() => assert.equal(api.statusBar.item.backgroundColor, undefined), 5000);
    for (const invalid of [-3, 'ten']) {
      await vscode.workspace
        .getConfiguration('oauthWorkbench.statusBar')
        .update('warningThresholdMinutes', invalid, vscode.ConfigurationTarget.Global);
      // 4.5 minutes left is under the fallback of 5: the warning shows again.
      await eventually(
        () => assert.deepEqual(api.statusBar.item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground')),
        5000,
      );
      await threshold(2);
      await eventually(() => assert.equal(api.statusBar.item.backgroundColor, undefined), 5000);
    }
    await threshold(5);
  });

  it('server-provided scope and subject in the tooltip are escaped: no link, no icon, no command', async () => {
    const tokens = await api.services.secrets.tokens(profileId);
    assert.ok(tokens);
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const hostileSub = '[click me](command:workbench.action.quit) $(alert) `x` <img src=x onerror=alert(1)>';
    const jwt = `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64({ sub: hostileSub, exp: Math.floor(Date.now() / 1000) + 3600 })}.c2ln`;
    await api.services.session.setTokens(profileId, {
      access_token: jwt,
      token_type: 'Bearer',
      received_at: 1,
      scope: '*bold* [s](https://evil.example)',
    });
    try {
      await eventually(() => assert.match(tooltipText(), /Subject: \[click me\]/));
      const tip = api.statusBar.item.tooltip as vscode.MarkdownString;
      assert.ok(!tip.isTrusted, 'command links stay disabled');
      assert.ok(!tip.supportHtml, 'no HTML rendering');
      // Every Markdown-active character of the claims is escaped in the source.
      assert.doesNotMatch(tip.value, /(?<!\\)\[click me\]\(command:/);
      assert.doesNotMatch(tip.value, /(?<!\\)\$\(alert\)/);
      assert.doesNotMatch(tip.value, /(?<!\\)\[s\]\(https:/);
      assert.doesNotMatch(tip.value, /(?<!\\)\*bold\*/);
      assert.match(tooltipText(), /Scope: \*bold\* \[s\]\(https:\/\/evil\.example\)/);
    } finally {
      await api.services.session.setTokens(profileId, tokens);
    }
  });

  it('a token without a usable expiry reads "unknown", never NaN', async () => {
    const tokens = await api.services.secrets.tokens(profileId);
    assert.ok(tokens);
    // An opaque token whose response had no (or a broken) expires_in.
    await api.services.session.setTokens(profileId, {
      access_token: 'opaque-token-without-expiry',
      token_type: 'Bearer',
      received_at: 1,
      expires_at: Number.NaN,
    });
    await eventually(() => assert.equal(api.statusBar.item.text, '$(key) Tree demo unknown'));
    assert.equal((await profileNode()).item.description, '● expiry unknown');
    assert.doesNotMatch(api.statusBar.item.text + String((await profileNode()).item.description), /NaN|-\d/);
    await api.services.session.setTokens(profileId, tokens);
  });

  it('after revoke: "no token" again', async () => {
    const r = await run<Record<string, unknown>>('revoke', { profileId });
    assert.equal(r.ok, true);
    await eventually(() => assert.equal(api.statusBar.item.text, '$(key) Tree demo no token'));
    assert.equal((await profileNode()).item.description, '● no token');
    assert.match(String((await child('Last result')).item.description), /revoke → 200, revocation accepted/);
  });

  it('a token written to SecretStorage behind the views (another window) reaches tree and status bar', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 42 * 60 + 30;
    await api.services.context.secrets.store(
      `oauthWorkbench.secret.${profileId}.tokens`,
      JSON.stringify({
        access_token: 'opaque-token-from-another-window',
        token_type: 'Bearer',
        expires_at: expiresAt,
        received_at: expiresAt - 3600,
      }),
    );
    await eventually(() => assert.equal(api.statusBar.item.text, '$(key) Tree demo 42m'));
    assert.equal((await profileNode()).item.description, '● expires in 42m');
    await api.services.context.secrets.delete(`oauthWorkbench.secret.${profileId}.tokens`);
    await eventually(() => assert.equal(api.statusBar.item.text, '$(key) Tree demo no token'));
  });

  it('setActiveProfile moves the status bar and the active marker', async () => {
    const other = await addServiceProfile({ name: 'Second client', setActive: false });
    assert.equal(api.statusBar.item.text, '$(key) Tree demo no token');
    await run('setActiveProfile', { profileId: other.id });
    await eventually(() => assert.equal(api.statusBar.item.text, '$(key) Second client no token'));
    const nodes = await api.tree.getChildren();
    assert.equal(nodes.find((n) => n.profileId === other.id)?.item.contextValue, 'profile.active');
    assert.equal(nodes.find((n) => n.profileId === profileId)?.item.contextValue, 'profile');
    await run('deleteProfile', { profileId: other.id });
    await eventually(() => assert.equal(api.statusBar.item.text, '$(key) Tree demo no token'));
  });

  it('hides the status bar item and lists nothing when there is no profile', async () => {
    await resetWorkbench(api);
    assert.equal((await api.tree.getChildren()).length, 0);
    assert.equal(api.statusBar.view, undefined);
    profileId = (await addServiceProfile({ name: 'Tree demo' })).id;
  });
});
