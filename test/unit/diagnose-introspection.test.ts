/**
 * Introspection answers explained: active: false for a revoked token, an expired
 * one, one from another authorization server, one issued to another client; a JWT
 * access token the server cannot introspect; a JWT from another issuer or already
 * expired, caught before sending. All against real oidc-provider instances, except
 * "active: false for an expired JWT", which oidc-provider cannot produce (it refuses
 * to introspect JWTs at all) — a tiny misbehaving server plays a JWT-introspecting server.
 */
import assert from 'node:assert/strict';
import { clientCredentials, diagnose, discover, introspect, revoke, type CallContext, type ServerMetadata } from '../../src/core';
import { profileFor, startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { absent, assertNoSecrets, find } from './diagnose-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('diagnose: introspection results (real oidc-provider)', () => {
  let as: AuthServer;
  let other: AuthServer;
  let md: ServerMetadata;
  let otherMd: ServerMetadata;
  let service: CallContext;

  before(async () => {
    [as, other] = await Promise.all([
      startAuthServer({
        configure: (c) => {
          // A common policy: a client may only introspect the tokens issued to it.
          const intro = c.features!.introspection as { enabled: boolean; allowedPolicy?: unknown };
          intro.allowedPolicy = async (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
            token.clientId === client.clientId;
        },
      }),
      startAuthServer(),
    ]);
    [md, otherMd] = await Promise.all([discover(as.issuer).then((d) => d.metadata), discover(other.issuer).then((d) => d.metadata)]);
    service = { ...profileFor(as, 'service'), metadata: md };
  });
  after(async () => {
    await Promise.all([as?.close(), other?.close()]);
  });

  it('a revoked token → TOKEN_INACTIVE listing revocation among the causes', async () => {
    const t = await clientCredentials(service, { scope: 'api:read' });
    const token = t.result!.access_token;
    assert.equal((await revoke(service, { token })).error, undefined);
    const ex = await introspect(service, { token });
    assert.equal(ex.result?.active, false);
    const f = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    const inactive = find(f, 'TOKEN_INACTIVE');
    assert.equal(inactive.title, 'Introspection says active: false, and the server does not say why');
    assert.ok(
      inactive.evidence.some((e) => /possible cause \d: revoked/.test(e)),
      inactive.evidence.join('\n'),
    );
    assert.ok(inactive.evidence.some((e) => /not visible to the introspecting client \(demo-service\)/.test(e)));
    assertNoSecrets(f, [token]);
  });

  it('an opaque token from another authorization server → TOKEN_INACTIVE naming that possibility', async () => {
    const foreign = await clientCredentials({ ...profileFor(other, 'service'), metadata: otherMd });
    const ex = await introspect(service, { token: foreign.result!.access_token });
    assert.equal(ex.result?.active, false);
    const inactive = find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'TOKEN_INACTIVE');
    assert.ok(
      inactive.evidence.some((e) => e.includes(`issued by another authorization server or tenant than ${as.issuer}`)),
      inactive.evidence.join('\n'),
    );
  });

  it('a token issued to another client → TOKEN_INACTIVE; the server hides it from this client', async () => {
    const t = await clientCredentials({ ...profileFor(as, 'basic'), metadata: md });
    const ex = await introspect(service, { token: t.result!.access_token });
    assert.equal(ex.result?.active, false, "allowedPolicy hides other clients' tokens");
    find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'TOKEN_INACTIVE');
    const own = await introspect({ ...profileFor(as, 'basic'), metadata: md }, { token: t.result!.access_token });
    assert.equal(own.result?.active, true);
    absent(diagnose({ exchange: own, metadata: md }), 'TOKEN_INACTIVE');
  });

  it('a JWT access token → UNSUPPORTED_TOKEN_TYPE: this server cannot introspect structured tokens', async () => {
    const t = await clientCredentials(service, { resource: [as.jwtAccessTokenResource], scope: 'api:read' });
    const jwt = t.result!.access_token;
    assert.equal(jwt.split('.').length, 3);
    const ex = await introspect(service, { token: jwt });
    assert.equal(ex.error?.code, 'OAUTH_UNSUPPORTED_TOKEN_TYPE');
    const f = diagnose({ exchange: ex, profile: service.profile, metadata: md });
    const u = find(f, 'UNSUPPORTED_TOKEN_TYPE');
    assert.equal(u.title, 'This server cannot introspect structured JWT access tokens');
    assert.match(u.fix, /validate the JWT locally/i);
    absent(f, 'TOKEN_OTHER_ISSUER');
    assertNoSecrets(f, [jwt]);
  });

  it('a JWT from another issuer → TOKEN_OTHER_ISSUER before sending', async () => {
    const t = await clientCredentials({ ...profileFor(other, 'service'), metadata: otherMd }, { resource: [other.jwtAccessTokenResource] });
    const ex = await introspect(service, { token: t.result!.access_token });
    const f = find(diagnose({ exchange: ex, profile: service.profile, metadata: md }), 'TOKEN_OTHER_ISSUER');
    assert.equal(f.title, `The token was issued by ${other.issuer}, not by ${as.issuer}`);
  });
});

describe('diagnose: expired tokens (oidc-provider with 1-second token lifetimes)', () => {
  let as: AuthServer;
  let md: ServerMetadata;
  let service: CallContext;
  before(async () => {
    as = await startAuthServer({
      configure: (c) => {
        c.ttl = { ...c.ttl, ClientCredentials: 1 };
      },
    });
    md = (await discover(as.issuer)).metadata;
    service = { ...profileFor(as, 'service'), metadata: md };
  });
  after(async () => {
    await as?.close();
  });

  it('an expired JWT → TOKEN_EXPIRED before sending; an expired opaque token → TOKEN_INACTIVE after', async () => {
    const [jwt, opaque] = await Promise.all([
      clientCredentials(service, { resource: [as.jwtAccessTokenResource] }),
      clientCredentials(service),
    ]);
    await sleep(2100);
    const exJwt = await introspect(service, { token: jwt.result!.access_token });
    const fJwt = diagnose({ exchange: exJwt, profile: service.profile, metadata: md });
    assert.match(find(fJwt, 'TOKEN_EXPIRED').title, /^The token sent expired \d s ago$/);
    const exOpaque = await introspect(service, { token: opaque.result!.access_token });
    assert.equal(exOpaque.result?.active, false);
    const inactive = find(diagnose({ exchange: exOpaque, profile: service.profile, metadata: md }), 'TOKEN_INACTIVE');
    assert.ok(inactive.evidence.some((e) => /expired \(an opaque token carries no visible exp\)/.test(e)));
  });
});

describe('diagnose: a JWT-introspecting server answers active: false (misbehaving server)', () => {
  let as: AuthServer;
  let mis: MisbehavingServer;
  before(async () => {
    [as, mis] = await Promise.all([
      startAuthServer(),
      startMisbehavingServer({ '/introspect': { kind: 'respond', body: { active: false } } }),
    ]);
  });
  after(async () => {
    await Promise.all([as?.close(), mis?.close()]);
  });

  it('names the expiry from the decoded token as the reason', async () => {
    const md = (await discover(as.issuer)).metadata;
    const service: CallContext = { ...profileFor(as, 'service'), metadata: md };
    const t = await clientCredentials(service, { resource: [as.jwtAccessTokenResource] });
    const exp = (JSON.parse(Buffer.from(t.result!.access_token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    const ctx: CallContext = { ...service, profile: { ...service.profile, endpoints: { introspection: `${mis.url}/introspect` } } };
    const ex = await introspect(ctx, { token: t.result!.access_token });
    assert.equal(ex.result?.active, false);
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata: md, localNowSeconds: exp + 90 });
    const inactive = find(f, 'TOKEN_INACTIVE');
    assert.equal(inactive.title, 'The token expired 90 s ago, so introspection says active: false');
    assert.equal(inactive.fix, 'Get a new token and introspect that one.');
    find(f, 'TOKEN_EXPIRED');
  });
});
