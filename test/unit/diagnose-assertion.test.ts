/**
 * Assertion rules, each triggered by an assertion the real oidc-provider rejects (or
 * accepts, for the warnings), pasted as curl or sent by the engine: aud, iss/sub,
 * expiry, future iat/nbf, missing claims, alg none, replay of a stale assertion,
 * unknown key, lifetime, missing kid, HS secret length, key type vs alg; the
 * one-click audience switch against a server that rejects aud = issuer; clock skew.
 */
import assert from 'node:assert/strict';
import { generateKeyPair as joseGenerateKeyPair, SignJWT, UnsecuredJWT, importPKCS8 } from 'jose';
import { errors as oidcErrors } from 'oidc-provider';
import { clientCredentials, diagnose, introspect, parseCurl, WorkbenchError, type CallContext, type ServerMetadata } from '../../src/core';
import { profileFor } from '../fixtures/auth-server';
import { absent, assertNoSecrets, codes, find, sendDraft } from './diagnose-helpers';
import { signAssertion, useAuthServer } from './server-context';

const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const nowS = () => Math.floor(Date.now() / 1000);

describe('diagnose: client assertion claims (real assertions against oidc-provider)', () => {
  const server = useAuthServer({
    extraClients: [
      {
        client_id: 'short-hs',
        client_secret: 'sixteen-bytes-xx',
        token_endpoint_auth_method: 'client_secret_jwt',
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
    ],
  });
  let md: ServerMetadata;
  let service: CallContext;

  before(() => {
    md = server.metadata;
    service = server.contextFor('service');
  });

  const sign = (o: { aud?: string | string[]; now?: number; lifetime?: number } = {}) => signAssertion(service, server.as.issuer, o);
  /** A hand-made assertion for shapes the engine refuses to produce. */
  const craft = async (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: service.profile.keyId }) => {
    const key = await importPKCS8(service.secrets.privateKey!, 'RS256');
    return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
  };
  const curlWith = (jwt: string) =>
    parseCurl(
      `curl -X POST '${md.token_endpoint}' -d grant_type=client_credentials -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
    );
  /** Preflight has `code`; the real server refuses; after the response `code` is the top-ranked cause. */
  async function rejectedWithTopCause(jwt: string, code: string) {
    const draft = curlWith(jwt);
    const pre = diagnose({ draft, profile: service.profile, metadata: md });
    find(pre, code);
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_client', JSON.stringify(ex.error));
    const post = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    assert.equal(post[0]?.code, 'INVALID_CLIENT');
    assert.ok(
      post[0].evidence.some((e) => e.startsWith(`likely cause 1: ${code}`)),
      post[0].evidence.join('\n'),
    );
    assertNoSecrets(post, [jwt, service.secrets.privateKey]);
    return { pre, post, ex };
  }

  it('aud = issuer with a trailing slash (the Auth0 habit) → ASSERTION_AUD_MISMATCH with a switch-audience action', async () => {
    const jwt = await sign({ aud: `${server.as.issuer}/` });
    const { pre, post } = await rejectedWithTopCause(jwt, 'ASSERTION_AUD_MISMATCH');
    const f = find(pre, 'ASSERTION_AUD_MISMATCH');
    assert.match(f.title, /differs from the issuer only by a trailing slash/);
    assert.deepEqual(f.action, { kind: 'switch-audience', label: 'Switch audience to issuer', args: { audience: 'issuer' } });
    assert.deepEqual(post[0]!.action?.kind, 'switch-audience');
    absent(post, 'INVALID_CLIENT_TRY_OTHER_AUDIENCE');
  });

  it('iss is not the client_id → ASSERTION_ISS_SUB_MISMATCH', async () => {
    const t = nowS();
    const jwt = await craft({
      iss: 'someone-else',
      sub: service.profile.clientId,
      aud: server.as.issuer,
      iat: t,
      exp: t + 60,
      jti: `j-${t}-1`,
    });
    const { pre } = await rejectedWithTopCause(jwt, 'ASSERTION_ISS_SUB_MISMATCH');
    assert.match(find(pre, 'ASSERTION_ISS_SUB_MISMATCH').title, /iss and sub differ, iss is not the client_id/);
  });

  it('an assertion that expired 10 minutes ago → ASSERTION_EXPIRED (and the server clock agrees)', async () => {
    const jwt = await sign({ now: nowS() - 600 });
    const { pre, post } = await rejectedWithTopCause(jwt, 'ASSERTION_EXPIRED');
    assert.match(find(pre, 'ASSERTION_EXPIRED').title, /expired 9 min/);
    assert.match(find(post, 'ASSERTION_CLOCK_SKEW').title, /already expired/);
  });

  it('no jti → ASSERTION_MISSING_CLAIM', async () => {
    const t = nowS();
    const jwt = await craft({ iss: service.profile.clientId, sub: service.profile.clientId, aud: server.as.issuer, iat: t, exp: t + 60 });
    const { pre } = await rejectedWithTopCause(jwt, 'ASSERTION_MISSING_CLAIM');
    assert.match(find(pre, 'ASSERTION_MISSING_CLAIM').title, /lacks jti/);
  });

  it('alg none → ASSERTION_ALG_NONE', async () => {
    const t = nowS();
    const jwt = new UnsecuredJWT({ sub: service.profile.clientId, jti: `j-${t}-n` })
      .setIssuer(service.profile.clientId)
      .setAudience(server.as.issuer)
      .setIssuedAt(t)
      .setExpirationTime(t + 60)
      .encode();
    await rejectedWithTopCause(jwt, 'ASSERTION_ALG_NONE');
  });

  it('iat/nbf 10 minutes ahead of the local clock → ASSERTION_NOT_YET_VALID (server: jwt not active yet)', async () => {
    const jwt = await sign({ now: nowS() + 600 });
    const { post } = await rejectedWithTopCause(jwt, 'ASSERTION_NOT_YET_VALID');
    assert.match(find(post, 'ASSERTION_CLOCK_SKEW').title, /issued 10 min in the server's future/);
  });

  it('an assertion copied from an earlier request: first accepted with ASSERTION_STALE, replayed → rejected with it as top cause', async () => {
    const jwt = await sign({ now: nowS() - 120, lifetime: 280 });
    const draft = curlWith(jwt);
    const first = await sendDraft(draft, 'client_credentials');
    assert.equal(first.response?.status, 200, JSON.stringify(first.error));
    const f1 = diagnose({ exchange: first, profile: service.profile, metadata: md });
    assert.match(find(f1, 'ASSERTION_STALE').title, /issued 2 min/);
    const second = await sendDraft(draft, 'client_credentials');
    assert.equal(second.error?.oauth?.error, 'invalid_client');
    const f2 = diagnose({ exchange: second, profile: service.profile, metadata: md });
    assert.ok(
      f2[0]!.evidence.some((e) => e.startsWith('likely cause 1: ASSERTION_STALE')),
      f2[0]!.evidence.join('\n'),
    );
  });

  it('an unregistered key → INVALID_CLIENT_KEY_NOT_REGISTERED among the ranked causes, quoting the kid', async () => {
    const { privateKey } = await joseGenerateKeyPair('RS256');
    const t = nowS();
    const jwt = await new SignJWT({ jti: `j-${t}-k` })
      .setProtectedHeader({ alg: 'RS256', kid: 'laptop-key-2' })
      .setIssuer(service.profile.clientId)
      .setSubject(service.profile.clientId)
      .setAudience(server.as.issuer)
      .setIssuedAt(t)
      .setExpirationTime(t + 60)
      .sign(privateKey);
    const ex = await sendDraft(curlWith(jwt), 'client_credentials');
    assert.equal(ex.error?.oauth?.error, 'invalid_client');
    const post = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    assert.equal(post[0]?.code, 'INVALID_CLIENT');
    const k = find(post, 'INVALID_CLIENT_KEY_NOT_REGISTERED');
    assert.match(k.title, /kid "laptop-key-2"/);
    assert.ok(post[0].evidence.some((e) => /likely cause \d: INVALID_CLIENT_KEY_NOT_REGISTERED/.test(e)));
  });

  it('a 1-hour assertion is accepted here but draws ASSERTION_LIFETIME_TOO_LONG; no kid draws ASSERTION_MISSING_KID', async () => {
    const long = await sign({ lifetime: 3600 });
    const ex = await sendDraft(curlWith(long), 'client_credentials');
    assert.equal(ex.response?.status, 200);
    const f = find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'ASSERTION_LIFETIME_TOO_LONG');
    assert.equal(f.severity, 'warning');
    assert.match(f.title, /valid for 1 h/);
    const t = nowS();
    const noKid = await craft(
      { iss: service.profile.clientId, sub: service.profile.clientId, aud: server.as.issuer, iat: t, exp: t + 60, jti: `j-${t}-nokid` },
      { alg: 'RS256' },
    );
    const ex2 = await sendDraft(curlWith(noKid), 'client_credentials');
    assert.equal(ex2.response?.status, 200);
    find(diagnose({ exchange: ex2, profile: service.profile, metadata: md }), 'ASSERTION_MISSING_KID');
  });

  it('a 16-byte client secret for HS256 → HS_SECRET_TOO_SHORT (the engine refuses to sign; this server would accept a hand-made one)', async () => {
    const profile = {
      id: 'short',
      name: 'short',
      issuer: server.as.issuer,
      clientId: 'short-hs',
      authMethod: 'client_secret_jwt' as const,
      signingAlg: 'HS256' as const,
    };
    await assert.rejects(
      clientCredentials({ profile, secrets: { clientSecret: 'sixteen-bytes-xx' }, metadata: md }),
      (e: unknown) => e instanceof WorkbenchError && e.code === 'SECRET_TOO_SHORT',
    );
    const t = nowS();
    const jwt = await new SignJWT({ jti: `j-${t}-hs` })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('short-hs')
      .setSubject('short-hs')
      .setAudience(server.as.issuer)
      .setIssuedAt(t)
      .setExpirationTime(t + 60)
      .sign(new TextEncoder().encode('sixteen-bytes-xx'));
    const ex = await sendDraft(curlWith(jwt), 'client_credentials');
    assert.equal(ex.response?.status, 200);
    const f = find(diagnose({ exchange: ex, profile, metadata: md, key: { kty: 'oct', secretBytes: 16 } }), 'HS_SECRET_TOO_SHORT');
    assert.match(f.title, /16 bytes; HS256 needs at least 32/);
    assert.equal(f.severity, 'warning', 'downgraded: this server accepted it');
    assert.match(f.fix, /accepted the request anyway/);
    const preOnly = diagnose({ draft: curlWith(jwt), profile, metadata: md, key: { kty: 'oct', secretBytes: 16 } });
    assert.equal(find(preOnly, 'HS_SECRET_TOO_SHORT').severity, 'error');
  });

  it('an EC P-256 key with RS256 → ASSERTION_ALG_KEY_MISMATCH (and the engine refuses to sign)', async () => {
    const ec = profileFor(server.as, 'ecJwt', { signingAlg: 'RS256' });
    await assert.rejects(
      clientCredentials({ ...ec, metadata: md }),
      (e: unknown) => e instanceof WorkbenchError && e.code === 'KEY_ALG_MISMATCH',
    );
    const f = find(
      diagnose({
        draft: parseCurl(`curl ${md.token_endpoint} -d grant_type=client_credentials`),
        profile: ec.profile,
        metadata: md,
        key: { kty: 'EC', crv: 'P-256' },
      }),
      'ASSERTION_ALG_KEY_MISMATCH',
    );
    assert.match(f.title, /RS256 cannot be signed with the EC P-256 key/);
    assert.deepEqual(f.action, { kind: 'set-signing-alg', label: 'Use ES256', args: { suggested: 'ES256' } });
  });
});

describe('diagnose: one-click audience switch against a server that rejects aud = issuer', () => {
  let issuer = '';
  const server = useAuthServer({
    configure: (c) => {
      // Like Okta: the assertion must name the endpoint being called, not the issuer.
      (c as { assertJwtClientAuthClaimsAndHeader?: unknown }).assertJwtClientAuthClaimsAndHeader = async (
        _ctx: unknown,
        claims: { aud?: unknown },
      ) => {
        if (claims.aud === issuer) throw new oidcErrors.InvalidClientAuth('aud must be the URL of the endpoint being called');
      };
    },
  });
  let md: ServerMetadata;

  before(() => {
    issuer = server.as.issuer;
    md = server.metadata;
  });

  it('invalid_client with a well-formed aud = issuer → INVALID_CLIENT_TRY_OTHER_AUDIENCE first; applying its action makes the retry succeed', async () => {
    const ctx: CallContext = { ...profileFor(server.as, 'service', { audience: 'issuer' }), metadata: md };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.error?.code, 'OAUTH_INVALID_CLIENT');
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata: md });
    assert.deepEqual(codes(f).slice(0, 2), ['INVALID_CLIENT', 'INVALID_CLIENT_TRY_OTHER_AUDIENCE'], JSON.stringify(codes(f)));
    const action = f[1]!.action!;
    assert.deepEqual(action, { kind: 'switch-audience', label: 'Switch audience to endpoint URL', args: { audience: 'endpoint' } });
    assert.deepEqual(f[0]!.action, action, 'the summary offers the same one-click fix');

    // The click: the profile's audience mode becomes the suggested one.
    const fixed: CallContext = { ...ctx, profile: { ...ctx.profile, audience: action.args.audience as 'endpoint' } };
    const retry = await clientCredentials(fixed);
    assert.equal(retry.response?.status, 200, JSON.stringify(retry.error));
    const intro = await introspect(fixed, { token: retry.result!.access_token });
    assert.equal(intro.result?.active, true, 'endpoint-URL audience works at introspection too');
    assert.equal(intro.assertion?.claims.aud, md.introspection_endpoint);
  });
});

describe('diagnose: clock skew (client clock 10 minutes ahead of the real server)', () => {
  const server = useAuthServer();
  let md: ServerMetadata;
  before(() => {
    md = server.metadata;
  });

  it('the server rejects the assertion; the Date header reveals CLOCK_SKEW and ASSERTION_CLOCK_SKEW', async () => {
    const skewed = () => nowS() + 600;
    const ctx: CallContext = { ...profileFor(server.as, 'service'), metadata: md, now: skewed };
    const ex = await clientCredentials(ctx);
    assert.equal(ex.error?.code, 'OAUTH_INVALID_CLIENT');
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata: md, localNowSeconds: skewed() });
    const skew = find(f, 'CLOCK_SKEW');
    assert.match(skew.title, /local clock is 10 min ahead of the server's/);
    assert.ok(skew.evidence.includes('threshold: 30 s'));
    assert.deepEqual(skew.action?.kind, 'sync-clock');
    const a = find(f, 'ASSERTION_CLOCK_SKEW');
    assert.equal(a.severity, 'error');
    assert.ok(
      f[0]!.evidence.some((e) => e.startsWith('likely cause 1: ASSERTION_CLOCK_SKEW')),
      f[0]!.evidence.join('\n'),
    );
    absent(f, 'ASSERTION_NOT_YET_VALID'); // consistent with the (wrong) local clock
  });

  it('no skew finding when the clocks agree', async () => {
    const ex = await clientCredentials({ ...profileFor(server.as, 'service'), metadata: md });
    const f = diagnose({ exchange: ex, metadata: md });
    absent(f, 'CLOCK_SKEW');
    absent(f, 'ASSERTION_CLOCK_SKEW');
  });
});
