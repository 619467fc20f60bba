/**
 * Auto-refresh in the real VS Code, driven by the extension's test clock: the active
 * client's token is renewed in the background before it expires (through the runner: it
 * is logged and recorded), the status bar shows the state, a failure is notified ONCE per
 * streak with back-off in between, and an open request panel is told about a renewal.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { HostMessage } from '../../src/webview/protocol';
import { recordMessages } from './observe';
import { addServiceProfile, demoClient, eventually, resetWorkbench, run, workbench } from './workbench-helpers';

describe('auto-refresh (test clock)', () => {
  let api: TestingApi;
  let profileId: string;
  /** Moves the test clock to `secondsBefore` the current token's expiry and re-plans. */
  const nearExpiry = (secondsBefore: number): number => {
    const exp = api.services.session.token(profileId)?.expiresAt;
    assert.ok(exp, 'the token has an expiry');
    api.clock.nowMs = () => (exp - secondsBefore) * 1000;
    api.autoRefresh.checkNow();
    return exp;
  };
  const realTime = () => {
    api.clock.nowMs = () => Date.now();
    api.autoRefresh.checkNow();
  };

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    profileId = (await addServiceProfile({ name: 'Refresh demo' })).id;
    const r = await run<Record<string, unknown>>('getToken', { profileId });
    assert.equal(r.ok, true, JSON.stringify(r.error));
  });
  after(async () => {
    realTime();
    await resetWorkbench(api);
  });

  it('plans the renewal of the active client at the warning threshold and shows it in the tooltip', async () => {
    await eventually(() => assert.equal(api.autoRefresh.view(profileId)?.state, 'scheduled'));
    const exp = api.services.session.token(profileId)!.expiresAt!;
    assert.equal(api.autoRefresh.view(profileId)?.atSeconds, exp - 5 * 60);
    api.statusBar.update();
    const tip = (api.statusBar.item.tooltip as vscode.MarkdownString).value;
    // appendText escapes the spaces of the (escaped) text.
    assert.match(tip.replace(/&nbsp;/g, ' '), /Auto-refresh: next refresh in (54|55)m/);
  });

  it('renews the token in the background before it expires; the open panel is told', async () => {
    await run('openRequestPanel', { profileId });
    const posted: HostMessage[] = [];
    api.requestPanels.tap = (id, m) => id === profileId && posted.push(m);
    const before = (await api.services.secrets.tokens(profileId))!;
    try {
      nearExpiry(4 * 60);
      await eventually(
        async () => assert.notEqual((await api.services.secrets.tokens(profileId))?.access_token, before.access_token),
        10_000,
      );
      const after = (await api.services.secrets.tokens(profileId))!;
      assert.equal(after.obtained_by, 'client_credentials');
      // Through the runner: the exchange is the client's last one, diagnosed and summarised.
      assert.match(api.services.session.last(profileId)?.summary ?? '', /^client_credentials → 200/);
      await eventually(() =>
        assert.ok(
          posted.some((m) => m.type === 'notice' && /refreshed in the background/.test(m.message)),
          'the panel shows that its current token changed',
        ),
      );
    } finally {
      api.requestPanels.tap = undefined;
      realTime();
    }
    await eventually(() => assert.equal(api.autoRefresh.view(profileId)?.state, 'scheduled'));
  });

  it('a failed refresh is notified once with the diagnosis, retried with back-off, and recovers', async () => {
    const shown = recordMessages((m) => (m.level === 'error' ? '' : undefined));
    const key = await api.services.secrets.get(profileId, 'privateKey');
    assert.ok(key);
    try {
      // The client's key is gone: the renewal cannot authenticate (refused before sending).
      await api.services.secrets.delete(profileId, 'privateKey');
      nearExpiry(60);
      await eventually(() => assert.equal(api.autoRefresh.view(profileId)?.state, 'failed'), 10_000);
      assert.equal(api.autoRefresh.view(profileId)?.failures, 1);
      await eventually(() => assert.match(api.statusBar.item.text, /^\$\(warning\) Refresh demo/));
      const errors = () => shown.messages.filter((m) => m.level === 'error' && /in the background failed/.test(m.message));
      await eventually(() => assert.equal(errors().length, 1));
      assert.match(errors()[0]!.message, /private key/);
      // Past the back-off (30 s): tried again, failed again — and not notified again.
      const failedAt = api.clock.nowMs();
      api.clock.nowMs = () => failedAt + 31_000;
      api.autoRefresh.checkNow();
      await eventually(() => assert.equal(api.autoRefresh.view(profileId)?.failures, 2), 10_000);
      assert.equal(errors().length, 1, 'one notification per failure streak');
      assert.ok((api.autoRefresh.view(profileId)?.atSeconds ?? 0) >= failedAt / 1000 + 31 + 60, 'the next try waits 60 s');
      // The key is back: the next try succeeds and the streak ends.
      await run('setPrivateKey', { profileId, privateKey: JSON.stringify(demoClient('service').privateJwk) });
      api.clock.nowMs = () => failedAt + 31_000 + 61_000;
      api.autoRefresh.checkNow();
      await eventually(() => assert.equal(api.autoRefresh.view(profileId)?.state, 'scheduled'), 10_000);
      assert.equal(api.autoRefresh.view(profileId)?.failures, 0);
    } finally {
      shown.dispose();
      if (!(await api.services.secrets.get(profileId, 'privateKey'))) await api.services.secrets.store(profileId, 'privateKey', key);
      realTime();
    }
  });

  it('is off for clients that are not active unless their profile turns it on, and off by setting', async () => {
    const other = await run<{ id: string }>('addProfile', {
      name: 'Other',
      issuer: (await import('./workbench-helpers')).testServer().issuer,
      clientId: demoClient('basic').clientId,
      authMethod: 'client_secret_basic',
      clientSecret: demoClient('basic').clientSecret,
    });
    await run('setActiveProfile', { profileId });
    await run('getToken', { profileId: other.id });
    api.autoRefresh.checkNow();
    assert.equal(api.autoRefresh.view(other.id), undefined);
    await run('editProfile', { profileId: other.id, autoRefresh: true });
    await eventually(() => assert.equal(api.autoRefresh.view(other.id)?.state, 'scheduled'));
    const config = vscode.workspace.getConfiguration('oauthWorkbench.autoRefresh');
    await config.update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await eventually(() => assert.equal(api.autoRefresh.view(profileId), undefined));
      assert.equal(api.autoRefresh.view(other.id), undefined);
    } finally {
      await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
