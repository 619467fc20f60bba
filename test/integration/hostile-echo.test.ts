/**
 * SECURITY.md 19 in the real VS Code (issue "Trust under attack", item 2): a token
 * endpoint that echoes the client secret (raw, percent-encoded, base64, inside a Basic
 * value, JSON-escaped) in error_description, HTML, broken JSON, plain text,
 * WWW-Authenticate or a successful response never gets it into the Output channel's
 * log file (read at trace level), a notification, the data posted to the request
 * panel's webview, the history, or a command result.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { emptyDraft, type HostMessage } from '../../src/webview/protocol';
import { startMisbehavingServer, type MisbehavingServer, type RecordedRequest } from '../fixtures/misbehaving-server';
import { recordHostileEcho } from '../unit/helpers/figures';
import { outputLog, recordMessages, type ShownMessage } from './observe';
import { eventually, resetWorkbench, run, workbench } from './workbench-helpers';

type Reply = { status?: number; headers?: Record<string, string>; body?: string };

const SECRET = `Echo s3cr3t+/=&%"<>-${randomBytes(12).toString('hex')}`;
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  'percent-encoded': (s) => encodeURIComponent(s),
  base64: (s) => Buffer.from(s).toString('base64'),
  'inside a Basic value': (s) => Buffer.from(`cid:${s}`).toString('base64'),
  'JSON-escaped': (s) => JSON.stringify(s).slice(1, -1),
};
const SHAPES: Record<string, (e: string) => Reply> = {
  error_description: (e) => ({
    status: 401,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'invalid_client', error_description: `bad client secret ${e}` }),
  }),
  HTML: (e) => ({ status: 500, headers: { 'content-type': 'text/html' }, body: `<html><body><p>Got <b>${e}</b></p></body></html>` }),
  'broken JSON': (e) => ({
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: `{"error":"invalid_client","error_description":"${e}`,
  }),
  'plain text': (e) => ({ status: 401, headers: { 'content-type': 'text/plain' }, body: `Unauthorized: ${e}` }),
  'WWW-Authenticate': (e) => ({
    status: 401,
    headers: { 'www-authenticate': `Basic error="invalid_client", error_description="${e.replace(/["\\]/g, '\\$&')}"` },
    body: '',
  }),
  'successful response': (e) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: `issued-${randomBytes(16).toString('hex')}`, token_type: 'Bearer', expires_in: 60, note: e }),
  }),
};

/** 12-character windows of every encoding of the secret: a partial echo is a leak too. */
function fragments(): string[] {
  const out = new Set<string>();
  for (const enc of Object.values(ENCODINGS)) {
    const f = enc(SECRET);
    for (let i = 0; i + 12 <= f.length; i++) out.add(f.slice(i, i + 12));
  }
  return [...out];
}

describe('hostile echoes in the real VS Code: nothing reaches the log, the webview, history or command results', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let srv: MisbehavingServer;
  let reply: Reply = { status: 500 };
  let shown: { messages: ShownMessage[]; dispose(): void };
  const posted: HostMessage[] = [];
  const results: unknown[] = [];

  before(async () => {
    api = await workbench();
    await resetWorkbench(api);
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    shown = recordMessages();
    api.requestPanels.tap = (_id, m) => posted.push(m);
    srv = await startMisbehavingServer({ '/token': { kind: 'echo', respond: (_req: RecordedRequest) => reply } });
  });
  after(async () => {
    shown.dispose();
    api.requestPanels.tap = undefined;
    for (const id of api.requestPanels.openProfiles()) api.requestPanels.get(id)?.panel.dispose();
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    await srv.close();
    await resetWorkbench(api);
  });

  it('echoes the client secret in every shape and encoding; every output stays clean', async () => {
    const p = await run<{ id: string }>('addProfile', {
      name: 'Hostile echo',
      issuer: srv.url,
      clientId: 'cid',
      authMethod: 'client_secret_post',
      clientSecret: SECRET,
      endpoints: { token: `${srv.url}/token` },
      setActive: false,
    });
    const profileId = String(p.id);
    let cases = 0;
    for (const shape of Object.values(SHAPES)) {
      for (const encode of Object.values(ENCODINGS)) {
        reply = shape(encode(SECRET));
        results.push(await run('getToken', { profileId }));
        results.push(await run('copyAsCurl', { profileId }));
        cases++;
      }
    }
    // Interactively once: the failure notification is what the user reads.
    reply = SHAPES.error_description!(SECRET);
    results.push(await run('getToken', { profileId, interactive: true }));
    // Through the request panel: everything posted to the webview is recorded by the tap.
    await run('openRequestPanel', { profileId });
    await eventually(() => assert.ok(posted.some((m) => m.type === 'init')), 20_000);
    const panel = api.requestPanels.get(profileId)!;
    for (const shape of Object.values(SHAPES)) {
      reply = shape(SECRET);
      const before = posted.filter((m) => m.type === 'finished').length;
      void panel.receive({ type: 'send', requestId: `echo-${cases++}`, draft: { ...emptyDraft('client_credentials'), scope: 'api' } });
      await eventually(() => assert.ok(posted.filter((m) => m.type === 'finished').length > before), 20_000);
    }
    assert.ok(srv.hits('/token').length >= cases, 'every echo was served');

    const log = await outputLog(api, /\[trace\].*response body/);
    assert.match(log, /\[trace\].*response body/, 'the response bodies were logged (redacted) and searched');
    const outputs: Record<string, string> = {
      'the Output channel log': log,
      notifications: JSON.stringify(shown.messages),
      'messages posted to the webview': JSON.stringify(posted),
      'the last result (tree, status bar, history record)': JSON.stringify(api.services.session.last(profileId)),
      'command results': JSON.stringify(results),
    };
    const frags = fragments();
    const leaks = Object.entries(outputs).filter(([, text]) => frags.some((f) => text.includes(f)));
    recordHostileEcho(cases, leaks.length);
    assert.deepEqual(
      leaks.map(([where]) => where),
      [],
      'a secret echoed by the server reached these outputs',
    );
    assert.ok(
      shown.messages.some((m) => /failed/i.test(m.message)),
      'the interactive failure was notified (and searched)',
    );
  });
});
