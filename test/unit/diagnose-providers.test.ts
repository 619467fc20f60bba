/**
 * Provider recognition and provider-aware checks: Okta (org vs custom authorization
 * server, aud = endpoint URL, same client auth at introspection), Entra ID (aud =
 * token endpoint, scope /.default, no introspection), Auth0 (audience parameter, aud
 * with trailing slash), Keycloak (aud issuer or token endpoint, introspection URL).
 * Pasted curls carry assertions really signed with jose; the metadata mirrors each
 * provider's published discovery document (no network: these are SaaS providers).
 */
import assert from 'node:assert/strict';
import { generateKeyPair, SignJWT } from 'jose';
import { detectProvider, diagnose, parseCurl, providerHints, type ClientProfile, type ServerMetadata } from '../../src/core';
import { absent, assertNoSecrets, codes, find } from './diagnose-helpers';

const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const keyPromise = generateKeyPair('RS256').then((k) => k.privateKey);
async function assertion(clientId: string, aud: string, extra: Record<string, unknown> = {}): Promise<string> {
  const t = Math.floor(Date.now() / 1000);
  const key = await keyPromise;
  return new SignJWT({ jti: `jti-${Math.random()}`, ...extra })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(aud)
    .setIssuedAt(t)
    .setExpirationTime(t + 60)
    .sign(key);
}
const profile = (issuer: string, clientId: string, o: Partial<ClientProfile> = {}): ClientProfile => ({
  id: clientId,
  name: clientId,
  issuer,
  clientId,
  authMethod: 'private_key_jwt',
  ...o,
});

describe('diagnose: provider recognition and hints', () => {
  it('recognises Okta org and custom authorization servers, Entra ID, Auth0, Keycloak, and nothing else', () => {
    assert.deepEqual(detectProvider('https://dev-123.okta.com'), {
      kind: 'okta',
      name: 'Okta (org authorization server)',
      oktaOrgServer: true,
      acceptedAudiences: ['endpoint'],
    });
    assert.equal(detectProvider('https://acme.oktapreview.com/oauth2/aus1abc').name, 'Okta (custom authorization server aus1abc)');
    assert.equal(detectProvider('https://acme.okta-emea.com/oauth2/default').kind, 'okta');
    assert.equal(detectProvider('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0').kind, 'entra');
    assert.equal(detectProvider('https://acme.eu.auth0.com/').kind, 'auth0');
    assert.equal(detectProvider('https://sso.acme.io/realms/prod').kind, 'keycloak');
    assert.equal(detectProvider('https://sso.acme.io/auth/realms/prod/').kind, 'keycloak');
    assert.equal(detectProvider('https://accounts.google.com').kind, 'generic');
    assert.deepEqual(providerHints('https://accounts.google.com'), []);
  });

  it("each provider's hints carry https documentation links at the provider", () => {
    const cases: Array<[string, string[], RegExp]> = [
      [
        'https://dev-123.okta.com',
        ['PROVIDER_OKTA_ORG_SERVER', 'PROVIDER_OKTA_ASSERTION_AUD', 'PROVIDER_OKTA_SAME_CLIENT_AUTH'],
        /^https:\/\/developer\.okta\.com\//,
      ],
      [
        'https://dev-123.okta.com/oauth2/default',
        ['PROVIDER_OKTA_ASSERTION_AUD', 'PROVIDER_OKTA_SAME_CLIENT_AUTH'],
        /^https:\/\/developer\.okta\.com\//,
      ],
      [
        'https://login.microsoftonline.com/tid/v2.0',
        ['PROVIDER_ENTRA_ASSERTION_AUD', 'PROVIDER_ENTRA_SCOPE_DEFAULT', 'PROVIDER_ENTRA_NO_INTROSPECTION'],
        /^https:\/\/learn\.microsoft\.com\//,
      ],
      ['https://acme.us.auth0.com/', ['PROVIDER_AUTH0_AUDIENCE_PARAM', 'PROVIDER_AUTH0_ASSERTION_AUD'], /^https:\/\/auth0\.com\/docs\//],
      [
        'https://sso.acme.io/realms/prod',
        ['PROVIDER_KEYCLOAK_ASSERTION_AUD', 'PROVIDER_KEYCLOAK_INTROSPECTION'],
        /^https:\/\/www\.keycloak\.org\//,
      ],
    ];
    for (const [issuer, expected, docs] of cases) {
      const h = providerHints(issuer);
      assert.deepEqual(codes(h), expected, issuer);
      for (const f of h) {
        assert.match(f.docs ?? '', docs, `${f.code} docs`);
        assert.equal(f.severity, 'info');
      }
    }
    const kc = providerHints('https://sso.acme.io/realms/prod').find((f) => f.code === 'PROVIDER_KEYCLOAK_INTROSPECTION')!;
    assert.ok(kc.evidence.includes('introspection endpoint: https://sso.acme.io/realms/prod/protocol/openid-connect/token/introspect'));
  });
});

describe('diagnose: Okta', () => {
  const issuer = 'https://dev-123.okta.com/oauth2/default';
  const md: ServerMetadata = {
    issuer,
    token_endpoint: `${issuer}/v1/token`,
    introspection_endpoint: `${issuer}/v1/introspect`,
    revocation_endpoint: `${issuer}/v1/revoke`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
    introspection_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'none',
    ],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'password', 'client_credentials'],
  };
  const p = profile(issuer, '0oa1svc');

  it('introspection with an assertion whose aud is the issuer → ASSERTION_AUD_MISMATCH: Okta wants the endpoint URL', async () => {
    const jwt = await assertion('0oa1svc', issuer);
    const f = diagnose({
      draft: parseCurl(`curl ${md.introspection_endpoint} -d token=opaque -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`),
      profile: p,
      metadata: md,
    });
    assert.equal(f[0]?.code, 'ASSERTION_AUD_MISMATCH', JSON.stringify(codes(f)));
    assert.equal(f[0].title, 'Okta wants the assertion aud to be the URL of the endpoint being called, not the issuer');
    assert.match(f[0].fix, /Set the assertion aud to https:\/\/dev-123\.okta\.com\/oauth2\/default\/v1\/introspect \(the endpoint URL\)/);
    assert.deepEqual(f[0].action, { kind: 'switch-audience', label: 'Switch audience to endpoint URL', args: { audience: 'endpoint' } });
    assert.match(f[0].docs ?? '', /developer\.okta\.com/);
    // The request already authenticates the client at introspection: that hint is satisfied (noise).
    absent(f, 'PROVIDER_OKTA_SAME_CLIENT_AUTH');
    find(f, 'PROVIDER_OKTA_ASSERTION_AUD');
    assertNoSecrets(f, [jwt]);
  });

  it('the token endpoint URL as aud is right at /v1/token but wrong at /v1/introspect', async () => {
    const jwt = await assertion('0oa1svc', md.token_endpoint!);
    absent(
      diagnose({
        draft: parseCurl(
          `curl ${md.token_endpoint} -d grant_type=client_credentials -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
        ),
        profile: p,
        metadata: md,
      }),
      'ASSERTION_AUD_MISMATCH',
    );
    find(
      diagnose({
        draft: parseCurl(`curl ${md.introspection_endpoint} -d token=x -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`),
        profile: p,
        metadata: md,
      }),
      'ASSERTION_AUD_MISMATCH',
    );
  });

  it('a token from the org authorization server introspected at the custom one → TOKEN_OTHER_ISSUER and the org-server hint', async () => {
    const key = await keyPromise;
    const orgToken = await new SignJWT({ scp: ['okta.users.read'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://dev-123.okta.com')
      .setAudience('https://dev-123.okta.com')
      .setExpirationTime('1h')
      .sign(key);
    const jwt = await assertion('0oa1svc', md.introspection_endpoint!);
    const f = diagnose({
      draft: parseCurl(
        `curl ${md.introspection_endpoint} -d token=${orgToken} -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
      ),
      profile: p,
      metadata: md,
    });
    find(f, 'TOKEN_OTHER_ISSUER');
    const org = find(f, 'PROVIDER_OKTA_ORG_SERVER');
    assert.match(org.fix, /https:\/\/dev-123\.okta\.com\/oauth2\/default/);
    assertNoSecrets(f, [orgToken, jwt]);
  });
});

describe('diagnose: Microsoft Entra ID', () => {
  const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const issuer = `https://login.microsoftonline.com/${tenant}/v2.0`;
  const md: ServerMetadata = {
    issuer,
    token_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  };
  const p = profile(issuer, 'app-guid');

  it('client credentials with scope User.Read → PROVIDER_ENTRA_SCOPE_DEFAULT (error); with /.default → none', async () => {
    const jwt = await assertion('app-guid', md.token_endpoint!);
    const bad = diagnose({
      draft: parseCurl(
        `curl ${md.token_endpoint} -d grant_type=client_credentials -d scope=User.Read -d client_id=app-guid -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
      ),
      profile: p,
      metadata: md,
    });
    const s = find(bad, 'PROVIDER_ENTRA_SCOPE_DEFAULT');
    assert.equal(s.severity, 'error');
    assert.match(s.title, /rejects scope "User\.Read"/);
    const good = diagnose({
      draft: parseCurl(
        `curl ${md.token_endpoint} -d grant_type=client_credentials --data-urlencode scope=https://graph.microsoft.com/.default -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
      ),
      profile: p,
      metadata: md,
    });
    assert.deepEqual(
      good.filter((f) => f.severity !== 'info').map((f) => f.code),
      [],
    );
    // The assertion already uses the token endpoint as aud: the Entra aud hint is satisfied, so not shown (noise).
    absent(good, 'PROVIDER_ENTRA_ASSERTION_AUD');
  });

  it('an assertion with aud = issuer → ASSERTION_AUD_MISMATCH asking for the token endpoint', async () => {
    const jwt = await assertion('app-guid', issuer);
    const f = find(
      diagnose({
        draft: parseCurl(
          `curl ${md.token_endpoint} -d grant_type=client_credentials --data-urlencode scope=api://x/.default -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
        ),
        profile: p,
        metadata: md,
      }),
      'ASSERTION_AUD_MISMATCH',
    );
    assert.deepEqual(f.action?.args, { audience: 'token_endpoint' });
    assert.match(f.fix, /oauth2\/v2\.0\/token \(the token endpoint\)/);
  });

  it('an introspection call → PROVIDER_ENTRA_NO_INTROSPECTION', () => {
    const f = diagnose({
      draft: parseCurl(`curl https://login.microsoftonline.com/${tenant}/oauth2/v2.0/introspect -d token=x -d client_id=app-guid`),
      profile: { ...p, authMethod: 'client_secret_post' },
      metadata: md,
    });
    assert.equal(find(f, 'PROVIDER_ENTRA_NO_INTROSPECTION').severity, 'error');
  });
});

describe('diagnose: Auth0', () => {
  const issuer = 'https://acme.us.auth0.com/';
  const md: ServerMetadata = {
    issuer,
    token_endpoint: 'https://acme.us.auth0.com/oauth/token',
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
  };
  const p = profile(issuer, 'auth0-client');

  it('client credentials without audience → PROVIDER_AUTH0_AUDIENCE_PARAM with an add-param action', () => {
    const all = diagnose({
      draft: parseCurl(
        `curl --request POST --url https://acme.us.auth0.com/oauth/token --header 'content-type: application/x-www-form-urlencoded' --data grant_type=client_credentials --data client_id=auth0-client --data client_secret=s3cr3t-value-abc`,
      ),
      profile: { ...p, authMethod: 'client_secret_post' },
      metadata: md,
    });
    const f = find(all, 'PROVIDER_AUTH0_AUDIENCE_PARAM');
    assertNoSecrets(all, ['s3cr3t-value-abc']);
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.action, { kind: 'add-param', label: 'Add audience', args: { name: 'audience' } });
  });

  it('aud without the trailing slash → ASSERTION_AUD_MISMATCH "only by a trailing slash"', async () => {
    const jwt = await assertion('auth0-client', 'https://acme.us.auth0.com');
    const f = find(
      diagnose({
        draft: parseCurl(
          `curl ${md.token_endpoint} -d grant_type=client_credentials -d audience=https://api -d client_assertion_type=${TYPE} -d client_assertion=${jwt}`,
        ),
        profile: p,
        metadata: md,
      }),
      'ASSERTION_AUD_MISMATCH',
    );
    assert.equal(f.title, "The client assertion's aud differs from the issuer only by a trailing slash");
  });
});

describe('diagnose: Keycloak', () => {
  const issuer = 'https://sso.acme.io/realms/prod';
  const md: ServerMetadata = {
    issuer,
    token_endpoint: `${issuer}/protocol/openid-connect/token`,
    introspection_endpoint: `${issuer}/protocol/openid-connect/token/introspect`,
    token_endpoint_auth_methods_supported: [
      'private_key_jwt',
      'client_secret_basic',
      'client_secret_post',
      'tls_client_auth',
      'client_secret_jwt',
    ],
  };
  const p = profile(issuer, 'kc-svc');

  it('aud = token endpoint is accepted at introspection; an unrelated aud is not; the introspection hint is shown', async () => {
    const ok = await assertion('kc-svc', md.token_endpoint!);
    const f = diagnose({
      draft: parseCurl(`curl ${md.introspection_endpoint} -d token=x -d client_assertion_type=${TYPE} -d client_assertion=${ok}`),
      profile: p,
      metadata: md,
    });
    absent(f, 'ASSERTION_AUD_MISMATCH');
    find(f, 'PROVIDER_KEYCLOAK_INTROSPECTION');
    // aud = token endpoint is one Keycloak accepts: its aud hint is satisfied, so not shown (noise).
    absent(f, 'PROVIDER_KEYCLOAK_ASSERTION_AUD');
    const bad = await assertion('kc-svc', 'https://sso.acme.io/realms/staging');
    find(
      diagnose({
        draft: parseCurl(`curl ${md.introspection_endpoint} -d token=x -d client_assertion_type=${TYPE} -d client_assertion=${bad}`),
        profile: p,
        metadata: md,
      }),
      'ASSERTION_AUD_MISMATCH',
    );
  });
});
