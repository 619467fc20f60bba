/**
 * Issue 10 on the host side, in the real VS Code with the local oidc-provider:
 * every entry point's exchange reaches the panel's history; a fix saved to the client
 * changes the profile and the panel header, and the request then succeeds; Explain
 * opens in the panel with what was read (secrets as $VARIABLES, never posted to the
 * webview), loads the paste as a draft, sends it correctly and copies the corrected
 * curl; two history records compare side by side. The e2e suites walk the same paths
 * in the workbench UI.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { decodeJwt } from '../../src/core';
import { curlForCopy } from '../../src/shell/curl-copy';
import type { TestingApi } from '../../src/extension';
import type { RequestPanel } from '../../src/shell/panel/request-panel';
import { emptyDraft, type HostMessage } from '../../src/webview/protocol';
import {
  addServiceProfile,
  assertNoSecrets,
  demoClient,
  eventually,
  resetWorkbench,
  run,
  testServer,
  workbench,
} from './workbench-helpers';

type Posted = { profileId: string; m: HostMessage };

describe('one truth on every screen (host side)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let profileId: string;
  const posted: Posted[] = [];
  const messages = <T extends HostMessage['type']>(type: T, id = profileId): Extract<HostMessage, { type: T }>[] =>
    posted.filter((p) => p.profileId === id && p.m.type === type).map((p) => p.m as Extract<HostMessage, { type: T }>);

  async function openPanel(id: string, args: Record<string, unknown> = {}): Promise<RequestPanel> {
    await run('openRequestPanel', { profileId: id, ...args });
    const p = api.requestPanels.get(id);
    assert.ok(p, 'the panel is open');
    await p.receive({ type: 'ready' });
    return p;
  }

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    profileId = (await addServiceProfile({ name: 'Truth service' })).id;
    api.requestPanels.interactive = false;
    api.requestPanels.tap = (id, m) => posted.push({ profileId: id, m });
  });
  after(async () => {
    api.requestPanels.tap = undefined;
    api.requestPanels.interactive = true;
    for (const id of api.requestPanels.openProfiles()) api.requestPanels.get(id)?.panel.dispose();
    await resetWorkbench(api);
  });

  it('an exchange made by a command (palette, tree, status bar) reaches the open panel history, with its source', async () => {
    await openPanel(profileId);
    const before = messages('history').length;
    const r = await run<{ ok: boolean }>('getToken', { profileId, source: 'statusBar' });
    assert.equal(r.ok, true);
    await eventually(() => assert.ok(messages('history').length > before, 'the panel was told'), 10_000);
    const last = messages('history').at(-1)!.entries.at(-1)!;
    assert.equal(last.operation, 'client_credentials');
    assert.equal(last.source, 'statusBar');
    assert.equal(last.ok, true);
    assert.equal(api.services.history.last(profileId)?.source, 'statusBar');
  });

  it('"save to client" saves the fix: the profile, the panel header and the next request use it', async () => {
    const wrong = await addServiceProfile({
      name: 'Truth wrong aud',
      audience: 'custom',
      customAudience: 'https://wrong.example/aud',
      setActive: false,
    });
    const p = await openPanel(wrong.id);
    const draft = emptyDraft('client_credentials');
    await p.receive({ type: 'send', requestId: 'save-1', draft });
    await eventually(() => assert.ok(messages('finished', wrong.id).some((f) => f.requestId === 'save-1')), 20_000);
    const failed = messages('result', wrong.id).at(-1)!.exchange;
    assert.equal(failed.error?.code, 'OAUTH_INVALID_CLIENT');
    const fix = failed.findings.find((f) => f.saveAction);
    assert.ok(fix, `a fix that can be saved (findings: ${failed.findings.map((f) => `${f.code}:${f.saveAction}`).join(', ')})`);
    assert.equal(fix.action, fix.saveAction, 'the same fix is offered for this request and for the client');
    const started = messages('started', wrong.id).length;
    await p.receive({ type: 'applyFix', from: 'exchange', exchangeId: failed.id, code: fix.code, target: 'client', draft });
    const saved = api.services.store.get(wrong.id);
    assert.ok(saved?.audience && saved.audience !== 'custom', `the profile was saved (audience ${saved?.audience})`);
    await eventually(() => assert.equal(messages('profile', wrong.id).at(-1)?.profile.audienceMode, saved.audience), 5_000);
    await eventually(() => assert.ok(messages('started', wrong.id).length > started), 10_000);
    const rerun = messages('started', wrong.id).at(-1)!.requestId;
    await eventually(() => assert.ok(messages('finished', wrong.id).some((f) => f.requestId === rerun && f.outcome === 'ok')), 20_000);
    assert.equal(messages('loadDraft', wrong.id).at(-1)?.draft.audienceMode, '', 'the form follows the client setting again');
    assert.equal(api.services.history.last(wrong.id)?.ok, true, 'the tree and status bar read the successful record');
    p.panel.dispose();
  });

  it('Explain opens in the panel with what was read, secrets as $VARIABLES; loads the draft; sends it correctly; copies the corrected curl', async () => {
    const server = testServer();
    const token = (await run<{ ok: boolean }>('getToken', { profileId })).ok;
    assert.ok(token);
    const accessToken = (await api.services.secrets.tokens(profileId))!.access_token;
    const curl = [
      `curl --request POST '${server.issuer}/token/introspection' \\`,
      `  --header 'Accept: application/json' \\`,
      `  --data-urlencode 'token=${accessToken}' \\`,
      `  --data-urlencode 'client_id=${demoClient('service').clientId}'`,
    ].join('\n');
    const p = await openPanel(profileId, { explain: curl, explainSource: 'clipboard' });
    await eventually(() => assert.ok(messages('explainOpen').length > 0), 5_000);
    const open = messages('explainOpen').at(-1)!;
    assert.match(open.note, /Read from the clipboard \(4 lines/);
    assert.match(open.text, /"\$TOKEN"/, 'the token is shown as a variable');
    // The webview explains what it shows (as main.ts does on explainOpen).
    await p.receive({ type: 'explain', seq: 1, text: open.text });
    await eventually(() => assert.ok(messages('explained').some((e) => e.seq === 1)), 10_000);
    const view = messages('explained').find((e) => e.seq === 1)!.view;
    assert.equal(view.operation, 'Introspect');
    assert.ok(
      view.findings.some((f) => f.code === 'AUTH_METHOD_MISMATCH'),
      `the origin story is named: ${view.findings.map((f) => f.code).join(', ')}`,
    );
    assert.deepEqual(view.replaced, ['client_id']);
    const loaded = messages('loadDraft').at(-1)!.draft;
    assert.equal(loaded.operation, 'introspect');
    assert.deepEqual(loaded.token, { source: 'pasted' });
    assert.equal(loaded.pastedToken, '', 'the pasted token stays on the host');
    assertNoSecrets(JSON.stringify(posted), [accessToken], 'messages posted to the webview');

    const before = messages('finished').length;
    await p.receive({ type: 'explainAction', action: 'send' });
    await eventually(() => assert.ok(messages('finished').length > before), 20_000);
    const sent = messages('result').at(-1)!.exchange;
    assert.equal(sent.operation, 'introspect');
    assert.equal((sent.response?.json as { active?: boolean }).active, true, 'introspected with the client authentication');
    assert.ok(sent.request.form.some((f) => f.name === 'client_assertion' && f.secret));

    await vscode.env.clipboard.writeText('');
    await p.receive({ type: 'explainAction', action: 'copyCurl' });
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /introspection/);
    assert.match(copied, /client_assertion='"\$CLIENT_ASSERTION"/);
    assert.match(messages('notice').at(-1)?.message ?? '', /valid 60 s, single use/);
    await vscode.env.clipboard.writeText('');
  });

  it('a second Explain updates the same panel in place', async () => {
    const panelsBefore = api.requestPanels.openProfiles().length;
    const curl = `curl -X POST '${testServer().issuer}/token' -d grant_type=client_credentials -d scope=api:read`;
    await run('openRequestPanel', { profileId, explain: curl, explainSource: 'selection' });
    assert.equal(api.requestPanels.openProfiles().length, panelsBefore, 'no new panel');
    await eventually(() => assert.match(messages('explainOpen').at(-1)?.note ?? '', /editor selection/));
    assert.match(messages('explainOpen').at(-1)!.text, /grant_type=client_credentials/);
  });

  it('compares two records: the differing assertion aud is marked, jti and iat as expected differences', async () => {
    const p = api.requestPanels.get(profileId)!;
    const first = api.services.history.list(profileId).find((r) => r.exchange.operation === 'client_credentials')!;
    await p.receive({ type: 'send', requestId: 'cmp-1', draft: { ...emptyDraft('client_credentials'), audienceMode: 'token_endpoint' } });
    await eventually(() => assert.ok(messages('finished').some((f) => f.requestId === 'cmp-1')), 20_000);
    const second = api.services.history.last(profileId)!;
    await p.receive({ type: 'compare', leftId: second.id, rightId: first.id });
    const view = messages('compare').at(-1)!.view;
    assert.equal(view.left.id, first.id, 'the older one on the left');
    const titles = view.sections.map((s) => s.title);
    assert.deepEqual(titles.slice(0, 3), ['Request', 'Client assertion', 'Response']);
    const assertion = view.sections.find((s) => s.title === 'Client assertion')!;
    const aud = assertion.rows.find((r) => r.name === 'aud')!;
    assert.deepEqual([aud.left, aud.right, aud.differs, aud.volatile], [testServer().issuer, `${testServer().issuer}/token`, true, false]);
    const jti = assertion.rows.find((r) => r.name === 'jti')!;
    assert.deepEqual([jti.differs, jti.volatile], [true, true]);
    assert.equal(assertion.rows.find((r) => r.name === 'iss')?.differs, false);
    assertNoSecrets(JSON.stringify(view), [(await api.services.secrets.tokens(profileId))!.access_token], 'the comparison');
  });

  it('copy as curl WITH secrets signs a fresh assertion for private_key_jwt: the copied command works once, its replay is refused', async () => {
    const r = await run<{ ok: boolean }>('getToken', { profileId });
    assert.ok(r.ok);
    const record = api.services.history.last(profileId)!;
    const raw = api.services.history.raw(record.id)!.exchange;
    const sent = raw.request.form!.find((p) => p.name === 'client_assertion')!.value;
    const copy = await curlForCopy(api.services, api.services.store.require(profileId), record, raw, true);
    const fresh = /client_assertion=(eyJ[\w-]+\.[\w-]+\.[\w-]+)/.exec(copy.text)?.[1];
    assert.ok(fresh, 'the copy carries a signed assertion');
    assert.notEqual(fresh, sent, 'not the assertion that was already used');
    const claims = decodeJwt(fresh).claims;
    assert.notEqual(claims.jti, decodeJwt(sent).claims.jti);
    assert.equal(claims.aud, raw.assertion?.claims.aud, 'same aud as the request that was sent');
    const runIt = (): { status: number; body: string } => {
      const out = execFileSync('bash', ['-c', `${copy.text} --silent --write-out '\\n%{http_code}'`], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      const lines = out.trimEnd().split('\n');
      return { status: Number(lines.pop()), body: lines.join('\n') };
    };
    const first = runIt();
    assert.equal(first.status, 200, `the copied command works: ${first.body}`);
    assert.match(first.body, /access_token/);
    const replay = runIt();
    assert.equal(replay.status, 401, `the same assertion is refused a second time: ${replay.body}`);
    assert.match(copy.note, /NEW client assertion .*valid 60 s, single use/);
  });
});
