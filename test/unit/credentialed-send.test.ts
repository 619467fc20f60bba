/**
 * SECURITY.md 6 by construction: the core awaits `beforeCredentialedSend` at its one
 * send point before ANY request that carries a credential leaves — in every operation
 * and at every step of every flow. Proved against the real oidc-provider (A) and a
 * recorder (B, "another origin"): the check sees exactly the URLs then contacted, and
 * a refusal for B's origin means B receives nothing, even when a LATER step of a flow
 * (the device poll, the code redemption) is the one that points there.
 */
import assert from 'node:assert/strict';
import type { CallContext } from '../../src/core/client-auth';
import { WorkbenchError } from '../../src/core/errors';
import { authorizationCode } from '../../src/core/operations/authorization-code';
import { deviceCode, type UserCodeInfo } from '../../src/core/operations/device-code';
import { introspect, revoke, userinfo } from '../../src/core/operations/endpoints';
import { clientCredentials, jwtBearerGrant, refreshToken, tokenExchange } from '../../src/core/operations/grants';
import type { CredentialedSend, Endpoints } from '../../src/core/types';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { TestBrowser } from '../helpers/browser';
import { expectFlowFailure } from './expect-flow-failure';
import { useAuthServer } from './server-context';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

describe('beforeCredentialedSend: the origin check at the core send point covers every flow', function () {
  this.timeout(30_000);
  const server = useAuthServer();
  let b: MisbehavingServer;
  before(async () => {
    b = await startMisbehavingServer({});
  });
  after(async () => b.close());
  afterEach(() => {
    b.requests.length = 0;
  });

  /** A context whose check records every send, refusing B's origin (as the shell refuses an unconfirmed origin). */
  function recording(endpoints: Partial<Endpoints> = {}): { ctx: CallContext; seen: CredentialedSend[] } {
    const seen: CredentialedSend[] = [];
    const base = server.contextFor('rsaJwt', { id: 'p-send', name: 'Send', scope: 'openid', endpoints });
    const ctx: CallContext = {
      ...base,
      beforeCredentialedSend: async (send) => {
        seen.push(send);
        if (new URL(send.url).origin === new URL(b.url).origin) {
          throw new WorkbenchError('ORIGIN_NOT_ALLOWED', `Refused to send the credentials to ${new URL(send.url).origin}.`);
        }
      },
    };
    return { ctx, seen };
  }

  const approve = async (url: string): Promise<void> => {
    const browser = new TestBrowser();
    await browser.loginAndConsent(await browser.request(url));
  };

  async function userApprovesDevice(info: UserCodeInfo): Promise<void> {
    const browser = new TestBrowser();
    const confirm = await browser.submit(await browser.request(info.verificationUri), { user_code: info.userCode });
    await browser.loginAndConsent(await browser.submit(confirm), 'device-user');
  }

  it('is asked before every grant, introspection, revocation and userinfo call, with the URL then contacted and what it carries', async () => {
    const { ctx, seen } = recording();
    const issuer = server.as.issuer;
    const cc = await clientCredentials(ctx);
    assert.ok(cc.result, cc.error?.message);
    const user = await jwtBearerGrant(ctx, { subject: 'alice', scope: 'openid offline_access' });
    assert.ok(user.result?.refresh_token, user.error?.message);
    const refreshed = await refreshToken(ctx, { refreshToken: user.result.refresh_token });
    assert.ok(refreshed.result, refreshed.error?.message);
    const exchanged = await tokenExchange(ctx, { subjectToken: cc.result.access_token, subjectTokenType: ACCESS_TOKEN_TYPE });
    assert.ok(exchanged.result, exchanged.error?.message);
    const info = await userinfo(ctx, { accessToken: user.result.access_token });
    assert.ok(info.result, info.error?.message);
    const intro = await introspect(ctx, { token: cc.result.access_token });
    assert.equal(intro.result?.active, true, intro.error?.message);
    const rev = await revoke(ctx, { token: cc.result.access_token });
    assert.equal(rev.error, undefined, rev.error?.message);

    assert.deepEqual(
      seen.map((s) => `${s.operation} ${s.endpoint} ${s.url}`),
      [
        `client_credentials token ${issuer}/token`,
        `jwt_bearer token ${issuer}/token`,
        `refresh_token token ${issuer}/token`,
        `token_exchange token ${issuer}/token`,
        `userinfo userinfo ${issuer}/me`,
        `introspect introspection ${issuer}/token/introspection`,
        `revoke revocation ${issuer}/token/revocation`,
      ],
    );
    assert.deepEqual(seen[0]!.carries, ['client authentication']);
    assert.deepEqual(seen[1]!.carries, ['client authentication', 'assertion']);
    assert.deepEqual(seen[2]!.carries, ['client authentication', 'refresh_token']);
    assert.deepEqual(seen[3]!.carries, ['client authentication', 'subject_token']);
    assert.deepEqual(seen[4]!.carries, ['access token']);
    assert.deepEqual(seen[5]!.carries, ['client authentication', 'token']);
    for (const s of seen) assert.ok(!JSON.stringify(s).includes(cc.result.access_token), 'the check never sees a secret value');
  });

  it('is asked before PAR and before the code redemption of the authorization code flow', async () => {
    const { ctx, seen } = recording();
    const r = await authorizationCode(ctx, { usePar: true, openBrowser: approve });
    assert.ok(r.tokens, r.exchanges.map((x) => x.error?.message).join('; '));
    assert.deepEqual(
      seen.map((s) => `${s.operation} ${s.endpoint}`),
      ['par pushed_authorization_request', 'authorization_code token'],
    );
    assert.deepEqual(seen[1]!.carries, ['client authentication', 'code', 'code_verifier']);
  });

  it('is asked before the device authorization request and before EVERY poll', async () => {
    const { ctx, seen } = recording();
    let approval: Promise<void> | undefined;
    const r = await deviceCode(ctx, {
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
      onUserCode: (info) => {
        approval = userApprovesDevice(info);
      },
    });
    await approval;
    assert.ok(r.tokens, r.exchanges.map((x) => x.error?.message).join('; '));
    assert.equal(seen[0]!.endpoint, 'device_authorization');
    assert.equal(seen.filter((s) => s.operation === 'device_code').length, r.polls, 'one check per poll');
  });

  it('device flow whose token endpoint is on another origin: the polls are refused, that origin receives nothing', async () => {
    const { ctx, seen } = recording({ token: `${b.url}/token` });
    const shown: UserCodeInfo[] = [];
    const err = await expectFlowFailure(
      deviceCode(ctx, { sleep: async () => undefined, onUserCode: (i) => shown.push(i) }),
      'ORIGIN_NOT_ALLOWED',
    );
    assert.deepEqual(b.requests, [], 'no poll (no device_code, no assertion) reached B');
    assert.equal(shown.length, 1, 'the device authorization at A went through');
    assert.deepEqual(
      err.exchanges.map((x) => x.operation),
      ['device_authorization'],
      'the refusal keeps the exchange made before it',
    );
    assert.equal(seen.at(-1)?.url, `${b.url}/token`);
  });

  it('authorization code whose token endpoint is on another origin: the code is not redeemed there', async () => {
    const { ctx } = recording({ token: `${b.url}/token` });
    const err = await expectFlowFailure(authorizationCode(ctx, { openBrowser: approve }), 'ORIGIN_NOT_ALLOWED');
    assert.deepEqual(b.requests, [], 'B received neither the code nor the verifier nor an assertion');
    assert.deepEqual(err.exchanges, []);
  });

  it('authorization code whose PAR endpoint is on another origin: refused before anything is sent, no browser opens', async () => {
    const { ctx } = recording({ pushed_authorization_request: `${b.url}/par` });
    let opened = false;
    await assert.rejects(
      authorizationCode(ctx, { usePar: true, openBrowser: () => void (opened = true) }),
      (e: WorkbenchError) => e.code === 'ORIGIN_NOT_ALLOWED',
    );
    assert.equal(opened, false);
    assert.deepEqual(b.requests, []);
  });

  it('single requests (introspection, revocation, userinfo) aimed at another origin are refused before sending', async () => {
    for (const [endpoint, call] of [
      ['introspection', (c: CallContext) => introspect(c, { token: 'tok-123456789' })],
      ['revocation', (c: CallContext) => revoke(c, { token: 'tok-123456789' })],
      ['userinfo', (c: CallContext) => userinfo(c, { accessToken: 'tok-123456789' })],
    ] as const) {
      const { ctx } = recording({ [endpoint]: `${b.url}/${endpoint}` });
      await assert.rejects(call(ctx), (e: WorkbenchError) => e.code === 'ORIGIN_NOT_ALLOWED', endpoint);
    }
    assert.deepEqual(b.requests, []);
  });
});
