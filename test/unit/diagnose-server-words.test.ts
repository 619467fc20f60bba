/**
 * The server's own words and the evidence that rules causes out: the normalised server
 * answer, the phrase catalogue, recent successes, hints the configuration satisfies,
 * the wrong path on the right origin, Okta client credentials without scope — and
 * linear time on hostile bodies and headers at the response cap.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagnose, parseCurl, type Exchange, type HttpResponseRecord } from '../../src/core';
import { AADSTS, matchPhrases, PHRASES } from '../../src/core/diagnose/phrases';
import { readServerAnswer } from '../../src/core/operations/server-answer';
import { errorFromResponse } from '../../src/core/operations/parse';
import { adversarialShapes, RESPONSE_CAP_BYTES } from './helpers/adversarial';
import { assertWithinBudget } from './helpers/event-loop';
import { absent, find } from './diagnose-helpers';

const OKTA = 'https://dev-123.okta.com/oauth2/default';
const okta = {
  issuer: OKTA,
  token_endpoint: `${OKTA}/v1/token`,
  introspection_endpoint: `${OKTA}/v1/introspect`,
  revocation_endpoint: `${OKTA}/v1/revoke`,
  jwks_uri: `${OKTA}/v1/keys`,
};

function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponseRecord {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers, body, ...(json !== undefined ? { json } : {}) };
}

function exchangeOf(curl: string, r: HttpResponseRecord, operation: Exchange['operation'] = 'client_credentials'): Exchange {
  const d = parseCurl(curl);
  const request = { method: 'POST' as const, url: d.url, headers: d.headers, form: d.form };
  return { id: 'x', operation, attempts: 1, request, response: r, timings: { startedAt: new Date().toISOString(), totalMs: 1 } };
}

describe('diagnose: the server answer, normalised', () => {
  it('reads every common shape into one answer; the raw body is untouched', () => {
    const cases: Array<[HttpResponseRecord, string, string | undefined, string | undefined]> = [
      [response(401, '{"error":"invalid_client","error_description":"x"}'), 'oauth-json', 'invalid_client', 'x'],
      [response(401, '"invalid_client"'), 'json-string', 'invalid_client', undefined],
      [response(401, '{"error":{"code":"invalid_client","message":"m"}}'), 'json-nested', 'invalid_client', 'm'],
      [response(400, '{"errors":[{"code":"invalid_client","detail":"d"}]}'), 'json-list', 'invalid_client', 'd'],
      [
        response(401, '{"type":"https://e/invalid-client","title":"t","detail":"dd"}', { 'content-type': 'application/problem+json' }),
        'problem-json',
        'invalid_client',
        'dd',
      ],
      [response(401, 'error=invalid_client', { 'content-type': 'text/plain' }), 'form', 'invalid_client', undefined],
      [response(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="Client"' }), 'text', undefined, 'Unauthorized'],
      [
        response(401, '', { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' }),
        'www-authenticate',
        'invalid_token',
        'expired',
      ],
      [response(404, ''), 'empty', undefined, undefined],
      [response(401, '{"timestamp":1,"status":401,"error":"Unauthorized","path":"/oauth/token"}'), 'json-other', undefined, 'Unauthorized'],
      [
        response(400, '{"errorCode":"invalid_client","errorSummary":"Invalid value for \'client_id\' parameter."}'),
        'json-other',
        'invalid_client',
        "Invalid value for 'client_id' parameter.",
      ],
    ];
    for (const [r, shape, error, description] of cases) {
      const before = r.body;
      const a = readServerAnswer(r);
      assert.equal(a.shape, shape, r.body);
      assert.equal(a.error, error, r.body);
      assert.equal(a.description, description, r.body);
      assert.equal(r.body, before);
    }
  });

  it('errorFromResponse names a nested error and never says \'no "error" member\' when error is an object', () => {
    const e = errorFromResponse(response(401, '{"error":{"code":"invalid_client"}}'), 'token endpoint');
    assert.equal(e.code, 'OAUTH_INVALID_CLIENT');
    const other = errorFromResponse(response(401, '{"error":{"reason":"nope"}}'), 'token endpoint');
    assert.doesNotMatch(other.message, /no "error" member/);
    assert.match(other.message, /JSON body with "error" as a nested object/);
  });

  it('property: any body, content type and challenge → an answer, never a throw; the error is a short code', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 400 }), fc.json({ maxDepth: 3 })),
        fc.constantFrom('', 'application/json', 'text/plain', 'application/problem+json', 'application/x-www-form-urlencoded', 'text/html'),
        fc.string({ maxLength: 80 }),
        fc.integer({ min: 100, max: 599 }),
        (body, ct, www, status) => {
          const r = response(status, body, { ...(ct ? { 'content-type': ct } : {}), ...(www ? { 'www-authenticate': www } : {}) });
          const a = readServerAnswer(r);
          if (a.error !== undefined) assert.ok((a.error.length <= 64 && !/\s/.test(a.error)) || a.shape === 'www-authenticate', a.error);
          assert.ok((a.description?.length ?? 0) <= 1001);
          errorFromResponse(r, 'token endpoint');
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("diagnose: the server's own words outrank guesses", () => {
  it('every catalogue phrase is lower case, cites a source, and is found in a sentence that contains it', () => {
    for (const p of PHRASES) {
      assert.equal(p.text, p.text.toLowerCase());
      assert.match(p.source, /^https:\/\/\S+$|\.(js|java|properties)\b|^RFC \d+/, `${p.text}: a URL, a source file or an RFC`);
      const hits = matchPhrases(`Error: ${p.text.toUpperCase()} (trace 42)`);
      assert.ok(
        hits.some((h) => h.cause === p.cause && h.source === p.source),
        p.text,
      );
    }
    assert.equal(matchPhrases('AADSTS7000215: Invalid client secret provided.')[0]?.cause, AADSTS['7000215']);
    assert.deepEqual(matchPhrases('client authentication failed'), [], 'a generic sentence names no cause');
  });

  it('Okta "must be the endpoint invoked" without profile or metadata → top cause from the server, switch to endpoint URL; the aud mode used is named (issuer)', () => {
    // failed before: top cause INVALID_CLIENT_TRY_OTHER_AUDIENCE, evidence "aud mode used: none of issuer / token endpoint / endpoint URL"
    const jwt = unsignedAssertion({ iss: 'svc', sub: 'svc', aud: OKTA });
    const x = exchangeOf(
      `curl ${okta.token_endpoint} -d grant_type=client_credentials -d scope=api -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer -d client_assertion=${jwt}`,
      response(
        401,
        '{"error":"invalid_client","error_description":"The audience claim for client_assertion must be the endpoint invoked for the request."}',
      ),
    );
    const f = diagnose({ exchange: x });
    assert.equal(f[0]?.code, 'INVALID_CLIENT');
    assert.match(f[0].evidence.find((e) => e.startsWith('likely cause 1')) ?? '', /SERVER_STATED_CAUSE .*\(the server's own words\)/);
    assert.deepEqual(f[0].action, { kind: 'switch-audience', label: 'Switch audience to endpoint URL', args: { audience: 'endpoint' } });
    const stated = find(f, 'SERVER_STATED_CAUSE');
    assert.ok(stated.evidence.some((e) => /source: https:\/\/support\.okta\.com/.test(e)));
    assert.ok(!JSON.stringify(f).includes('none of issuer'), 'the aud mode used is named');
    absent(f, 'INVALID_CLIENT_TRY_OTHER_AUDIENCE');
  });

  it('"Confidential clients require client_secret." when the client sent none → auth-missing first, not "may not be registered"', () => {
    // failed before: most likely "The client demo may not be registered" (INVALID_CLIENT_UNKNOWN_CLIENT)
    const x = exchangeOf(
      'curl https://as.example/token -d grant_type=client_credentials -d client_id=demo',
      response(401, '{"error":"invalid_client","error_description":"Confidential clients require client_secret."}'),
    );
    const f = diagnose({ exchange: x });
    assert.match(f[0]?.title ?? '', /most likely: The server says the server found no client credentials/);
  });
});

describe('diagnose: evidence rules causes out (recent successes) and satisfied hints are dropped', () => {
  const profile = { id: 'p', name: 'p', issuer: OKTA, clientId: 'svc', authMethod: 'client_secret_basic' as const };
  const basic = Buffer.from('svc:wrong-secret-0123456789').toString('base64');
  const failed = (): Exchange =>
    exchangeOf(
      `curl ${okta.introspection_endpoint} -H 'Authorization: Basic ${basic}' -d token=abc`,
      response(401, '{"error":"invalid_client","error_description":"Client authentication failed."}'),
      'introspect',
    );

  it('right after the same client got a token with the same method: no "may not be registered", the secret guess is demoted', () => {
    // failed before: INVALID_CLIENT_UNKNOWN_CLIENT listed as a likely cause despite the success
    const without = diagnose({ exchange: failed(), profile, metadata: okta });
    find(without, 'INVALID_CLIENT_UNKNOWN_CLIENT');
    const f = diagnose({
      exchange: failed(),
      profile,
      metadata: okta,
      recentSuccesses: [{ clientId: 'svc', authMethod: 'client_secret_basic', endpoint: 'token', at: '2026-01-01T00:00:00Z' }],
    });
    absent(f, 'INVALID_CLIENT_UNKNOWN_CLIENT');
    assert.equal(find(f, 'INVALID_CLIENT_WRONG_SECRET').severity, 'info');
    assert.ok(
      find(f, 'INVALID_CLIENT').evidence.some((e) => /ruled out by a recent success: svc authenticated with client_secret_basic/.test(e)),
    );
  });

  it('a 200 with an assertion whose aud is the endpoint URL carries no Okta aud hint; an issuer aud does', () => {
    // failed before: PROVIDER_OKTA_ASSERTION_AUD on every 200 once the client used endpoint mode
    const ok = (aud: string): Exchange =>
      exchangeOf(
        `curl ${okta.token_endpoint} -d grant_type=client_credentials -d scope=api -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer -d client_assertion=${unsignedAssertion({ iss: 'svc', sub: 'svc', aud })}`,
        response(200, '{"access_token":"a","token_type":"Bearer","expires_in":3600}'),
      );
    const jwtProfile = { ...profile, authMethod: 'private_key_jwt' as const, audience: 'endpoint' as const };
    absent(diagnose({ exchange: ok(okta.token_endpoint), profile: jwtProfile, metadata: okta }), 'PROVIDER_OKTA_ASSERTION_AUD');
    find(diagnose({ exchange: ok(OKTA), profile: { ...jwtProfile, audience: 'issuer' }, metadata: okta }), 'PROVIDER_OKTA_ASSERTION_AUD');
  });

  it('"auth method not in metadata" does not outrank the real cause when the server demonstrably authenticated the client', () => {
    // failed before: top AUTH_METHOD_UNSUPPORTED (error) above the server's invalid_scope
    const md = { ...okta, token_endpoint_auth_methods_supported: ['client_secret_basic'] };
    const x = exchangeOf(
      `curl ${okta.token_endpoint} -d grant_type=client_credentials -d client_id=svc -d client_secret=s3cr3t-value-0123456789 -d scope=nope`,
      response(
        400,
        '{"error":"invalid_scope","error_description":"One or more scopes are not configured for the authorization server resource."}',
      ),
    );
    const f = diagnose({ exchange: x, profile: { ...profile, authMethod: 'client_secret_post' }, metadata: md });
    assert.equal(f[0]?.code, 'INVALID_SCOPE');
    assert.equal(find(f, 'AUTH_METHOD_UNSUPPORTED').severity, 'warning');
    // And a recent success with that very method at this endpoint drops it altogether.
    const g = diagnose({
      exchange: x,
      profile: { ...profile, authMethod: 'client_secret_post' },
      metadata: md,
      recentSuccesses: [{ clientId: 'svc', authMethod: 'client_secret_post', endpoint: 'token' }],
    });
    absent(g, 'AUTH_METHOD_UNSUPPORTED');
  });

  it('the org server path (/oauth2/v1/introspect) for a client of /oauth2/default → ENDPOINT_PATH_MISMATCH with the right URL', () => {
    const f = diagnose({
      draft: parseCurl(`curl https://dev-123.okta.com/oauth2/v1/introspect -H 'Authorization: Basic ${basic}' -d token=abc`),
      profile,
      metadata: okta,
    });
    const m = find(f, 'ENDPOINT_PATH_MISMATCH');
    assert.match(m.title, /\/oauth2\/v1\/introspect instead of \/oauth2\/default\/v1\/introspect/);
    assert.deepEqual(m.action, { kind: 'use-endpoint', label: "Use the client's endpoint", args: { url: okta.introspection_endpoint } });
  });

  it('client_credentials without scope at an Okta custom authorization server → PROVIDER_OKTA_SCOPE_REQUIRED', () => {
    const f = diagnose({
      draft: parseCurl(`curl ${okta.token_endpoint} -H 'Authorization: Basic ${basic}' -d grant_type=client_credentials`),
      profile,
      metadata: okta,
    });
    assert.equal(find(f, 'PROVIDER_OKTA_SCOPE_REQUIRED').severity, 'warning');
    absent(
      diagnose({
        draft: parseCurl(`curl ${okta.token_endpoint} -H 'Authorization: Basic ${basic}' -d grant_type=client_credentials -d scope=api`),
        profile,
        metadata: okta,
      }),
      'PROVIDER_OKTA_SCOPE_REQUIRED',
    );
  });
});

describe('diagnose: linear time on hostile server text at the response cap', () => {
  const shapes = adversarialShapes(RESPONSE_CAP_BYTES);
  it(`normaliser, phrase matcher and every after-response rule over ${shapes.length} shapes as bodies and headers stay within the budget`, async () => {
    for (const s of shapes) {
      for (const ct of ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/problem+json']) {
        const r = response(401, s.text, { 'content-type': ct, 'www-authenticate': s.text });
        await assertWithinBudget(`readServerAnswer(${s.name}, ${ct})`, () => readServerAnswer(r), undefined, 5);
      }
      await assertWithinBudget(`matchPhrases(${s.name})`, () => matchPhrases(s.text), undefined, 5);
      const x = exchangeOf(
        'curl https://as.example/token -d grant_type=client_credentials -d client_id=c -d client_secret=s',
        response(401, s.text, { 'www-authenticate': s.text }),
      );
      await assertWithinBudget(`diagnose(401 body+header: ${s.name})`, () => diagnose({ exchange: x }), undefined, 5);
      const ok = exchangeOf('curl https://as.example/revoke -d token=t -d client_id=c -d client_secret=s', response(200, s.text), 'revoke');
      await assertWithinBudget(`diagnose(200 body: ${s.name})`, () => diagnose({ exchange: ok }), undefined, 5);
    }
  });
});

/** An unsigned JWT-shaped assertion (the rules decode, they do not verify). */
function unsignedAssertion(claims: Record<string, unknown>): string {
  const b = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b({ alg: 'RS256', kid: 'k1' })}.${b({ jti: 'j', iat: now, exp: now + 60, ...claims })}.c2ln`;
}
