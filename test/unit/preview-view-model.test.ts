/**
 * What the panel host sends to the webview (src/shell/panel/view-model.ts and
 * verify-tokens.ts), built from REAL exchanges with the local oidc-provider: every
 * secret masked (client credentials, assertions, tokens — in the request, the body and
 * the parsed JSON), JWTs decoded with their signature checked against the issuer's
 * JWKS, follow-ups per token kind, and the result accepted by the webview's own
 * validator (so the host never posts something the webview would drop).
 */
import assert from 'node:assert/strict';
import { clientCredentials, diagnose, introspect, jwtBearerGrant, type CallContext, type Exchange } from '../../src/core';
import { verifyTokens } from '../../src/shell/panel/verify-tokens';
import { findTokens, toExchangeView, toFindingView, toHistoryEntry, toRequestView } from '../../src/shell/panel/view-model';
import { parseHostMessage, type ExchangeView } from '../../src/webview/protocol';
import { toHistoryRecord } from '../../src/shell/history/history-record';
import { isOk } from '../../src/shell/exchange-tokens';

/** The panel's history line of a real exchange, through the history record it is kept as. */
function entry(x: Exchange): ReturnType<typeof toHistoryEntry> {
  const record = toHistoryRecord({
    profileId: 'p',
    source: 'panel',
    exchange: x,
    findings: [],
    summary: '',
    ok: isOk(x),
    authMethod: 'none',
  });
  return toHistoryEntry(record, true);
}
import type { DemoClientName } from '../fixtures/auth-server';
import { secretsOf } from './helpers/exchange-secrets';
import { useAuthServer } from './server-context';

describe('request panel: views of real exchanges (masked, decoded, verified, protocol-valid)', function () {
  this.timeout(30_000);
  const server = useAuthServer();
  const ctxFor = (name: DemoClientName): CallContext => server.contextFor(name);

  /** The view must pass the webview's validator, as a `result` message. */
  function assertValid(view: ExchangeView): void {
    const parsed = parseHostMessage(JSON.parse(JSON.stringify({ type: 'result', requestId: null, exchange: view })));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  }

  it('client_secret_basic + JWT access token: Basic header masked, token masked everywhere, JWT decoded and verified', async () => {
    const ctx = ctxFor('basic');
    const x = await clientCredentials(ctx, { scope: 'api:read', resource: [server.as.jwtAccessTokenResource] });
    assert.equal(x.response?.status, 200, x.error?.message);
    const view = toExchangeView(x, [], await verifyTokens(findTokens(x), ctx));
    assertValid(view);
    const dump = JSON.stringify(view);
    const secrets = secretsOf(x, ctx);
    assert.ok(secrets.length >= 2, 'the exchange does carry secrets');
    for (const s of secrets) assert.ok(!dump.includes(s), 'a secret reached the view');
    assert.deepEqual(
      view.request.headers.find((h) => h.name === 'authorization'),
      { name: 'authorization', value: 'Basic <client_credentials>', secret: true },
    );
    const at = view.tokens.find((t) => t.kind === 'access_token')!;
    assert.equal(at.jwt?.signature, 'verified', at.jwt?.signatureNote ?? '');
    assert.equal(at.jwt?.claims.iss, server.as.issuer);
    assert.ok(at.jwt?.times.exp?.iso && at.jwt.times.exp.relative.startsWith('in '));
    assert.deepEqual(at.followUps, ['introspect', 'revoke', 'decode', 'copyToken', 'setCurrent']);
    assert.match(at.masked, /^eyJ\w{3}…$/);
    assert.match(view.response!.body, /"access_token":"eyJ\w{3}…"/);
    assert.equal((view.response!.json as { access_token: string }).access_token, at.masked);
    assert.equal(entry(x).summary, 'token, expires in 3600s');
  });

  it('a token signed by another key shows a failed signature badge with the reason', async () => {
    const ctx = ctxFor('basic');
    const x = await clientCredentials(ctx, { scope: 'api:read', resource: [server.as.jwtAccessTokenResource] });
    const token = findTokens(x)[0]!.value;
    const [h, p] = token.split('.');
    const forged = { ...x, response: { ...x.response!, json: { access_token: `${h}.${p}.${'A'.repeat(342)}` } } };
    const view = toExchangeView(forged, [], await verifyTokens(findTokens(forged), ctx));
    const at = view.tokens[0]!;
    assert.equal(at.jwt?.signature, 'failed');
    assert.match(at.jwt?.signatureNote ?? '', /signature/i);
  });

  it('private_key_jwt: the client assertion is masked in the request and decoded (aud highlighted) beside it', async () => {
    const ctx = ctxFor('rsaJwt');
    const x = await clientCredentials(ctx, { scope: 'api:read' });
    const view = toExchangeView(x, []);
    assertValid(view);
    const assertion = x.request.form!.find((p) => p.name === 'client_assertion')!.value;
    assert.ok(!JSON.stringify(view).includes(assertion));
    assert.equal(view.request.form.find((p) => p.name === 'client_assertion')?.value, '<client_assertion>');
    assert.equal(view.assertion?.claims.iss, ctx.profile.clientId);
    assert.deepEqual(view.assertion?.highlight, ['aud']);
    assert.deepEqual(view.assertion?.suspect, [], 'a correct aud is not marked "check this"');
    assert.equal(view.assertion?.signature, 'own', 'our own assertion: signed here, verified by the server');
    const at = view.tokens.find((t) => t.kind === 'access_token')!;
    assert.equal(at.jwt, null, 'opaque token: nothing to decode');
    assert.deepEqual(at.followUps, ['introspect', 'revoke', 'copyToken', 'setCurrent']);
  });

  it('"check this" marks the aud only when the diagnosis says it is wrong', async () => {
    const ok = await clientCredentials(ctxFor('rsaJwt'), {});
    assert.deepEqual(
      toExchangeView(ok, diagnose({ exchange: ok, profile: ctxFor('rsaJwt').profile, metadata: server.metadata })).assertion?.suspect,
      [],
    );
    const ctx = ctxFor('rsaJwt');
    const wrongCtx = { ...ctx, profile: { ...ctx.profile, audience: 'custom' as const, customAudience: 'https://wrong.example/aud' } };
    const wrong = await clientCredentials(wrongCtx, {});
    assert.equal(wrong.error?.code, 'OAUTH_INVALID_CLIENT');
    const findings = diagnose({ exchange: wrong, profile: wrongCtx.profile, metadata: server.metadata });
    assert.deepEqual(toExchangeView(wrong, findings).assertion?.suspect, ['aud'], findings.map((f) => f.code).join(', '));
  });

  it('introspection: the token sent is masked, the answer (active, claims) is shown', async () => {
    const ctx = ctxFor('post');
    const token = findTokens(await clientCredentials(ctx, { scope: 'api:read' }))[0]!.value;
    const x = await introspect(ctx, { token });
    const view = toExchangeView(x, []);
    assertValid(view);
    const dump = JSON.stringify(view);
    assert.ok(!dump.includes(token) && !dump.includes(ctx.secrets.clientSecret!));
    assert.equal((view.response!.json as { active: boolean }).active, true);
    assert.deepEqual(view.tokens, [], 'an introspection answer carries no token');
    assert.equal(entry(x).summary, 'active: true');
  });

  it('refresh tokens get refresh/introspect/revoke follow-ups; an HMAC-signed JWT is "not checked" with the reason', async () => {
    const ctx = ctxFor('rsaJwt');
    const x = await jwtBearerGrant(ctx, { subject: 'alice', scope: 'openid offline_access' });
    const view = toExchangeView(x, []);
    assert.deepEqual(view.tokens.find((t) => t.kind === 'refresh_token')?.followUps, ['refresh', 'introspect', 'revoke', 'copyToken']);
    const hs = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlMTIzNDU';
    const v = await verifyTokens([{ kind: 'access_token', value: hs }], ctx);
    assert.ok(v.access_token && 'notChecked' in v.access_token && /shared secret/.test(v.access_token.notChecked));
  });

  it('a failed exchange shows its error and offers no token follow-ups', async () => {
    const ctx = { ...ctxFor('basic'), secrets: { clientSecret: 'wrong-secret-that-is-long-enough' } };
    const x = await clientCredentials(ctx, {});
    const view = toExchangeView(x, []);
    assertValid(view);
    assert.equal(view.error?.code, 'OAUTH_INVALID_CLIENT');
    assert.deepEqual(view.tokens, []);
    assert.ok(!JSON.stringify(view).includes('wrong-secret-that-is-long-enough'));
    assert.equal(entry(x).ok, false);
    assert.equal(entry(x).summary, 'invalid_client');
  });

  it('toRequestView keeps non-secret values and order', () => {
    const v = toRequestView({
      method: 'POST',
      url: 'https://as/token',
      headers: [{ name: 'x', value: 'y' }],
      form: [
        { name: 'a', value: '1' },
        { name: 'token', value: 'abcdefghijklmnopqrstuvwxyz', secret: true },
      ],
    });
    assert.deepEqual(v.form, [
      { name: 'a', value: '1', secret: false },
      { name: 'token', value: '<token>', secret: true },
    ]);
  });

  it('offers a fix button only for actions the panel applies; the others keep their fix text', () => {
    const base = { severity: 'error' as const, code: 'ASSERTION_AUD_MISMATCH' as const, title: 't', evidence: ['e'], fix: 'do this' };
    assert.equal(
      toFindingView({
        ...base,
        action: { kind: 'switch-audience', label: 'Switch audience to endpoint URL', args: { audience: 'endpoint' } },
      }).action,
      'Switch audience to endpoint URL',
    );
    assert.equal(toFindingView({ ...base, action: { kind: 'sync-clock', label: 'Synchronise the clock' } }).action, null);
    assert.equal(toFindingView({ ...base, action: { kind: 'sync-clock', label: 'Synchronise the clock' } }).fix, 'do this');
  });
});
