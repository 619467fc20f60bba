/**
 * Preflight rules triggered by real pasted curls (the shapes found in provider docs,
 * Postman exports and forum posts), against the real oidc-provider's metadata; where
 * the request can be sent, the server's answer confirms the finding.
 */
import assert from 'node:assert/strict';
import { diagnose, parseCurl, type ClientProfile, type ServerMetadata } from '../../src/core';
import { profileFor } from '../fixtures/auth-server';
import { absent, assertNoSecrets, find, sendDraft } from './diagnose-helpers';
import { useAuthServer } from './server-context';

describe('diagnose: preflight on pasted curls', () => {
  const server = useAuthServer();
  let md: ServerMetadata;
  let basic: ClientProfile;

  before(() => {
    md = server.metadata;
    basic = profileFor(server.as, 'basic').profile;
  });

  it('plain http to a remote host → INSECURE_HTTP (error, with a use-https action), not an origin mismatch', () => {
    const profile: ClientProfile = {
      id: 'r',
      name: 'remote',
      issuer: 'https://idp.example.com',
      clientId: 'c',
      authMethod: 'client_secret_basic',
    };
    const f = diagnose({ draft: parseCurl(`curl -u c:s http://idp.example.com/oauth2/token -d grant_type=client_credentials`), profile });
    const h = find(f, 'INSECURE_HTTP');
    assert.equal(h.severity, 'error');
    assert.deepEqual(h.action, { kind: 'use-https', label: 'Use https://', args: { url: 'https://idp.example.com/oauth2/token' } });
    absent(f, 'ENDPOINT_ORIGIN_MISMATCH');
    const allowed = diagnose({
      draft: parseCurl(`curl -u c:s http://idp.example.com/oauth2/token -d grant_type=client_credentials`),
      profile: { ...profile, allowInsecureHttp: true },
    });
    assert.equal(find(allowed, 'INSECURE_HTTP').severity, 'warning');
  });

  it('loopback http (this fixture) is not flagged', () => {
    absent(
      diagnose({ draft: parseCurl(`curl -u a:b ${md.token_endpoint} -d grant_type=client_credentials`), profile: basic, metadata: md }),
      'INSECURE_HTTP',
    );
  });

  it("another host than the issuer's → ENDPOINT_ORIGIN_MISMATCH offering the discovery URL; the real server still answers", async () => {
    const url = md.token_endpoint!.replace('127.0.0.1', 'localhost');
    const draft = parseCurl(
      `curl -u ${server.as.clients.basic.clientId}:${server.as.clients.basic.clientSecret} ${url} -d grant_type=client_credentials`,
    );
    const f = diagnose({ draft, profile: basic, metadata: md });
    const o = find(f, 'ENDPOINT_ORIGIN_MISMATCH');
    assert.equal(o.severity, 'warning');
    assert.deepEqual(o.action, { kind: 'use-endpoint', label: 'Use the URL from discovery', args: { url: md.token_endpoint! } });
    const ex = await sendDraft(draft, 'client_credentials');
    assert.equal(ex.response?.status, 200);
    assertNoSecrets(diagnose({ exchange: ex, profile: basic, metadata: md }), [server.as.clients.basic.clientSecret]);
  });

  it('the Okta-docs curl with {yourOktaDomain} and ${...} placeholders → PLACEHOLDER_VALUES', () => {
    const f = diagnose({
      draft: parseCurl(`curl --request POST \\
  --url https://{yourOktaDomain}/oauth2/default/v1/token \\
  --header 'accept: application/json' \\
  --header 'authorization: Basic \${base64ClientCredentials}' \\
  --header 'content-type: application/x-www-form-urlencoded' \\
  --data 'grant_type=client_credentials&scope={customScope}'`),
    });
    const p = find(f, 'PLACEHOLDER_VALUES');
    assert.equal(p.title, '3 values are still a placeholder');
    assert.ok(p.evidence.includes('URL https://{yourOktaDomain}/oauth2/default/v1/token'));
    absent(f, 'BASIC_AUTH_MALFORMED');
  });

  it('a URL that is no known endpoint → ENDPOINT_UNKNOWN (info)', () => {
    const f = diagnose({ draft: parseCurl(`curl https://api.example.com/v1/things -H 'Authorization: Bearer abc.def.ghi'`) });
    assert.equal(find(f, 'ENDPOINT_UNKNOWN').severity, 'info');
  });

  it('client_secret in the query string → SECRET_IN_QUERY, quoted without its value; the server does not read it there', async () => {
    const s = server.as.clients.post.clientSecret!;
    const draft = parseCurl(
      `curl -X POST '${md.token_endpoint}?client_id=${server.as.clients.post.clientId}&client_secret=${s}' -d grant_type=client_credentials`,
    );
    const f = diagnose({ draft, metadata: md });
    const q = find(f, 'SECRET_IN_QUERY');
    assert.deepEqual(q.evidence, [`URL query client_secret=<client_secret: ${s.length} chars>`]);
    find(f, 'CLIENT_AUTH_MISSING');
    assertNoSecrets(f, [s]);
    const ex = await sendDraft(draft, 'client_credentials');
    assert.ok((ex.response?.status ?? 0) >= 400, 'the server ignores credentials in the query');
  });

  it("introspection with only the token → CLIENT_AUTH_MISSING with the profile's concrete fix", () => {
    const service = profileFor(server.as, 'service').profile;
    const f = diagnose({ draft: parseCurl(`curl ${md.introspection_endpoint} -d token=abc`), profile: service, metadata: md });
    const m = find(f, 'CLIENT_AUTH_MISSING');
    assert.match(m.fix, /add client_assertion/);
    assert.equal(m.action?.kind, 'add-client-assertion');
  });

  it('an authorization request without code_challenge → PKCE_MISSING', () => {
    const f = diagnose({
      draft: parseCurl(
        `curl -G ${md.authorization_endpoint} -d response_type=code -d client_id=demo-public -d redirect_uri=http://127.0.0.1/callback`,
      ),
      metadata: md,
    });
    assert.equal(find(f, 'PKCE_MISSING').title, 'The authorization request sends no code_challenge');
  });

  it('endpoint is inferred from discovery URLs (oidc-provider uses /token/introspection, /me) and from the path otherwise', () => {
    const f = diagnose({ draft: parseCurl(`curl ${md.introspection_endpoint} -d client_id=x`), metadata: md });
    find(f, 'TOKEN_PARAM_MISSING');
    const g = diagnose({
      draft: parseCurl(`curl https://kc.example/realms/demo/protocol/openid-connect/token/introspect -d token=x -d client_id=y`),
    });
    find(g, 'AUTH_METHOD_MISMATCH');
    const h = diagnose({
      draft: parseCurl(`curl https://kc.example/realms/demo/protocol/openid-connect/token -d client_id=y`),
      endpoint: 'token',
    });
    find(h, 'GRANT_TYPE_MISSING');
  });
});
