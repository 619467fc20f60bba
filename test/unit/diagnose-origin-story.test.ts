/**
 * The origin story, diagnosed: a developer pastes the introspection curl that sends
 * only client_id (also in the query) for the private_key_jwt `service` client.
 * Before sending, diagnose names the mismatch; the real server answers 401
 * invalid_client; after the response the same cause is ranked first, with the
 * one-click fix; the engine's own introspect (same client auth as /token) succeeds.
 */
import assert from 'node:assert/strict';
import { clientCredentials, diagnose, introspect, parseCurl, redactExchange, type CallContext, type ServerMetadata } from '../../src/core';
import { assertNoSecrets, codes, find, sendDraft } from './diagnose-helpers';
import { useAuthServer } from './server-context';

describe('diagnose: the origin story (introspection with only client_id for a private_key_jwt client)', () => {
  const server = useAuthServer();
  let ctx: CallContext;
  let metadata: ServerMetadata;
  let accessToken: string;

  before(async () => {
    metadata = server.metadata;
    ctx = server.contextFor('service');
    const t = await clientCredentials(ctx, { scope: 'api:read' });
    assert.equal(t.response?.status, 200, JSON.stringify(t.error));
    accessToken = t.result!.access_token;
  });

  const pasted = () =>
    parseCurl(`curl --location --request POST '${metadata.introspection_endpoint}?client_id=${ctx.profile.clientId}' \\
      --header 'Content-Type: application/x-www-form-urlencoded' \\
      --data-urlencode 'token=${accessToken}' \\
      --data-urlencode 'client_id=${ctx.profile.clientId}'`);

  it('before sending: names the client-authentication mismatch first, with "Add client assertion"', () => {
    const f = diagnose({ draft: pasted(), profile: ctx.profile, metadata });
    assert.equal(f[0]?.code, 'AUTH_METHOD_MISMATCH', JSON.stringify(codes(f)));
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].title, /introspection request sends only client_id, but this client authenticates with private_key_jwt/);
    assert.match(f[0].fix, /same client authentication you send to \/token/);
    assert.match(f[0].fix, /token, introspection, revocation, PAR, device authorization/);
    assert.deepEqual(f[0].action, { kind: 'add-client-assertion', label: 'Add client assertion', args: { method: 'private_key_jwt' } });
    assert.ok(f[0].evidence.includes('profile authMethod: private_key_jwt'));
    // client_id in the query changes nothing, and the diagnosis says so.
    assert.match(find(f, 'CLIENT_ID_IN_QUERY').title, /does nothing/);
    assertNoSecrets(f, [accessToken, ctx.secrets.privateKey]);
  });

  it('without a profile (discovery only) it still warns that a confidential client must authenticate', () => {
    const f = diagnose({ draft: pasted(), metadata });
    const m = find(f, 'AUTH_METHOD_MISMATCH');
    assert.equal(m.severity, 'warning');
    assert.match(m.title, /only client_id/);
  });

  it('after the real 401 invalid_client: the same cause is ranked first under the invalid_client summary', async () => {
    const ex = await sendDraft(pasted(), 'introspect');
    assert.equal(ex.response?.status, 401);
    assert.equal(ex.error?.code, 'OAUTH_INVALID_CLIENT');

    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata });
    assert.equal(f[0]?.code, 'INVALID_CLIENT', JSON.stringify(codes(f)));
    assert.equal(f[1]?.code, 'AUTH_METHOD_MISMATCH', JSON.stringify(codes(f)));
    const summary = f[0];
    assert.match(summary.title, /most likely: The introspection request sends only client_id/);
    assert.ok(
      summary.evidence.some((e) => /^error_description: "client authentication failed"$/.test(e)),
      summary.evidence.join('\n'),
    );
    assert.ok(
      summary.evidence.some((e) => e.startsWith('likely cause 1: AUTH_METHOD_MISMATCH')),
      summary.evidence.join('\n'),
    );
    assert.deepEqual(summary.action?.kind, 'add-client-assertion');
    assertNoSecrets(f, [accessToken, ctx.secrets.privateKey]);
  });

  it('a redacted record (as the shell stores it) is diagnosed the same, without placeholder noise', async () => {
    const ex = redactExchange(await sendDraft(pasted(), 'introspect'));
    assert.equal(ex.request.form?.find((p) => p.name === 'token')?.value, '<token>');
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata });
    assert.deepEqual(codes(f).slice(0, 2), ['INVALID_CLIENT', 'AUTH_METHOD_MISMATCH']);
    assert.ok(!codes(f).includes('PLACEHOLDER_VALUES'), JSON.stringify(codes(f)));
    const engine = redactExchange(await introspect(ctx, { token: accessToken }));
    const g = diagnose({ exchange: engine, profile: ctx.profile, metadata });
    assert.deepEqual(
      g.filter((x) => x.severity !== 'info').map((x) => x.code),
      [],
      'the decoded assertion kept in the record is used',
    );
  });

  it("the engine's introspect (same client authentication as /token) succeeds and leaves no error finding", async () => {
    const ex = await introspect(ctx, { token: accessToken });
    assert.equal(ex.result?.active, true);
    const f = diagnose({ exchange: ex, profile: ctx.profile, metadata });
    assert.deepEqual(
      f.filter((x) => x.severity === 'error').map((x) => x.code),
      [],
    );
    assertNoSecrets(f, [accessToken, ctx.secrets.privateKey, ex.request.form?.find((p) => p.name === 'client_assertion')?.value]);
  });
});
