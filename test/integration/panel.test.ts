/**
 * The "OAuth Request" panel inside a real VS Code: opened by its command it becomes a
 * visible webview whose script runs under the strict CSP and says `ready`; the host
 * drops malformed and unknown messages (logging only the reason); valid messages
 * drive the core against the local oidc-provider (send, follow-up introspect, set as
 * current token); pasted canary secrets never reach the webview, globalState or the
 * log; the serializer restores only valid state of an existing profile.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { renderPanelHtml } from '../../src/shell/panel/html';
import type { Draft, ExchangeView, HostMessage } from '../../src/webview/protocol';
import { emptyDraft } from '../../src/webview/protocol';
import { addServiceProfile, assertNoSecrets, eventually, resetWorkbench, run, testServer, workbench } from './workbench-helpers';

const VIEW_TYPE = 'oauthWorkbench.requestPanel';

describe('request panel (real VS Code, local oidc-provider)', () => {
  let api: TestingApi;
  let profileId: string;
  const posted: { profileId: string; m: HostMessage }[] = [];
  const canary = `CANARY-pasted-${Math.random().toString(36).slice(2)}-${Date.now()}`;

  const messages = <T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] =>
    posted.filter((p) => p.m.type === type).map((p) => p.m as Extract<HostMessage, { type: T }>);
  const panel = () => {
    const p = api.requestPanels.get(profileId);
    assert.ok(p, 'the profile has an open request panel');
    return p;
  };
  /** Waits for the `finished` of a run and returns the last result shown. */
  async function finished(requestId?: string): Promise<{ outcome: string; exchange: ExchangeView | undefined; message: string | null }> {
    let done: Extract<HostMessage, { type: 'finished' }> | undefined;
    await eventually(() => {
      done = messages('finished').find((f) => requestId === undefined || f.requestId === requestId);
      assert.ok(done, 'the run finished');
    }, 20_000);
    const results = messages('result').filter((r) => r.requestId === done!.requestId);
    const exchange = results[results.length - 1]?.exchange;
    return { outcome: done!.outcome, exchange, message: done!.message ?? exchange?.error?.message ?? null };
  }

  before(async () => {
    api = await workbench();
    // Independent of the suites before it: a panel they left open would be revealed, not opened.
    for (const id of api.requestPanels.openProfiles()) api.requestPanels.get(id)?.panel.dispose();
    await resetWorkbench(api);
    profileId = (await addServiceProfile()).id;
    api.requestPanels.tap = (id, m) => posted.push({ profileId: id, m });
  });
  after(async () => {
    api.requestPanels.tap = undefined;
    for (const id of api.requestPanels.openProfiles()) api.requestPanels.get(id)?.panel.dispose();
    await resetWorkbench(api);
  });

  it('opens from its command as a visible webview panel whose script runs and says ready', async function () {
    this.timeout(120_000);
    const r = await run<{ opened: boolean; profileId: string }>('openRequestPanel', { profileId });
    assert.deepEqual(r, { opened: true, profileId });
    const p = panel();
    assert.equal(p.panel.viewType, VIEW_TYPE);
    assert.equal(p.panel.title, 'OAuth Request — Demo service');
    await eventually(() => assert.equal(p.panel.visible, true));
    await eventually(() => {
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'OAuth Request — Demo service');
      assert.ok(tab && tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE), 'a webview tab is open');
    }, 10_000);
    // `init` is only posted after the webview's `ready`: the bundled script ran under the CSP.
    // Usually within 2 s; in some runs (CI and locally, about one in ten) it came only after
    // 30–60 s, and the later tests then passed; the cause was not found, hence the long wait.
    await eventually(() => assert.ok(messages('init').some((m) => m.profile.id === profileId)), 80_000);
    const init = messages('init')[0]!;
    assert.equal(init.profile.authMethod, 'private_key_jwt');
    assert.equal(init.profile.issuer, testServer().issuer);
  });

  it('serves a strict CSP page: default-src none, a fresh nonce per page, resources only from dist/', async () => {
    const html = panel().panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{24}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && html.includes(`<script nonce="${nonce}" src=`), 'the one script carries the nonce');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)/, 'no inline script');
    const roots = panel().panel.webview.options.localResourceRoots?.map((u) => u.path) ?? [];
    assert.equal(roots.length, 1);
    assert.match(roots[0]!, /\/dist$/);
    // Another page gets another nonce.
    const other = vscode.window.createWebviewPanel('oauthWorkbench.cspProbe', 'probe', vscode.ViewColumn.Beside, {});
    try {
      const again = renderPanelHtml(other.webview, vscode.Uri.file('/x/dist'), (b, ...p) => vscode.Uri.joinPath(b, ...p));
      assert.notEqual(/'nonce-([^']+)'/.exec(again)?.[1], nonce);
    } finally {
      other.dispose();
    }
  });

  it('opening it again reveals the same panel (one panel per profile)', async () => {
    const before = panel();
    await run('openRequestPanel', { profileId, operation: 'introspect' });
    assert.equal(panel(), before);
    assert.deepEqual(api.requestPanels.openProfiles(), [profileId]);
    // Loaded into the live form, or (when the webview was reloading) handed over with `init`.
    await eventually(
      () => assert.ok([...messages('loadDraft'), ...messages('init')].some((m) => m.draft?.operation === 'introspect')),
      10_000,
    );
    await assert.rejects(run('openRequestPanel', { profileId, operation: 'implicit' }), /Unknown operation "implicit"/);
  });

  it('drops malformed and unknown messages without acting on them, logging only the reason', async () => {
    const p = panel();
    const droppedBefore = api.requestPanels.dropped.length;
    const postedBefore = posted.length;
    const bad: unknown[] = [
      { type: 'executeCommand', command: 'workbench.action.reloadWindow' },
      { type: 'readSecret', key: `oauthWorkbench.secret.${profileId}.privateKey` },
      { type: 'ready', command: 'workbench.action.terminal.new' },
      { type: 'copyCurl', exchangeId: 'x', reveal: 'yes' },
      { type: 'send', requestId: 'r', draft: { ...emptyDraft('introspect'), pastedToken: { value: canary } } },
      { type: 'send', requestId: 'r', draft: { ...emptyDraft(), operation: 'implicit' } },
      { type: 'followUp', exchangeId: 'x', token: 'client_secret', action: 'copyToken' },
      'ready',
      null,
      [{ type: 'ready' }],
    ];
    for (const m of bad) assert.equal(await p.receive(m), 'dropped', JSON.stringify(m)?.slice(0, 80));
    assert.equal(api.requestPanels.dropped.length, droppedBefore + bad.length);
    assertNoSecrets(api.requestPanels.dropped.join('\n'), [canary], 'the drop reasons');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(posted.length, postedBefore, 'nothing was posted in answer to a dropped message');
    assert.equal(await p.receive({ type: 'cancel', requestId: 'nothing-running' }), 'handled', 'a valid message is handled');
  });

  it('keeps answering its webview after it was covered by another editor and shown again', async () => {
    // Another panel opened over it and closed in the same tick hides and shows it at once:
    // the webview may be handed back without a reload, so no new `ready` comes, and the host
    // must not go mute waiting for one. Covered for a while, it reloads and says `ready` again.
    const draft: Draft = { ...emptyDraft('client_credentials'), scope: 'api:covered' };
    for (const coverMs of [0, 1500]) {
      panel().panel.reveal();
      await eventually(() => assert.equal(panel().panel.active, true));
      const states: boolean[] = [];
      const sub = panel().panel.onDidChangeViewState((e) => states.push(e.webviewPanel.visible));
      const cover = vscode.window.createWebviewPanel('oauthWorkbench.coverProbe', 'cover', vscode.ViewColumn.Active, {});
      if (coverMs) await new Promise((r) => setTimeout(r, coverMs));
      cover.dispose();
      await eventually(
        () => assert.ok(states.includes(false) && panel().panel.visible, `hidden, then shown again (${coverMs} ms)`),
        10_000,
      );
      sub.dispose();
      const seq = 3000 + posted.length;
      await panel().receive({ type: 'preview', seq, draft });
      await eventually(
        () =>
          assert.ok(
            messages('preview').some((m) => m.seq === seq),
            `the preview after a ${coverMs} ms cover reached the webview`,
          ),
        20_000,
      );
    }
  });

  it('previews the exact request, secrets masked, assertion decoded with aud highlighted', async () => {
    const draft: Draft = { ...emptyDraft('client_credentials'), scope: 'api:read' };
    // The live webview posts previews of its own (seq 1, 2, …); the host answers only the
    // latest one it received, so a preview of ours that a webview preview overtook is asked again.
    let preview: Extract<HostMessage, { type: 'preview' }> | undefined;
    for (let seq = 1000; seq < 1005 && !preview; seq++) {
      await panel().receive({ type: 'preview', seq, draft });
      await eventually(() => {
        preview = messages('preview').find((m) => m.seq === seq);
        assert.ok(preview);
      }, 4_000).catch(() => undefined);
    }
    assert.ok(preview, 'the host answered a preview request');
    assert.equal(preview.error, null);
    assert.equal(preview.request?.url, `${testServer().issuer}/token`);
    const form = Object.fromEntries(preview.request.form.map((f) => [f.name, f]));
    assert.equal(form.grant_type?.value, 'client_credentials');
    assert.equal(form.scope?.value, 'api:read');
    assert.equal(form.client_assertion?.secret, true);
    assert.equal(form.client_assertion?.value, '<client_assertion>');
    assert.ok(
      preview.request.headers.some((h) => h.name === 'user-agent'),
      'the transport headers are shown',
    );
    assert.equal(preview.assertion?.claims.iss, preview.assertion?.claims.sub);
    assert.deepEqual(preview.assertion?.highlight, ['aud']);
  });

  let tokenExchangeId: string;

  it('sends client_credentials from a webview message: 200, the JWT access token decoded and its signature verified', async () => {
    const draft: Draft = {
      ...emptyDraft('client_credentials'),
      resource: testServer().jwtAccessTokenResource ?? 'urn:workbench:jwt-api',
      scope: 'api:read',
    };
    assert.equal(await panel().receive({ type: 'send', requestId: 'req-jwt', draft }), 'handled');
    const { outcome, exchange, message } = await finished('req-jwt');
    assert.equal(outcome, 'ok', message ?? '');
    assert.equal(exchange?.response?.status, 200);
    const at = exchange.tokens.find((t) => t.kind === 'access_token');
    assert.ok(at?.jwt, 'the access token is decoded');
    assert.equal(at.jwt.signature, 'verified', at.jwt.signatureNote ?? '');
    assert.equal(at.jwt.claims.iss, testServer().issuer);
    assert.ok(at.jwt.times.exp?.relative, 'exp in human time');
    assert.ok(at.followUps.includes('decode') && at.followUps.includes('setCurrent'));
    assert.match(at.masked, /…$/);
    assert.ok(messages('history').some((h) => h.entries.some((e) => e.id === exchange.id)));
  });

  it('sends client_credentials for an opaque token (introspectable at oidc-provider)', async () => {
    await panel().receive({ type: 'send', requestId: 'req-cc', draft: { ...emptyDraft('client_credentials'), scope: 'api:read' } });
    const { outcome, exchange } = await finished('req-cc');
    assert.equal(outcome, 'ok');
    const at = exchange!.tokens.find((t) => t.kind === 'access_token');
    assert.ok(at && at.jwt === null, 'opaque: nothing to decode');
    tokenExchangeId = exchange!.id;
    assert.ok(api.services.history.get(profileId, tokenExchangeId), 'in the history');
  });

  it('copies the token (explicit click) and the request as curl, redacted unless revealed', async () => {
    const raw = api.services.history.raw(tokenExchangeId)!.exchange;
    const token = (raw.result as { access_token: string }).access_token;
    await panel().receive({ type: 'followUp', exchangeId: tokenExchangeId, token: 'access_token', action: 'copyToken' });
    assert.equal(await vscode.env.clipboard.readText(), token);
    await panel().receive({ type: 'copyCurl', exchangeId: tokenExchangeId, reveal: false });
    const curl = await vscode.env.clipboard.readText();
    assert.match(curl, /^# CLIENT_ASSERTION: .*valid 60 s, single use.*\ncurl /);
    assert.match(curl, /client_assertion=/);
    const assertion = raw.request.form!.find((p) => p.name === 'client_assertion')!.value;
    assertNoSecrets(curl, [assertion], 'the redacted curl command');
    await vscode.env.clipboard.writeText('');
  });

  it('follow-up "decode" opens the decoded JWT read-only, without the token itself', async () => {
    const jwtExchange = [...api.services.history.list(profileId)]
      .reverse()
      .map((r) => api.services.history.raw(r.id)?.exchange)
      .find((x) => x?.operation === 'client_credentials' && /eyJ/.test(JSON.stringify(x.result)))!;
    const token = (jwtExchange.result as { access_token: string }).access_token;
    await panel().receive({ type: 'followUp', exchangeId: jwtExchange.id, token: 'access_token', action: 'decode' });
    const doc = api.services.docs.allContents().at(-1) ?? '';
    assert.match(doc, /"iss": "http:\/\/127\.0\.0\.1:\d+"/);
    assert.match(doc, /"verified": true/, 'the same check as the panel badge ("signature verified")');
    assert.match(doc, /^\/\/ Signature verified against the JWKS of http:\/\/127\.0\.0\.1:\d+\./m);
    assert.match(doc, /"exp": \d+, \/\/ \d{4}-\d\d-\d\dT[\d:.]+Z \(in [^)]+\)/, 'dates beside epoch seconds');
    assertNoSecrets(doc, [token], 'the decoded document');
  });

  it('follow-up "introspect" runs with the client authentication and answers active: true', async () => {
    const before = messages('finished').length;
    await panel().receive({ type: 'followUp', exchangeId: tokenExchangeId, token: 'access_token', action: 'introspect' });
    await eventually(() => assert.ok(messages('finished').length > before), 20_000);
    const started = messages('started').at(-1)!;
    const { outcome, exchange, message } = await finished(started.requestId);
    assert.equal(outcome, 'ok', message ?? '');
    assert.equal(exchange?.operation, 'introspect');
    assert.equal((exchange?.response?.json as { active?: boolean }).active, true);
    assert.ok(exchange?.request.form.some((f) => f.name === 'client_assertion' && f.secret));
  });

  it('follow-up "set as current token" drives the session (tree and status bar)', async () => {
    await panel().receive({ type: 'followUp', exchangeId: tokenExchangeId, token: 'access_token', action: 'setCurrent' });
    await eventually(async () => {
      const stored = await api.services.secrets.tokens(profileId);
      const raw = api.services.history.raw(tokenExchangeId)!.exchange.result as { access_token: string };
      assert.equal(stored?.access_token, raw.access_token);
    });
    await eventually(() => assert.ok(messages('tokens').some((t) => t.options.some((o) => o.ref.source === 'current'))));
  });

  it('a pasted canary token goes to the server and nowhere else (webview, globalState, log, history views); re-send and re-open from history', async () => {
    const draft: Draft = { ...emptyDraft('introspect'), token: { source: 'pasted' }, pastedToken: canary };
    await panel().receive({ type: 'send', requestId: 'req-canary', draft });
    const { outcome, exchange } = await finished('req-canary');
    assert.equal(outcome, 'ok');
    assert.equal((exchange?.response?.json as { active?: boolean }).active, false, 'the server saw the (unknown) token');
    assertNoSecrets(JSON.stringify(posted), [canary], 'messages posted to the webview');
    const state = api.services.context.globalState;
    assertNoSecrets(JSON.stringify(state.keys().map((k) => [k, state.get(k)])), [canary], 'globalState');
    assertNoSecrets(JSON.stringify(api.services.history.last(profileId)), [canary], 'the history record');
    // Re-send from history still works: the secret stayed on the host, in memory.
    await panel().receive({ type: 'resend', exchangeId: exchange!.id });
    const again = messages('started').at(-1)!;
    const second = await finished(again.requestId);
    assert.equal(second.outcome, 'ok');
    assertNoSecrets(JSON.stringify(posted), [canary], 'messages posted to the webview after re-send');
    // Re-open the first exchange from history: its redacted view comes back as a result.
    const resultsBefore = messages('result').length;
    await panel().receive({ type: 'showExchange', exchangeId: exchange!.id });
    await eventually(() => assert.ok(messages('result').length > resultsBefore, 'a result was posted'));
    const reopened = messages('result').at(-1)!;
    assert.equal(reopened.requestId, null, 'a re-opened exchange belongs to no running request');
    assert.equal(reopened.exchange.id, exchange!.id);
    assert.equal((reopened.exchange.response?.json as { active?: boolean }).active, false);
    assertNoSecrets(JSON.stringify(reopened), [canary], 'the re-opened exchange');
    // An id that is not in the history gets a notice, not an error.
    await panel().receive({ type: 'showExchange', exchangeId: 'not-in-history' });
    await eventually(() => assert.match(messages('notice').at(-1)?.message ?? '', /no longer in the history/));
  });

  it('restores a panel from serializer state only for an existing profile, never loading secrets from it', async () => {
    panel().panel.dispose();
    await eventually(() => assert.equal(api.requestPanels.get(profileId), undefined));
    const initsBefore = messages('init').length;
    const restored = vscode.window.createWebviewPanel(VIEW_TYPE, 'OAuth Request', vscode.ViewColumn.Active, {});
    api.requestPanels.revive(restored, {
      version: 1,
      profileId,
      draft: { ...emptyDraft('introspect'), token: { source: 'pasted' }, pastedToken: canary, scope: 'kept' },
      view: 'raw',
    });
    assert.equal(api.requestPanels.get(profileId)?.panel, restored);
    // The restored webview says `ready` when it has loaded; say it here too, so the check
    // does not depend on how fast the browser reloads webviews.
    await panel().receive({ type: 'ready' });
    await eventually(() => assert.ok(messages('init').length > initsBefore), 20_000);
    assert.equal(messages('init').at(-1)!.draft, null, 'the host sends no draft: the webview restores its own (secret-free) state');
    assertNoSecrets(JSON.stringify(posted), [canary], 'messages posted after restore');

    const bogus = vscode.window.createWebviewPanel(VIEW_TYPE, 'OAuth Request', vscode.ViewColumn.Active, {});
    let disposed = false;
    bogus.onDidDispose(() => (disposed = true));
    api.requestPanels.revive(bogus, { version: 1, profileId: 'no-such-profile', draft: emptyDraft(), view: 'pretty' });
    assert.equal(disposed, true, 'state of a deleted profile closes the panel');
    const bogus2 = vscode.window.createWebviewPanel(VIEW_TYPE, 'OAuth Request', vscode.ViewColumn.Active, {});
    let disposed2 = false;
    bogus2.onDidDispose(() => (disposed2 = true));
    api.requestPanels.revive(bogus2, { profileId, command: 'workbench.action.reloadWindow' });
    assert.equal(disposed2, true, 'malformed state closes the panel');
  });

  it('deleting a profile forgets its history even when its panel is closed', async () => {
    const other = (await addServiceProfile({ name: 'History only' })).id;
    await run('openRequestPanel', { profileId: other });
    const p = api.requestPanels.get(other);
    assert.ok(p);
    await p.receive({ type: 'send', requestId: 'req-history-only', draft: emptyDraft('client_credentials') });
    await eventually(() => assert.equal(api.services.history.list(other).length, 1), 20_000);
    p.panel.dispose();
    await eventually(() => assert.equal(api.requestPanels.get(other), undefined));
    assert.equal(api.services.history.list(other).length, 1, 'closing the panel keeps the history');
    await run('deleteProfile', { profileId: other });
    assert.equal(api.services.history.list(other).length, 0, "the deleted profile's exchanges are gone");
    assert.ok(api.services.history.list(profileId).length > 0, 'other profiles keep theirs');
  });

  it('closes the panel when its profile is deleted', async () => {
    const p = panel();
    let closed = false;
    p.panel.onDidDispose(() => (closed = true));
    await run('deleteProfile', { profileId });
    await eventually(() => assert.equal(closed, true));
  });
});
