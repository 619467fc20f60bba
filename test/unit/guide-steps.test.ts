/**
 * The Add Client guide's steps (src/shell/guide), one function per step over a typed
 * state, run without a UI against the real oidc-provider: the walk from issuer to a
 * saved profile, a discovery failure kept whole (not its first line), "allow plain
 * http for this client" offered only for plain http to a host other than loopback,
 * the step counter counting only the steps shown, and a changed method dropping the
 * old method's credentials.
 */
import assert from 'node:assert/strict';
import { discover, generateKeyPair, loadClientCertificate, type ServerMetadata } from '../../src/core';
import { selfSignedCertificate } from '../../src/core/mtls/self-signed';
import { type GuideState, type Question, type Reply, type StepId, stepNumber } from '../../src/shell/guide/guide-state';
import { offersInsecureHttp, profileFieldsOf, STEPS, type GuideContext } from '../../src/shell/guide/guide-steps';
import { parseProfileFields } from '../../src/shell/profiles/profile-schema';
import { useAuthServer } from './server-context';

const ctx: GuideContext = {
  discover: async (issuer, o): Promise<ServerMetadata> => (await discover(issuer, o)).metadata,
};

const fresh = (over: Partial<GuideState> = {}): GuideState => ({
  issuer: '',
  clientId: '',
  discoveryWithClientId: false,
  allowInsecureHttp: false,
  ...over,
});

/** Answers one step; returns the next state and step. */
async function answer(id: StepId, st: GuideState, reply: Reply): Promise<{ state: GuideState; next: StepId | 'done' }> {
  return STEPS[id].answer(st, reply, ctx);
}
const text = (value: string): Reply => ({ kind: 'text', value });
const pick = (id: string): Reply => ({ kind: 'pick', id });

function choiceOf(q: Question): Extract<Question, { kind: 'choice' }> {
  if (q.kind !== 'choice') assert.fail(`a dialog, not a ${q.kind}`);
  return q;
}

describe('Add Client guide: one function per step over a typed state', function () {
  this.timeout(30_000);
  const server = useAuthServer();

  it('walks issuer → discovery → client id → client_secret_basic → secret → DPoP (offered by this server) → scope → name to valid profile fields', async () => {
    const basic = server.as.clients.basic;
    let t = await answer('issuer', fresh(), text(server.as.issuer));
    assert.equal(t.next, 'support');
    assert.equal(t.state.metadata?.issuer, server.as.issuer, 'discovery ran against the real server');
    const supportQ = STEPS.support.ask(t.state);
    assert.ok(supportQ.kind === 'pick' && supportQ.items.some((i) => i.label.includes('introspection')));
    t = await answer('support', t.state, pick('continue'));
    assert.equal(t.next, 'clientId');
    t = await answer('clientId', t.state, text(` ${basic.clientId} `));
    assert.equal(t.next, 'method');
    t = await answer('method', t.state, pick('client_secret_basic'));
    assert.equal(t.next, 'secret');
    t = await answer('secret', t.state, text(basic.clientSecret ?? ''));
    assert.equal(t.next, 'dpop', 'client_secret_basic asks no alg and no audience; the server offers DPoP');
    t = await answer('dpop', t.state, pick('off'));
    assert.equal(t.next, 'scope');
    t = await answer('scope', t.state, text(''));
    t = await answer('name', t.state, text('Basic'));
    assert.equal(t.next, 'done');
    const fields = parseProfileFields(profileFieldsOf(t.state), 'test');
    assert.deepEqual(
      { name: fields.name, issuer: fields.issuer, clientId: fields.clientId, authMethod: fields.authMethod, audience: fields.audience },
      { name: 'Basic', issuer: server.as.issuer, clientId: basic.clientId, authMethod: 'client_secret_basic', audience: undefined },
    );
    assert.equal(t.state.clientSecret, basic.clientSecret);
  });

  it('a discovery failure is kept whole and shown as a dialog; plain http to another host is offered, then its next error too', async () => {
    // 0.0.0.0 reaches the local server but is not loopback by name: plain http is refused first.
    const issuer = server.as.issuer.replace('127.0.0.1', '0.0.0.0');
    let t = await answer('issuer', fresh(), text(issuer));
    assert.equal(t.next, 'discoveryFailed');
    const refusal = await discover(issuer).then(
      () => '',
      (e: Error) => e.message,
    );
    assert.ok(refusal.length > 120, 'a long message');
    assert.equal(t.state.discoveryError, refusal, 'the whole message, not its first line or a cut');
    let q = choiceOf(STEPS.discoveryFailed.ask(t.state));
    assert.equal(q.detail, refusal);
    assert.deepEqual(
      q.options.map((o) => o.id),
      ['retry', 'issuer', 'http', 'manual'],
    );

    t = await answer('discoveryFailed', t.state, { kind: 'choice', id: 'http' });
    assert.equal(t.state.allowInsecureHttp, true);
    assert.equal(t.next, 'discoveryFailed', 'the server answers with its own issuer, which differs');
    assert.notEqual(t.state.discoveryError, refusal);
    assert.match(t.state.discoveryError ?? '', /issuer/i);
    q = choiceOf(STEPS.discoveryFailed.ask(t.state));
    assert.ok(!q.options.some((o) => o.id === 'http'), 'no second offer once allowed');
    assert.equal(profileFieldsOf({ ...t.state, authMethod: 'none' }).allowInsecureHttp, true, 'the client keeps the permission');

    t = await answer('discoveryFailed', t.state, { kind: 'choice', id: 'manual' });
    assert.equal(t.next, 'tokenEndpoint');
    const tq = STEPS.tokenEndpoint.ask(t.state);
    assert.ok(tq.kind === 'input');
    assert.equal(tq.value, `${issuer}/token`);
    t = await answer('tokenEndpoint', t.state, text(`${issuer}/token`));
    assert.equal(t.next, 'clientId');
    assert.deepEqual(parseProfileFields(profileFieldsOf({ ...t.state, clientId: 'c', authMethod: 'none', name: 'n' }), 't').endpoints, {
      token: `${issuer}/token`,
    });

    // Escape on the dialog goes back to the issuer.
    assert.equal((await answer('discoveryFailed', t.state, { kind: 'choice', id: undefined })).next, 'issuer');
  });

  it('offers plain http only for http to a host other than loopback', () => {
    assert.equal(offersInsecureHttp(fresh({ issuer: 'http://idp.example.test/' })), true);
    assert.equal(offersInsecureHttp(fresh({ issuer: 'http://idp.example.test/', allowInsecureHttp: true })), false);
    for (const issuer of [
      'https://idp.example.test/',
      'http://127.0.0.1:3000',
      'http://localhost:8080/x',
      'http://[::1]:1/',
      'not a url',
    ]) {
      assert.equal(offersInsecureHttp(fresh({ issuer })), false, issuer);
    }
  });

  it('the step counter counts only the steps shown for the method', () => {
    const count = (authMethod: GuideState['authMethod']) => stepNumber('name', fresh({ ...(authMethod ? { authMethod } : {}) }));
    assert.deepEqual(count('client_secret_basic'), { step: 7, totalSteps: 7 });
    assert.deepEqual(count('none'), { step: 6, totalSteps: 6 });
    assert.deepEqual(count('private_key_jwt'), { step: 9, totalSteps: 9 });
    assert.deepEqual(stepNumber('scope', fresh({ authMethod: 'client_secret_post' })), { step: 6, totalSteps: 7 });
    assert.deepEqual(stepNumber('kid', fresh({ authMethod: 'private_key_jwt' })), { step: 6, totalSteps: 9 }, 'alg and kid are one step');
    assert.deepEqual(
      stepNumber('method', fresh(), 'client_secret_basic'),
      { step: 4, totalSteps: 7 },
      'before the choice: the likely method',
    );
    assert.equal(stepNumber('discoveryFailed', fresh()), undefined, 'a dialog has no number');
  });

  it('another method drops the credentials of the old one; the same method keeps them', async () => {
    const st = fresh({ issuer: server.as.issuer, clientId: 'c', authMethod: 'client_secret_jwt', clientSecret: 's', signingAlg: 'HS256' });
    const same = await answer('method', st, pick('client_secret_jwt'));
    assert.equal(same.state.clientSecret, 's');
    const other = await answer('method', st, pick('private_key_jwt'));
    assert.equal(other.next, 'privateKey');
    assert.equal(other.state.clientSecret, undefined);
    assert.equal(other.state.signingAlg, undefined);
    const none = await answer('method', st, pick('none'));
    assert.equal(none.next, 'scope');
    assert.equal(profileFieldsOf({ ...none.state, audience: 'endpoint' }).audience, undefined, 'no audience without a JWT method');
  });

  it('asks about DPoP only when the server advertises it: Off preselected, counted as a step, Auto/Always written to the profile', async () => {
    const withDpop = fresh({ issuer: server.as.issuer, clientId: 'c', metadata: server.metadata, authMethod: 'client_secret_post' });
    assert.ok(server.metadata.dpop_signing_alg_values_supported?.length, 'the test server advertises DPoP');
    const t = await answer('secret', withDpop, text('s3cret'));
    assert.equal(t.next, 'dpop');
    const q = STEPS.dpop.ask(t.state);
    assert.ok(q.kind === 'pick');
    assert.equal(q.active, 'off', 'a server that supports DPoP may still refuse proofs from a client not registered for them');
    assert.deepEqual(
      q.items.map((i) => i.id),
      ['off', 'auto', 'always'],
    );
    assert.match(q.items.find((i) => i.id === 'auto')?.description ?? '', /ES256/, 'Auto names the algorithms the server accepts');
    assert.deepEqual(stepNumber('dpop', t.state), { step: 6, totalSteps: 8 });
    for (const mode of ['auto', 'always'] as const) {
      const chosen = await answer('dpop', t.state, pick(mode));
      assert.equal(chosen.next, 'scope');
      assert.equal(parseProfileFields(profileFieldsOf({ ...chosen.state, name: 'n' }), 'test').dpop, mode);
    }
    const off = await answer('dpop', t.state, pick('off'));
    assert.equal(
      parseProfileFields(profileFieldsOf({ ...off.state, name: 'n' }), 'test').dpop,
      undefined,
      'off is the default: not written',
    );

    const noDpop = { ...withDpop, metadata: { ...server.metadata, dpop_signing_alg_values_supported: undefined } };
    assert.equal((await answer('secret', noDpop, text('s3cret'))).next, 'scope', 'no DPoP step for a server without DPoP');
    assert.deepEqual(stepNumber('name', noDpop), { step: 7, totalSteps: 7 });
  });

  it('tls_client_auth asks for the client certificate (checked by the core), counts it as the credential step, and another method drops it', async () => {
    const pair = await generateKeyPair('RSA-2048');
    const cert = await selfSignedCertificate(pair.privateKeyPem, { commonName: 'guide-client' });
    const secrets = { clientCertificate: cert.pem, clientCertificateKey: pair.privateKeyPem };
    const loaded = await loadClientCertificate(secrets);
    assert.ok(loaded);
    const st = fresh({ issuer: server.as.issuer, clientId: 'c', metadata: server.metadata });
    const method = STEPS.method.ask(st);
    assert.ok(method.kind === 'pick' && method.items.some((i) => i.id === 'tls_client_auth'));
    assert.ok(method.items.some((i) => i.id === 'self_signed_tls_client_auth'));
    let t = await answer('method', st, pick('self_signed_tls_client_auth'));
    assert.equal(t.next, 'certificate');
    assert.deepEqual(STEPS.certificate.ask(t.state), { kind: 'certificate' });
    assert.deepEqual(stepNumber('certificate', t.state), { step: 5, totalSteps: 8 }, 'no alg or audience for mTLS; DPoP is offered');
    assert.equal((await answer('certificate', t.state, text('not a certificate'))).next, 'certificate', 'anything else asks again');
    t = await answer('certificate', t.state, { kind: 'certificate', certificate: { secrets, info: loaded.info } });
    assert.equal(t.next, 'dpop');
    assert.equal(t.state.certificate?.info.subjectDn, 'CN=guide-client');
    const fields = parseProfileFields(profileFieldsOf({ ...t.state, name: 'mTLS' }), 'test');
    assert.equal(fields.authMethod, 'self_signed_tls_client_auth');
    assert.equal(fields.audience, undefined);
    const other = await answer('method', t.state, pick('client_secret_basic'));
    assert.equal(other.state.certificate, undefined, 'the certificate of the old method does not carry over');
  });

  it('with discoveryWithClientId the client id comes first and discovery carries it', async () => {
    const basic = server.as.clients.basic;
    let t = await answer('issuer', fresh({ discoveryWithClientId: true }), text(server.as.issuer));
    assert.equal(t.next, 'clientId', 'no discovery before the client id');
    assert.equal(t.state.metadata, undefined);
    t = await answer('clientId', t.state, text(basic.clientId));
    assert.equal(t.next, 'support');
    assert.equal(t.state.metadata?.issuer, server.as.issuer);
    t = await answer('support', t.state, pick('continue'));
    assert.equal(t.next, 'method', 'the client id is not asked twice');
  });
});
