/**
 * SECURITY.md 19 (issue "Trust under attack", item 2): a server that echoes the call's
 * own secrets — the client secret, the Basic credentials, the client assertion, the
 * token being introspected, revoked or used — in `error_description`, non-standard JSON
 * keys, HTML, broken JSON, plain text, a form body or WWW-Authenticate, in every common
 * encoding, never gets them into any text that leaves the core or the views built on
 * it: the error, the redacted exchange, the view posted to the webview, the history
 * entry, copy-as-curl, the findings.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { CallContext } from '../../src/core/client-auth';
import { generateKeyPair } from '../../src/core/crypto/keys';
import { toCurl } from '../../src/core/curl/to-curl';
import { diagnose } from '../../src/core/diagnose';
import { introspect, revoke, userinfo } from '../../src/core/operations/endpoints';
import { clientCredentials } from '../../src/core/operations/grants';
import { redactExchange } from '../../src/core/redaction';
import type { ClientAuthMethod, Exchange } from '../../src/core/types';
import { toExchangeView, toHistoryEntry } from '../../src/shell/panel/view-model';
import { startMisbehavingServer, type MisbehavingServer, type RecordedRequest } from '../fixtures/misbehaving-server';
import { recordHostileEcho } from './helpers/figures';

const CLIENT_SECRET = `Echo s3cr3t+/=&%"\\<>ü ${randomBytes(12).toString('hex')}`;
const OPAQUE = `opaque-${randomBytes(16).toString('hex')}`;
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT_TOKEN = `${b64url({ alg: 'RS256', typ: 'at+jwt' })}.${b64url({ sub: 'alice', jti: randomBytes(8).toString('hex') })}.${randomBytes(32).toString('base64url')}`;

/** How a server may encode what it echoes. */
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  'percent-encoded': (s) => encodeURIComponent(s),
  'form-urlencoded': (s) => new URLSearchParams({ v: s }).toString().slice(2),
  base64: (s) => Buffer.from(s).toString('base64'),
  base64url: (s) => Buffer.from(s).toString('base64url'),
  'JSON-escaped': (s) => JSON.stringify(s).slice(1, -1),
  'HTML-escaped': (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
  'inside a Basic header': (s) => Buffer.from(`cid:${s}`).toString('base64'),
};

type Reply = { status?: number; headers?: Record<string, string>; body?: string };
/** Where a server may put what it echoes. */
const SHAPES: Record<string, (e: string) => Reply> = {
  'error_description (JSON)': (e) => ({
    status: 401,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'invalid_client', error_description: `Client authentication failed for ${e}` }),
  }),
  'non-standard keys (JSON)': (e) => ({
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'invalid_request', details: { accessToken: e, Access_Token: e, jwt: e, idToken: e, received: [e] } }),
  }),
  'HTML page': (e) => ({
    status: 500,
    headers: { 'content-type': 'text/html' },
    body: `<html><body><h1>Error</h1><p>Received <b>${e}</b></p><pre>client_secret=${e}</pre></body></html>`,
  }),
  'broken JSON': (e) => ({
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: `{"error":"invalid_client","error_description":"got ${JSON.stringify(e).slice(1, -1)}`,
  }),
  'plain text': (e) => ({ status: 401, headers: { 'content-type': 'text/plain' }, body: `Unauthorized: ${e} is not valid` }),
  'form body': (e) => ({
    status: 400,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `error=invalid_client&client_secret=${e}&access_token=${e}`,
  }),
  'WWW-Authenticate': (e) => ({
    status: 401,
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${e.replace(/["\\]/g, '\\$&')}"` },
    body: '',
  }),
  'successful token response': (e) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      access_token: OPAQUE.replace('opaque', 'issued'),
      token_type: 'Bearer',
      expires_in: 60,
      debug: `issued for ${e}`,
    }),
  }),
};

interface Scenario {
  name: string;
  authMethod: ClientAuthMethod;
  /** The secrets this call carries, as the server received them. */
  secrets: (req: RecordedRequest) => Record<string, string>;
  run: (ctx: CallContext) => Promise<Exchange>;
}

const bearerOf = (req: RecordedRequest): string => String(req.headers.authorization ?? '').replace(/^\w+ /, '');

const SCENARIOS: Scenario[] = [
  {
    name: 'client_secret_post token request',
    authMethod: 'client_secret_post',
    secrets: () => ({ client_secret: CLIENT_SECRET }),
    run: (ctx) => clientCredentials(ctx, { scope: 'api' }),
  },
  {
    name: 'client_secret_basic token request',
    authMethod: 'client_secret_basic',
    secrets: (req) => ({ client_secret: CLIENT_SECRET, 'Basic credentials': bearerOf(req) }),
    run: (ctx) => clientCredentials(ctx, { scope: 'api' }),
  },
  {
    name: 'client_secret_jwt token request',
    authMethod: 'client_secret_jwt',
    secrets: (req) => ({ client_secret: CLIENT_SECRET, client_assertion: req.form.get('client_assertion') ?? '' }),
    run: (ctx) => clientCredentials(ctx, { scope: 'api' }),
  },
  {
    name: 'private_key_jwt introspection',
    authMethod: 'private_key_jwt',
    secrets: (req) => ({ client_assertion: req.form.get('client_assertion') ?? '', token: OPAQUE }),
    run: (ctx) => introspect(ctx, { token: OPAQUE }),
  },
  {
    name: 'client_secret_basic revocation',
    authMethod: 'client_secret_basic',
    secrets: () => ({ token: JWT_TOKEN, client_secret: CLIENT_SECRET }),
    run: (ctx) => revoke(ctx, { token: JWT_TOKEN }),
  },
  {
    name: 'userinfo with a bearer token',
    authMethod: 'none',
    secrets: () => ({ access_token: OPAQUE }),
    run: (ctx) => userinfo(ctx, { accessToken: OPAQUE }),
  },
];

/** Every 12-character window of every encoding of `secret`: a partial echo counts as a leak too. */
function fragments(secret: string): string[] {
  const out = new Set<string>();
  for (const enc of Object.values(ENCODINGS)) {
    const f = enc(secret);
    if (f.length < 12) continue;
    for (let i = 0; i + 12 <= f.length; i++) out.add(f.slice(i, i + 12));
  }
  return [...out];
}

describe('hostile echoes: a server that echoes the call’s secrets never gets them into an output (SECURITY.md 19)', function () {
  this.timeout(120_000);
  let srv: MisbehavingServer;
  let pem: string;
  let current: { shape: (e: string) => Reply; encode: (s: string) => string; pick: string } | undefined;
  let seen: Record<string, string> = {};
  let scenario: Scenario | undefined;

  before(async () => {
    pem = (await generateKeyPair('RSA-2048')).privateKeyPem;
    const echo = {
      kind: 'echo' as const,
      respond: (req: RecordedRequest): Reply => {
        if (!current || !scenario) return { status: 500, body: 'no case' };
        seen = scenario.secrets(req);
        return current.shape(current.encode(seen[current.pick] ?? ''));
      },
    };
    srv = await startMisbehavingServer({ '/token': echo, '/introspect': echo, '/revoke': echo, '/userinfo': echo });
  });
  after(async () => {
    await srv?.close();
  });

  const contextFor = (authMethod: ClientAuthMethod): CallContext => ({
    profile: {
      id: 'echo',
      name: 'echo',
      issuer: srv.url,
      clientId: 'cid',
      authMethod,
      endpoints: {
        token: `${srv.url}/token`,
        introspection: `${srv.url}/introspect`,
        revocation: `${srv.url}/revoke`,
        userinfo: `${srv.url}/userinfo`,
      },
    },
    secrets: authMethod === 'private_key_jwt' ? { privateKey: pem } : authMethod === 'none' ? {} : { clientSecret: CLIENT_SECRET },
    http: { retry: { maxRetries: 0 } },
  });

  it('masks every echoed secret in every shape and encoding, in every output', async () => {
    let cases = 0;
    const leaks: string[] = [];
    for (const sc of SCENARIOS) {
      scenario = sc;
      const ctx = contextFor(sc.authMethod);
      // The names of the secrets this scenario carries (one dry run to learn them).
      const names = Object.keys(sc.secrets({ form: new URLSearchParams(), headers: {} } as RecordedRequest));
      for (const pick of names) {
        for (const [shapeName, shape] of Object.entries(SHAPES)) {
          for (const [encName, encode] of Object.entries(ENCODINGS)) {
            current = { shape, encode, pick };
            const x = await sc.run(ctx);
            cases++;
            const secret = seen[pick] ?? '';
            assert.ok(secret.length > 12, `${sc.name}: the server saw no ${pick}`);
            const findings = diagnose({ exchange: x, profile: ctx.profile });
            const outputs: Record<string, string> = {
              'error message': x.error?.message ?? '',
              'error excerpt': x.error?.excerpt ?? '',
              error_description: x.error?.oauth?.errorDescription ?? '',
              'redacted exchange': JSON.stringify(redactExchange(x)),
              'webview view': JSON.stringify(toExchangeView(x, findings)),
              'history entry': JSON.stringify(toHistoryEntry(x)),
              'copy as curl': toCurl(x),
              findings: JSON.stringify(findings),
            };
            const frags = fragments(secret);
            for (const [where, text] of Object.entries(outputs)) {
              if (frags.some((f) => text.includes(f))) leaks.push(`${sc.name} / ${pick} / ${shapeName} / ${encName} → ${where}`);
            }
          }
        }
      }
    }
    recordHostileEcho(cases, leaks.length);
    assert.equal(leaks.length, 0, `${leaks.length} outputs of ${cases} echoes held a secret, e.g.:\n${leaks.slice(0, 25).join('\n')}`);
  });
});
