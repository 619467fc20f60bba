/**
 * Issue "Trust under attack", item 7, in the real VS Code — behaviours a mutation could
 * remove without a test failing: nothing is posted to the request panel's webview
 * before its `ready`; the Output channel scrubs every secret the session remembered,
 * even from a line that was not redacted on its way there.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { emptyDraft, type HostMessage } from '../../src/webview/protocol';
import { outputLog } from './observe';
import { addServiceProfile, eventually, resetWorkbench, workbench } from './workbench-helpers';

describe('security behaviours a mutation would remove (item 7)', function () {
  this.timeout(60_000);
  let api: TestingApi;

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
  });
  after(async () => {
    api.requestPanels.tap = undefined;
    for (const id of api.requestPanels.openProfiles()) api.requestPanels.get(id)?.panel.dispose();
    await resetWorkbench(api);
  });

  it('posts nothing to the webview before it says ready; then init comes first', async () => {
    const profileId = (await addServiceProfile({ name: 'Ready check' })).id;
    const posted: HostMessage[] = [];
    api.requestPanels.tap = (id, m) => {
      if (id === profileId) posted.push(m);
    };
    const panel = api.requestPanels.createOrShow(profileId, { ...emptyDraft('introspect'), scope: 'pending' });
    // Replace the page before its script can run: this webview never sends `ready` by itself.
    panel.panel.webview.html = '<!DOCTYPE html><html><body>no script</body></html>';
    // Everything that would post: a draft, a profile change, a token change, a preview, a send.
    panel.reveal({ ...emptyDraft('client_credentials'), scope: 'again' });
    await vscode.commands.executeCommand('oauthWorkbench.editProfile', { profileId, scope: 'changed' });
    await api.services.session.setTokens(profileId, undefined);
    await panel.receive({ type: 'preview', seq: 1, draft: emptyDraft('client_credentials') });
    await panel.receive({ type: 'send', requestId: 'before-ready', draft: emptyDraft('client_credentials') });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      posted.map((m) => m.type),
      [],
      'nothing may be posted before ready',
    );
    await panel.receive({ type: 'ready' });
    await eventually(() => assert.ok(posted.length > 0));
    assert.equal(posted[0]?.type, 'init', 'the first message after ready is init');
    const init = posted[0];
    assert.equal(init.draft?.scope, 'again', 'the draft given before ready is handed over with init');
    panel.panel.dispose();
  });

  it('the Output channel scrubs a remembered secret from any line, even one not redacted on its way', async () => {
    const secret = `remembered-${Math.random().toString(36).slice(2)}-secret`;
    api.services.log.rememberSecret(secret);
    const marker = `scrub-check-${Date.now()}`;
    api.services.log.info(`${marker} a careless line: ${secret}`);
    api.services.log.warn(`${marker} again: ${secret}`);
    const log = await outputLog(api, marker);
    assert.ok(log.includes(`${marker} a careless line: <redacted>`), 'the line was logged, scrubbed');
    assert.ok(!log.includes(secret), 'the remembered secret is not in the log file');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
