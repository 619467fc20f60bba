/**
 * Keeping tokens fresh — the core's decisions, against real short-lived tokens and real
 * refresh responses from oidc-provider: when to renew (before the threshold, at most half
 * the lifetime ahead, back-off after failures), with which grant, and how a refresh
 * response merges with the held set (rotation, kept refresh token, scope and id_token).
 */
import assert from 'node:assert/strict';
import {
  backoffSeconds,
  clientCredentials,
  isFresh,
  jwtBearerGrant,
  mergeTokenResponse,
  planRefresh,
  refreshToken,
  renewGrant,
  tokenExpiry,
  type TokenSet,
} from '../../src/core';
import { useAuthServer } from './server-context';

const SHORT_TTL = 60;

describe('token refresh policy (core)', () => {
  describe('with short-lived tokens (AccessToken/ClientCredentials ttl 60 s) and refresh-token rotation', () => {
    const server = useAuthServer({
      configure: (c) => {
        c.ttl = { ...c.ttl, AccessToken: SHORT_TTL, ClientCredentials: SHORT_TTL };
        c.rotateRefreshToken = () => true;
      },
    });

    it('renews a 60 s client_credentials token after half its lifetime (threshold 5 min), with client_credentials', async () => {
      const ctx = server.contextFor('service');
      const ex = await clientCredentials(ctx, {});
      assert.ok(ex.result, JSON.stringify(ex.error));
      const tokens = mergeTokenResponse(undefined, ex.result, 'client_credentials');
      assert.equal(tokens.obtained_by, 'client_credentials');
      assert.equal(renewGrant(tokens), 'client_credentials');
      const now = tokens.received_at;
      const plan = planRefresh({ tokens, nowSeconds: now, thresholdSeconds: 300 });
      assert.ok(plan.grant);
      assert.equal(plan.atSeconds, tokens.expires_at! - SHORT_TTL / 2);
      assert.equal(plan.due, false);
      assert.equal(planRefresh({ tokens, nowSeconds: now + SHORT_TTL / 2, thresholdSeconds: 300 }).grant && true, true);
      assert.equal((planRefresh({ tokens, nowSeconds: now + SHORT_TTL / 2, thresholdSeconds: 300 }) as { due: boolean }).due, true);
      // With a threshold shorter than half the lifetime, the threshold decides.
      assert.equal(
        (planRefresh({ tokens, nowSeconds: now, thresholdSeconds: 10 }) as { atSeconds: number }).atSeconds,
        tokens.expires_at! - 10,
      );
    });

    it('merges a rotated refresh token: the new one is kept, the old one no longer works', async () => {
      const ctx = server.contextFor('service');
      const first = await jwtBearerGrant(ctx, { subject: 'dave', scope: 'openid offline_access api:read' });
      assert.ok(first.result?.refresh_token, JSON.stringify(first.error));
      const held = mergeTokenResponse(undefined, first.result, 'jwt_bearer');
      assert.equal(renewGrant(held), 'refresh_token');
      const next = await refreshToken(ctx, { refreshToken: held.refresh_token! });
      assert.ok(next.result, JSON.stringify(next.error));
      const merged = mergeTokenResponse(held, next.result, 'refresh_token');
      assert.ok(merged.refresh_token && merged.refresh_token !== held.refresh_token, 'rotated');
      assert.notEqual(merged.access_token, held.access_token);
      assert.equal(merged.obtained_by, 'jwt_bearer', 'the original grant is remembered');
      const again = await refreshToken(ctx, { refreshToken: merged.refresh_token });
      assert.ok(again.result, 'the kept (new) refresh token works');
      // (Replaying the rotated-out one makes oidc-provider revoke the whole grant: reuse detection.)
      const replay = await refreshToken(ctx, { refreshToken: held.refresh_token! });
      assert.equal(replay.error?.oauth?.error, 'invalid_grant', 'the rotated-out refresh token is refused');
    });
  });

  describe('without rotation', () => {
    const server = useAuthServer({ configure: (c) => (c.rotateRefreshToken = () => false) });

    it('keeps the refresh token, scope and id_token a refresh response leaves out', async () => {
      const ctx = server.contextFor('service');
      const first = await jwtBearerGrant(ctx, { subject: 'erin', scope: 'openid offline_access' });
      assert.ok(first.result?.refresh_token);
      const held: TokenSet = { ...mergeTokenResponse(undefined, first.result, 'jwt_bearer'), id_token: 'previous.id.token' };
      const next = await refreshToken(ctx, { refreshToken: held.refresh_token! });
      assert.ok(next.result, JSON.stringify(next.error));
      const { refresh_token: _r, scope: _s, id_token: _i, ...bare } = next.result;
      const merged = mergeTokenResponse(held, bare, 'refresh_token');
      assert.equal(merged.refresh_token, held.refresh_token);
      assert.equal(merged.scope, held.scope);
      assert.equal(merged.id_token, 'previous.id.token');
      assert.equal(merged.access_token, next.result.access_token);
      const still = await refreshToken(ctx, { refreshToken: merged.refresh_token! });
      assert.ok(still.result, 'the kept refresh token still works');
    });
  });

  describe('pure rules', () => {
    const base: TokenSet = { access_token: 'opaque', received_at: 1000, expires_at: 4600 };

    it('leaves alone what cannot be renewed without a person, and says why', () => {
      const user = { ...base, obtained_by: 'authorization_code' as const };
      const plan = planRefresh({ tokens: user, nowSeconds: 4599, thresholdSeconds: 300 });
      assert.equal(plan.grant, undefined);
      assert.match((plan as { reason: string }).reason, /no refresh token/);
      assert.equal(renewGrant({ ...base }), undefined, 'a set of unknown origin is not renewed with client_credentials');
      const unknown = planRefresh({
        tokens: { access_token: 'x', received_at: 1, refresh_token: 'r' },
        nowSeconds: 2,
        thresholdSeconds: 300,
      });
      assert.match((unknown as { reason: string }).reason, /expiry is unknown/);
    });

    it('backs off after failures (30 s doubling to 15 min), never before the threshold', () => {
      assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map(backoffSeconds), [0, 30, 60, 120, 240, 480, 900, 900]);
      const tokens = { ...base, refresh_token: 'r' };
      const plan = planRefresh({ tokens, nowSeconds: 4400, thresholdSeconds: 300, failures: 3, lastFailureAt: 4400 });
      assert.deepEqual(plan, { grant: 'refresh_token', atSeconds: 4520, due: false });
      const early = planRefresh({ tokens, nowSeconds: 1000, thresholdSeconds: 300, failures: 1, lastFailureAt: 1000 });
      assert.equal((early as { atSeconds: number }).atSeconds, 4300, 'a failure long before expiry waits for the threshold');
    });

    it('never renews twice within 10 s, even when a server hands out tokens that are already due', () => {
      const expired = { ...base, refresh_token: 'r', expires_at: 1000 };
      assert.deepEqual(planRefresh({ tokens: expired, nowSeconds: 1000, thresholdSeconds: 300, lastRenewedAt: 995 }), {
        grant: 'refresh_token',
        atSeconds: 1005,
        due: false,
      });
    });

    it('calls a token fresh only with enough time left; reads the expiry from expires_at or the JWT exp', () => {
      assert.equal(isFresh(base, 4000, 300), true);
      assert.equal(isFresh(base, 4400, 300), false);
      const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ exp: 5000 })).toString('base64url')}.`;
      assert.equal(tokenExpiry({ access_token: jwt, received_at: 1 }), 5000);
      assert.equal(tokenExpiry({ access_token: 'opaque', received_at: 1, expires_at: Number.NaN }), undefined);
    });

    it('calls a short-lived token fresh until the background renewal is due (half its lifetime), not never', () => {
      // A 40 s token and a 5 min threshold: handing it out must not renew it on every call
      // (the authentication provider's getSessions runs on every getSession of every extension).
      const short: TokenSet = { access_token: 'short', received_at: 1000, expires_at: 1040, obtained_by: 'client_credentials' };
      assert.equal(isFresh(short, 1001, 300), true);
      assert.equal(isFresh(short, 1019, 300), true);
      assert.equal(isFresh(short, 1021, 300), false);
      const plan = planRefresh({ tokens: short, nowSeconds: 1001, thresholdSeconds: 300 });
      assert.ok(plan.grant && plan.atSeconds === 1020, 'fresh exactly until the planned renewal');
      // 0: only "not expired yet" (the terminal variable).
      assert.equal(isFresh(short, 1039, 0), true);
      assert.equal(isFresh(short, 1040, 0), false);
    });

    it('starts a new set for any grant but refresh_token', () => {
      const held = { ...base, refresh_token: 'old', scope: 'a' };
      const next = mergeTokenResponse(held, { access_token: 'n', received_at: 2 }, 'client_credentials');
      assert.deepEqual(next, { access_token: 'n', received_at: 2, obtained_by: 'client_credentials' });
    });
  });
});
