/**
 * The request panel's "Call API" and the DPoP side of every exchange view, against the
 * real oidc-provider (DPoP with server nonces) and the test API that validates DPoP
 * tokens and proofs (its own nonce too): the draft goes through the same PanelCall the
 * panel previews and sends (draft-call → preview-request / send-call), and the views
 * the host posts show the proof decoded, its key thumbprint and the nonce challenge
 * answered — with no token, proof or key in them, and valid for the webview's validator.
 */
import assert from 'node:assert/strict';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { CallContext, Exchange } from '../../src/core';
import { DpopNonces } from '../../src/core/dpop/nonces';
import { generateDpopKey } from '../../src/core/dpop/mode';
import { diagnoseExchange } from '../../src/shell/diagnosis';
import { draftToCall } from '../../src/shell/panel/draft-call';
import { buildPreview } from '../../src/shell/panel/preview-request';
import { sendCall, type RunHooks } from '../../src/shell/panel/send-call';
import { findTokens, toDpopView, toExchangeView, toFindingView } from '../../src/shell/panel/view-model';
import { type Draft, type ExchangeView, emptyDraft, parseHostMessage } from '../../src/webview/protocol';
import { startResourceServer, type ResourceServer } from '../fixtures/resource-server';
import { useAuthServer } from './server-context';

const hooks: RunHooks = {
  signal: new AbortController().signal,
  progress: () => undefined,
  userCode: () => undefined,
  openBrowser: () => Promise.reject(new Error('no browser here')),
};

function assertValid(view: ExchangeView): void {
  const parsed = parseHostMessage(JSON.parse(JSON.stringify({ type: 'result', requestId: null, exchange: view })));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
}

/** Every credential an exchange carried (tokens, proof, assertion, Authorization). */
function secretsOf(x: Exchange): string[] {
  const out = findTokens(x).map((t) => t.value);
  for (const p of [...x.request.headers, ...(x.request.form ?? [])]) if (p.secret) out.push(p.value.replace(/^(DPoP|Bearer) /, ''));
  return out.filter((s) => s.length >= 12);
}

describe('request panel: Call API and the DPoP proof of every exchange (oidc-provider with nonces + DPoP-validating API)', function () {
  this.timeout(30_000);
  const server = useAuthServer();
  let api: ResourceServer;
  let dpopKey: string;
  let jkt: string;
  let ctx: CallContext;
  let tokenExchange: Exchange;

  before(async () => {
    const k = await generateDpopKey();
    dpopKey = k.privateKeyPem;
    jkt = k.jkt;
    const basic = server.as.clients.basic;
    api = await startResourceServer({
      issuer: server.as.issuer,
      introspectionClient: { clientId: basic.clientId, clientSecret: basic.clientSecret! },
    });
    const base = server.contextFor('dpop', { id: 'p-dpop', name: 'DPoP', dpop: 'always' });
    ctx = { ...base, secrets: { ...base.secrets, dpopKey }, dpopNonces: new DpopNonces() };
  });
  after(async () => api.close());

  it('client_credentials of a DPoP-required client: the view shows the nonce challenge answered, the proof decoded and its jkt', async () => {
    const draft: Draft = { ...emptyDraft('client_credentials'), scope: 'api:read' };
    const { exchanges } = await sendCall(ctx, draftToCall(draft, {}), hooks);
    tokenExchange = exchanges[0]!;
    assert.equal(tokenExchange.response?.status, 200, tokenExchange.error?.message);
    const view = toExchangeView(tokenExchange, diagnoseExchange(tokenExchange, ctx.profile, ctx.metadata));
    assertValid(view);
    assert.equal((view.response?.json as { token_type?: string }).token_type, 'DPoP');
    assert.equal(view.attempts, 2);
    assert.ok(view.dpop, 'the exchange view carries the DPoP proof');
    assert.equal(view.dpop.jkt, jkt);
    assert.equal(view.dpop.nonceChallenge?.status, 400);
    assert.equal(view.dpop.nonceChallenge?.error, 'use_dpop_nonce');
    assert.equal(view.dpop.proof.header.typ, 'dpop+jwt');
    assert.equal(await calculateJwkThumbprint(view.dpop.proof.header.jwk as JWK), jkt, 'the jwk shown is the key of the jkt');
    assert.equal(view.dpop.proof.claims.nonce, view.dpop.nonceChallenge?.nonce, 'the retry carried the nonce of the challenge');
    assert.equal(view.dpop.proof.claims.htu, server.metadata.token_endpoint);
    assert.deepEqual(view.dpop.proof.highlight, ['htm', 'htu', 'nonce', 'ath']);
    const dump = JSON.stringify(view);
    const secrets = secretsOf(tokenExchange);
    assert.ok(secrets.length >= 3, 'access token, proof and assertion were sent or received');
    for (const s of secrets) assert.ok(!dump.includes(s), 'a credential reached the view');
    assert.ok(!dump.includes('"d"'), 'no private key member in the view');
  });

  it('Call API previews the exact request (Authorization: DPoP masked, proof with ath) and sends it through the API nonce', async () => {
    const token = findTokens(tokenExchange).find((t) => t.kind === 'access_token')!.value;
    const draft: Draft = {
      ...emptyDraft('call_api'),
      apiMethod: 'POST',
      apiUrl: `${api.url}/api/items?page=2`,
      apiBody: '{"name":"widget"}',
      extra: [{ name: 'X-Trace', value: 't-1' }],
    };
    const resolved = { token, tokenType: 'DPoP' };
    const preview = await buildPreview(ctx, draft, resolved);
    assert.equal(preview.missing, null);
    assert.ok(preview.dpop, 'the preview shows the proof the call will carry');
    assert.equal(preview.dpop.proof.claims['htm'], 'POST');
    assert.equal(preview.dpop.proof.claims['htu'], `${api.url}/api/items`, 'htu without the query');
    assert.equal(typeof preview.dpop.proof.claims['ath'], 'string');
    const shownPreview = toExchangeView({ ...tokenExchange, request: preview.wire, dpop: preview.dpop }, []).request;
    assert.deepEqual(
      shownPreview.headers.filter((h) => ['authorization', 'x-trace', 'content-type'].includes(h.name.toLowerCase())),
      [
        { name: 'X-Trace', value: 't-1', secret: false },
        { name: 'content-type', value: 'application/json', secret: false },
        { name: 'authorization', value: 'DPoP <access_token>', secret: true },
      ],
    );
    assert.equal(shownPreview.body, '{"name":"widget"}');
    assert.equal(shownPreview.form.length, 0);

    const { exchanges } = await sendCall(ctx, draftToCall(draft, resolved), hooks);
    const x = exchanges[0]!;
    assert.equal(x.operation, 'api');
    const view = toExchangeView(x, diagnoseExchange(x, ctx.profile, ctx.metadata));
    assertValid(view);
    assert.equal(view.response?.status, 200, JSON.stringify(view.response?.json));
    assert.equal((view.response?.json as { scheme?: string }).scheme, 'DPoP');
    assert.equal(view.dpop?.nonceChallenge?.status, 401, "the API's own use_dpop_nonce was answered");
    assert.equal(view.dpop?.nonceChallenge?.error, 'use_dpop_nonce');
    assert.equal(view.dpop?.proof.claims.nonce, view.dpop?.nonceChallenge?.nonce);
    assert.equal(typeof view.dpop?.proof.claims.ath, 'string');
    assert.equal(view.request.body, '{"name":"widget"}');
    // An API is not an endpoint of the authorization server: no endpoint noise, before or after.
    const noise = ['ENDPOINT_UNKNOWN', 'ENDPOINT_ORIGIN_MISMATCH'];
    for (const f of [...preview.findings, ...view.findings]) assert.ok(!noise.includes(f.code), `${f.code}: ${f.title}`);
    assert.deepEqual(
      api.log.slice(-2).map((l) => `${l.scheme ?? ''} ${l.status}`),
      ['DPoP 401', 'DPoP 200'],
    );
    const dump = JSON.stringify(view);
    for (const s of secretsOf(x)) assert.ok(!dump.includes(s), 'a credential reached the view');
  });

  it('Call API refused for a scope: the view says API_INSUFFICIENT_SCOPE with the scope the API wants', async () => {
    const token = findTokens(tokenExchange).find((t) => t.kind === 'access_token')!.value;
    const draft: Draft = { ...emptyDraft('call_api'), apiUrl: `${api.url}/api/admin` };
    const { exchanges } = await sendCall(ctx, draftToCall(draft, { token, tokenType: 'DPoP' }), hooks);
    const x = exchanges[0]!;
    const view = toExchangeView(x, diagnoseExchange(x, ctx.profile, ctx.metadata));
    assertValid(view);
    assert.equal(view.response?.status, 403);
    const f = view.findings.find((v) => v.code === 'API_INSUFFICIENT_SCOPE');
    assert.ok(f, JSON.stringify(view.findings.map((v) => v.code)));
    assert.equal(f.title, 'The API needs scope "api:write"');
  });

  it('a 401 naming RFC 9728 metadata says which server the API takes tokens from; a Bearer-sent DPoP token is diagnosed', async () => {
    const token = findTokens(tokenExchange).find((t) => t.kind === 'access_token')!.value;
    // Presented as Bearer (the token_type forgotten): the API refuses it and names its metadata.
    const { exchanges } = await sendCall(ctx, draftToCall({ ...emptyDraft('call_api'), apiUrl: `${api.url}/api/items` }, { token }), hooks);
    const x = exchanges[0]!;
    assert.equal(x.response?.status, 401);
    const view = toExchangeView(x, diagnoseExchange(x, ctx.profile, ctx.metadata));
    assertValid(view);
    assert.equal(view.dpop, null, 'a Bearer call carries no proof');
    const rm = view.findings.find((v) => v.code === 'API_RESOURCE_METADATA');
    assert.ok(rm, JSON.stringify(view.findings.map((v) => v.code)));
    assert.ok(rm.title.startsWith(`The API takes tokens from ${server.as.issuer}`), rm.title);
    assert.equal(rm.action, null, "this client's own server: nothing to add");
    assert.ok(
      view.findings.some((v) => /DPOP/.test(v.code)),
      JSON.stringify(view.findings.map((v) => v.code)),
    );
  });

  it('the panel offers the one-click fixes it applies: Turn DPoP on (saved to the client), Add a client for the API server', () => {
    const base = { severity: 'error' as const, code: 'API_RESOURCE_METADATA' as const, title: 't', evidence: [], fix: 'f' };
    const add = { kind: 'add-client' as const, label: 'Add a client for https://other.example', args: { issuer: 'https://other.example' } };
    assert.equal(toFindingView({ ...base, action: add }).action, add.label);
    const on = { kind: 'set-dpop-mode' as const, label: 'Turn DPoP on for this client', args: { dpop: 'always' } };
    const dpopView = toFindingView({ ...base, code: 'DPOP_PROOF_MISSING', action: on });
    // DPoP is the client's configuration: the fix is saved to the client, never a per-request toggle.
    assert.equal(dpopView.saveAction, on.label);
    assert.equal(dpopView.action, null);
  });

  it('toDpopView keeps a missing challenge as null and scrubs nothing a proof does not hold', () => {
    const v = toDpopView(
      { jkt: 'j', proof: { header: { typ: 'dpop+jwt' }, claims: { htm: 'GET' }, times: {}, verified: false } },
      'DPoP proof',
    );
    assert.deepEqual(v.nonceChallenge, null);
    assert.equal(v.proof.signature, 'own');
    assert.deepEqual(v.proof.claims, { htm: 'GET' });
  });
});
