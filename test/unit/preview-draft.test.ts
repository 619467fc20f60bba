/**
 * The panel's form → core call mapping (src/shell/panel/draft-call.ts): each operation
 * reads only its own fields, required inputs are named when missing, extra parameters
 * keep their order and secret-looking ones are marked secret, and the per-request
 * audience override reaches the profile the core signs with.
 */
import assert from 'node:assert/strict';
import type { ClientProfile } from '../../src/core';
import { draftToCall, extraParams, FLOW_PLACEHOLDER, previewOperation, profileForDraft } from '../../src/shell/panel/draft-call';
import { OPERATIONS } from '../../src/webview/operations';
import { type Draft, PANEL_OPERATIONS, emptyDraft } from '../../src/webview/protocol';

const profile: ClientProfile = {
  id: 'p',
  name: 'P',
  issuer: 'https://as.example',
  clientId: 'c',
  authMethod: 'private_key_jwt',
  scope: 'profile-scope',
  resource: ['https://profile.resource'],
};

function full(op: Draft['operation']): Draft {
  return {
    ...emptyDraft(op),
    scope: 'a b',
    resource: 'https://r1  https://r2',
    audience: 'aud-param',
    extra: [
      { name: 'x1', value: 'v1' },
      { name: '', value: 'ignored' },
      { name: 'subject_token', value: 'looks secret' },
    ],
    tokenTypeHint: 'refresh_token',
    username: 'alice',
    password: 'pw',
    prompt: 'login',
    usePar: true,
    apiMethod: 'POST',
    apiUrl: 'https://api.example/items?x=1',
    apiBody: '{"a":1}',
  };
}

const T = { token: 'TOKEN', actorToken: 'ACTOR' };

describe('request panel: draft → core call', () => {
  it('maps every operation of the picker', () => {
    for (const op of PANEL_OPERATIONS) assert.equal(draftToCall(full(op), T).operation, op);
  });

  it('client_credentials: scope, resources (whitespace separated), audience, extra (named only, in order)', () => {
    const c = draftToCall(full('client_credentials'), T);
    assert.deepEqual(c, {
      operation: 'client_credentials',
      params: {
        scope: 'a b',
        resource: ['https://r1', 'https://r2'],
        audience: 'aud-param',
        extra: [
          { name: 'x1', value: 'v1' },
          { name: 'subject_token', value: 'looks secret', secret: true },
        ],
      },
    });
  });

  it('empty fields fall back to the profile defaults (left out, not sent empty)', () => {
    const op = previewOperation(draftToCall(emptyDraft('client_credentials'), {}), profile);
    assert.deepEqual(
      op.form.map((p) => [p.name, p.value]),
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'profile-scope'],
        ['resource', 'https://profile.resource'],
      ],
    );
  });

  it('fields an operation does not use never reach its request', () => {
    const intro = draftToCall(full('introspect'), T);
    assert.deepEqual(intro, {
      operation: 'introspect',
      params: { token: 'TOKEN', tokenTypeHint: 'refresh_token', extra: extraParams(full('introspect')) },
    });
    const pw = draftToCall(full('password'), T);
    assert.ok(pw.operation === 'password' && !('resource' in pw.params) && !('audience' in pw.params));
    const ui = draftToCall(full('userinfo'), T);
    assert.deepEqual(ui, { operation: 'userinfo', params: { accessToken: 'TOKEN' } });
    const dc = draftToCall(full('device_code'), T);
    assert.ok(dc.operation === 'device_code' && !('resource' in dc.options));
  });

  it('call_api: method, URL, the extra list as headers (secret-looking ones marked), body, the token with its token_type', () => {
    const c = draftToCall(full('call_api'), { token: 'TOKEN', tokenType: 'DPoP' });
    assert.deepEqual(c, {
      operation: 'call_api',
      params: {
        method: 'POST',
        url: 'https://api.example/items?x=1',
        headers: extraParams(full('call_api')),
        body: '{"a":1}',
        accessToken: 'TOKEN',
        tokenType: 'DPoP',
      },
    });
    // A GET sends no body, and no scope/resource/audience of the form reach an API call.
    const get = draftToCall({ ...full('call_api'), apiMethod: 'GET', extra: [] }, { token: 'TOKEN' });
    assert.deepEqual(get, { operation: 'call_api', params: { method: 'GET', url: 'https://api.example/items?x=1', accessToken: 'TOKEN' } });
    // The preview builds the core's own API request: the workbench's Authorization/DPoP are never taken from the form.
    const op = previewOperation(
      draftToCall(
        {
          ...full('call_api'),
          extra: [
            { name: 'Authorization', value: 'Basic x' },
            { name: 'X-Trace', value: '1' },
          ],
        },
        T,
      ),
      profile,
    );
    assert.equal(op.operation, 'api');
    assert.deepEqual(op.headers, [
      { name: 'X-Trace', value: '1' },
      { name: 'content-type', value: 'application/json' },
    ]);
    assert.throws(() => draftToCall({ ...full('call_api'), apiUrl: ' ' }, T), /the API URL/);
    assert.throws(() => draftToCall(full('call_api'), {}), /the access token/);
    assert.equal(OPERATIONS.call_api.authenticatesClient, false);
    assert.deepEqual(OPERATIONS.call_api.tokenKinds, ['access_token']);
  });

  it('token exchange carries subject and actor tokens with their types', () => {
    const d: Draft = { ...full('token_exchange'), requestedTokenType: 'urn:x', actorTokenType: 'urn:ietf:params:oauth:token-type:jwt' };
    const c = draftToCall(d, T);
    assert.ok(c.operation === 'token_exchange');
    assert.equal(c.params.subjectToken, 'TOKEN');
    assert.equal(c.params.subjectTokenType, 'urn:ietf:params:oauth:token-type:access_token');
    assert.equal(c.params.actorToken, 'ACTOR');
    assert.equal(c.params.actorTokenType, 'urn:ietf:params:oauth:token-type:jwt');
    assert.equal(c.params.requestedTokenType, 'urn:x');
  });

  it('jwt-bearer: signed with a subject, or a pasted assertion', () => {
    const signed = draftToCall({ ...full('jwt_bearer'), assertionSubject: 'alice' }, T);
    assert.ok(signed.operation === 'jwt_bearer' && signed.params.subject === 'alice' && signed.params.assertion === undefined);
    const pasted = draftToCall({ ...full('jwt_bearer'), assertionSource: 'pasted', pastedAssertion: ' eyJ.a.b ' }, T);
    assert.ok(pasted.operation === 'jwt_bearer' && pasted.params.assertion === 'eyJ.a.b');
    assert.throws(() => draftToCall({ ...full('jwt_bearer'), assertionSource: 'pasted' }, T), /paste the assertion/);
  });

  it('authorization code: prompt and PAR go to the flow; the preview redeems placeholders', () => {
    const c = draftToCall(full('authorization_code'), T);
    assert.ok(c.operation === 'authorization_code');
    assert.deepEqual(c.options.extra?.[0], { name: 'prompt', value: 'login' });
    assert.equal(c.options.usePar, true);
    const op = previewOperation(c, profile);
    assert.equal(op.form.find((p) => p.name === 'code')?.value, FLOW_PLACEHOLDER.code);
    assert.equal(op.form.find((p) => p.name === 'code')?.secret, true);
  });

  it('names what is missing', () => {
    assert.throws(() => draftToCall(emptyDraft('introspect'), {}), /token to introspect/);
    assert.throws(() => draftToCall(emptyDraft('revoke'), {}), /token to revoke/);
    assert.throws(() => draftToCall(emptyDraft('refresh_token'), {}), /refresh token/);
    assert.throws(() => draftToCall(emptyDraft('token_exchange'), {}), /subject token/);
    assert.throws(() => draftToCall(emptyDraft('userinfo'), {}), /access token/);
    assert.throws(() => draftToCall(emptyDraft('password'), {}), /username/);
  });

  it('the audience override applies to operations that authenticate the client only', () => {
    assert.equal(profileForDraft(profile, { ...emptyDraft('introspect'), audienceMode: 'endpoint' }).audience, 'endpoint');
    assert.equal(profileForDraft(profile, emptyDraft('introspect')).audience, undefined);
    assert.equal(profileForDraft(profile, { ...emptyDraft('userinfo'), audienceMode: 'endpoint' }).audience, undefined);
  });

  it('operation metadata: password is marked legacy, token pickers exist where tokens are needed', () => {
    assert.equal(OPERATIONS.password.legacy, true);
    for (const op of ['refresh_token', 'token_exchange', 'introspect', 'revoke', 'userinfo'] as const) {
      assert.ok(OPERATIONS[op].fields.includes('token'), op);
      assert.ok(OPERATIONS[op].tokenKinds?.length, op);
    }
  });
});
