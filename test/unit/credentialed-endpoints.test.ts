/**
 * SECURITY.md 6 in the panel: the endpoints whose origins are checked before a panel
 * call starts (src/shell/panel/credentialed-endpoints.ts) are ALL the credentialed
 * endpoints the core's flow contacts — the device flow's token polls and the PAR
 * request included — with the same PAR decision as the core's authorizationCode().
 */
import assert from 'node:assert/strict';
import type { ClientProfile, ServerMetadata } from '../../src/core';
import { credentialedEndpoints } from '../../src/shell/panel/credentialed-endpoints';
import { draftToCall } from '../../src/shell/panel/draft-call';
import { emptyDraft } from '../../src/webview/protocol';

const profile: ClientProfile = { id: 'p', name: 'P', issuer: 'https://as.example', clientId: 'c', authMethod: 'private_key_jwt' };
const metadata: ServerMetadata = { issuer: 'https://as.example' };
const tokens = { token: 'tok', actorToken: 'act' };

describe('panel: credentialed endpoints checked before a call starts', () => {
  it('device code: the device authorization endpoint AND the token endpoint it polls', () => {
    assert.deepEqual(credentialedEndpoints(draftToCall(emptyDraft('device_code'), tokens), { profile, metadata }), [
      'device_authorization',
      'token',
    ]);
  });

  it("authorization code with PAR (asked, the profile's usePar, or required by the server): the PAR and token endpoints", () => {
    const withPar = draftToCall({ ...emptyDraft('authorization_code'), usePar: true }, tokens);
    const plain = draftToCall(emptyDraft('authorization_code'), tokens);
    assert.deepEqual(credentialedEndpoints(withPar, { profile, metadata }), ['pushed_authorization_request', 'token']);
    assert.deepEqual(credentialedEndpoints(plain, { profile: { ...profile, usePar: true }, metadata }), [
      'pushed_authorization_request',
      'token',
    ]);
    assert.deepEqual(credentialedEndpoints(plain, { profile, metadata: { ...metadata, require_pushed_authorization_requests: true } }), [
      'pushed_authorization_request',
      'token',
    ]);
    assert.deepEqual(
      credentialedEndpoints(plain, { profile, metadata }),
      ['token'],
      'without PAR only the token endpoint gets credentials',
    );
  });

  it('single-request operations: their one endpoint', () => {
    const one = (op: Parameters<typeof emptyDraft>[0], extra: Record<string, unknown> = {}) =>
      credentialedEndpoints(draftToCall({ ...emptyDraft(op), ...extra }, tokens), { profile, metadata });
    assert.deepEqual(one('introspect'), ['introspection']);
    assert.deepEqual(one('revoke'), ['revocation']);
    assert.deepEqual(one('userinfo'), ['userinfo']);
    assert.deepEqual(one('client_credentials'), ['token']);
    assert.deepEqual(one('refresh_token'), ['token']);
    assert.deepEqual(one('password', { username: 'alice' }), ['token']);
    assert.deepEqual(one('jwt_bearer'), ['token']);
    assert.deepEqual(one('token_exchange', { subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token' }), ['token']);
  });
});
