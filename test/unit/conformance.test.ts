/**
 * Conformance matrix (issue "Right about every server"): the same scenarios against
 * oidc-provider and two independently written servers from npm, set up as their own
 * docs set them up. Each cell runs the engine's real operation, diagnoses the exchange
 * and asserts the TOP finding and its fix for that server. The cells become the table
 * in docs/CONFORMANCE.md: this test fails when the committed file differs from what the
 * run produced; `UPDATE_CONFORMANCE=1` makes the run write it (see docs/CONFORMANCE.md).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clientCredentials,
  decodeJwt,
  diagnose,
  generateKeyPair,
  introspect,
  revoke,
  verifyJwt,
  type CallContext,
  type ClientAuthMethod,
  type ClientProfile,
  type Exchange,
  type Finding,
  type ServerMetadata,
} from '../../src/core';
import { discover } from '../../src/core/discovery';
import { startAuthServer, type AuthServer } from '../fixtures/auth-server';
import { unsupportedGrant, versionOf, type ConformanceServer } from '../fixtures/conformance/common';
import { startNodeOAuth2Server } from '../fixtures/conformance/node-oauth2-server';
import { startOAuth2orize } from '../fixtures/conformance/oauth2orize';
import { REAL_WORLD_CASES, startRealWorldServer, type RealWorldServer } from '../fixtures/conformance/real-world';
import { conformanceMarkdown, type MatrixCell, type RealWorldRow } from './helpers/conformance-doc';

export const SCENARIOS = [
  'right secret',
  'wrong secret',
  'unknown client',
  'wrong auth method',
  'unsupported grant',
  'introspect with client auth',
  'introspect without client auth',
  'revoke with client auth',
  'revoke without client auth',
  'JWT access token decode/verify',
] as const;
type Scenario = (typeof SCENARIOS)[number];

/** What a cell must show: the top finding code (or an outcome) and a pattern its fix must match. */
interface Expect {
  top: string;
  fix?: RegExp;
}

const SECRET_FIX = /Start with the first cause: .*(secret|client_id)/;
const EXPECTED: Record<string, Partial<Record<Scenario, Expect>>> = {
  'oidc-provider': {
    'right secret': { top: 'ok' },
    'wrong secret': { top: 'INVALID_CLIENT', fix: SECRET_FIX },
    'unknown client': { top: 'INVALID_CLIENT', fix: SECRET_FIX },
    'wrong auth method': { top: 'INVALID_CLIENT', fix: /Start with the first cause: / },
    // The metadata already says so before sending: the preflight finding leads.
    'unsupported grant': { top: 'GRANT_TYPE_UNSUPPORTED', fix: /Use one of .*client_credentials/ },
    'introspect with client auth': { top: 'ok' },
    'introspect without client auth': { top: 'INVALID_CLIENT', fix: /Send the client secret as you do at \/token/ },
    'revoke with client auth': { top: 'REVOCATION_UNCONFIRMED', fix: /Introspect the token/ },
    'revoke without client auth': { top: 'INVALID_CLIENT', fix: /Send the client secret as you do at \/token/ },
    'JWT access token decode/verify': { top: 'verified' },
  },
  'node-oauth2-server': {
    'right secret': { top: 'ok' },
    'wrong secret': { top: 'INVALID_CLIENT', fix: /Check the client_id and the secret/ },
    'unknown client': { top: 'INVALID_CLIENT', fix: /Check the client_id and the secret/ },
    'wrong auth method': { top: 'INVALID_CLIENT', fix: /does not support private_key_jwt/ },
    'unsupported grant': { top: 'UNSUPPORTED_GRANT_TYPE', fix: /grant_types_supported|grant_type/ },
    'JWT access token decode/verify': { top: 'verified' },
  },
  'oauth2orize + passport': {
    'right secret': { top: 'ok' },
    'wrong secret': { top: 'INVALID_CLIENT', fix: SECRET_FIX },
    'unknown client': { top: 'INVALID_CLIENT', fix: SECRET_FIX },
    'wrong auth method': { top: 'INVALID_CLIENT', fix: /may not support JWT client authentication/ },
    'unsupported grant': { top: 'UNSUPPORTED_GRANT_TYPE', fix: /grant_type/ },
    'introspect with client auth': { top: 'ok' },
    'introspect without client auth': { top: 'INVALID_CLIENT', fix: /Basic|same client authentication/ },
    'revoke with client auth': { top: 'REVOCATION_UNCONFIRMED', fix: /Introspect the token/ },
    'revoke without client auth': { top: 'INVALID_CLIENT', fix: /Basic|same client authentication/ },
    'JWT access token decode/verify': { top: 'verified' },
  },
};

/** One server under test, seen the same way whatever library it is. */
interface Subject {
  name: string;
  implementation: string;
  issuer: string;
  metadata?: ServerMetadata;
  endpoints: ClientProfile['endpoints'];
  client: { id: string; secret: string; method: ClientAuthMethod };
  /** Extra token parameters that make the server issue a JWT access token. */
  jwtParams?: { resource?: string[]; scope?: string };
  jwt: { jwksUri: string; audience?: string };
  close(): Promise<void>;
}

function context(s: Subject, o: { clientId?: string; secret?: string; method?: ClientAuthMethod; privateKey?: string } = {}): CallContext {
  return {
    profile: {
      id: `conf-${s.name}`,
      name: s.name,
      issuer: s.issuer,
      clientId: o.clientId ?? s.client.id,
      authMethod: o.method ?? s.client.method,
      ...(o.method === 'private_key_jwt' ? { signingAlg: 'RS256' as const } : {}),
      ...(s.endpoints ? { endpoints: s.endpoints } : {}),
    },
    secrets: o.privateKey ? { privateKey: o.privateKey } : { clientSecret: o.secret ?? s.client.secret },
    ...(s.metadata ? { metadata: s.metadata } : {}),
    http: { retry: { maxRetries: 0 } },
  };
}

/** The top finding of a diagnosis (against the client's real profile), or the outcome of a clean success. */
function top(x: Exchange, real: CallContext): { cell: string; finding?: Finding } {
  const f = diagnose({ exchange: x, profile: real.profile, ...(real.metadata ? { metadata: real.metadata } : {}) });
  const first = f.find((g) => g.severity !== 'info') ?? (x.error ? f[0] : f.find((g) => g.code === 'REVOCATION_UNCONFIRMED'));
  if (!first) {
    assert.equal(x.error, undefined, `a clean success has no error: ${JSON.stringify(x.error)}`);
    return { cell: 'ok' };
  }
  return { cell: first.code, finding: first };
}

async function run(s: Subject, scenario: Scenario, rsaPem: string): Promise<{ cell: string; finding?: Finding }> {
  const real = context(s);
  switch (scenario) {
    case 'right secret':
      return top(await clientCredentials(real), real);
    case 'wrong secret':
      return top(await clientCredentials(context(s, { secret: 'not-the-secret-0123456789abcdef' })), real);
    case 'unknown client': {
      const c = context(s, { clientId: 'nobody-registered-this' });
      return top(await clientCredentials(c), c);
    }
    case 'wrong auth method': {
      const c = context(s, { method: 'private_key_jwt', privateKey: rsaPem });
      return top(await clientCredentials(c), c);
    }
    case 'unsupported grant':
      return top(await unsupportedGrant(real), real);
    case 'introspect with client auth':
    case 'introspect without client auth': {
      const t = await clientCredentials(real);
      const c = scenario.endsWith('with client auth') ? real : context(s, { method: 'none' });
      return top(await introspect(c, { token: t.result!.access_token }), real);
    }
    case 'revoke with client auth':
    case 'revoke without client auth': {
      const t = await clientCredentials(real);
      const c = scenario.endsWith('with client auth') ? real : context(s, { method: 'none' });
      return top(await revoke(c, { token: t.result!.access_token }), real);
    }
    case 'JWT access token decode/verify': {
      const t = await clientCredentials(real, s.jwtParams ?? {});
      assert.equal(t.error, undefined, JSON.stringify(t.error));
      const token = t.result!.access_token;
      assert.equal(typeof decodeJwt(token).claims['exp'], 'number');
      const v = await verifyJwt(token, {
        issuer: s.issuer,
        jwksUri: s.jwt.jwksUri,
        ...(s.jwt.audience ? { audience: s.jwt.audience } : {}),
      });
      return { cell: v.verified ? 'verified' : `not verified: ${v.error?.message ?? ''}` };
    }
  }
}

function fromConformance(c: ConformanceServer): Subject {
  return {
    name: c.name,
    implementation: c.implementation,
    issuer: c.issuer,
    endpoints: {
      token: c.tokenEndpoint,
      ...(c.introspectionEndpoint ? { introspection: c.introspectionEndpoint } : {}),
      ...(c.revocationEndpoint ? { revocation: c.revocationEndpoint } : {}),
      ...(c.jwksUri ? { jwks_uri: c.jwksUri } : {}),
    },
    client: { ...c.client, method: 'client_secret_basic' },
    jwt: { jwksUri: c.jwksUri ?? '', audience: 'urn:conformance:api' },
    close: () => c.close(),
  };
}

async function fromOidcProvider(): Promise<Subject> {
  const as: AuthServer = await startAuthServer();
  const metadata = (await discover(as.issuer)).metadata;
  const basic = as.clients.basic;
  return {
    name: 'oidc-provider',
    implementation: `oidc-provider ${versionOf('oidc-provider')}`,
    issuer: as.issuer,
    metadata,
    endpoints: undefined,
    client: { id: basic.clientId, secret: basic.clientSecret!, method: 'client_secret_basic' },
    jwtParams: { resource: [as.jwtAccessTokenResource], scope: 'api:read' },
    jwt: { jwksUri: metadata.jwks_uri!, audience: as.jwtAccessTokenResource },
    close: () => as.close(),
  };
}

describe('conformance matrix: one diagnosis, several independent servers', function () {
  this.timeout(60_000);
  const subjects: Subject[] = [];
  const cells: MatrixCell[] = [];
  const rows: RealWorldRow[] = [];
  let rw: RealWorldServer;
  let rsaPem = '';

  before(async () => {
    rsaPem = (await generateKeyPair('RSA-2048')).privateKeyPem;
    subjects.push(await fromOidcProvider(), fromConformance(await startNodeOAuth2Server()), fromConformance(await startOAuth2orize()));
    rw = await startRealWorldServer();
  });
  after(async () => {
    for (const s of subjects) await s.close();
    await rw?.close();
  });

  for (const server of Object.keys(EXPECTED)) {
    for (const scenario of SCENARIOS) {
      const want = EXPECTED[server]?.[scenario];
      it(`${server} × ${scenario} → ${want ? want.top : 'not offered by the library'}`, async () => {
        const s = subjects.find((x) => x.name === server)!;
        if (!want) {
          cells.push({ server, scenario, cell: 'not offered' });
          return;
        }
        const got = await run(s, scenario, rsaPem);
        cells.push({ server, scenario, cell: got.cell, ...(got.finding ? { fix: got.finding.fix } : {}) });
        assert.equal(got.cell, want.top, JSON.stringify(got.finding, null, 1));
        if (want.fix) assert.match(got.finding?.fix ?? '', want.fix, JSON.stringify(got.finding, null, 1));
      });
    }
  }

  for (const c of REAL_WORLD_CASES) {
    it(`real-world answer: ${c.shape} → ${c.top}`, async () => {
      const { exchange, findings } = await c.run(rw);
      const first = findings[0];
      rows.push({ shape: c.shape, cell: first?.code ?? 'none', fix: first?.fix ?? '' });
      assert.equal(first?.code, c.top, JSON.stringify(findings.slice(0, 3), null, 1));
      assert.match(first.fix, c.fix, JSON.stringify(first, null, 1));
      c.check?.(exchange, findings);
    });
  }

  it('docs/CONFORMANCE.md is the table this run produced', function () {
    if (cells.length !== Object.keys(EXPECTED).length * SCENARIOS.length || rows.length !== REAL_WORLD_CASES.length) this.skip();
    const doc = conformanceMarkdown(
      subjects.map((s) => ({ name: s.name, implementation: s.implementation })),
      [...SCENARIOS],
      cells,
      rows,
    );
    const path = join(__dirname, '../../docs/CONFORMANCE.md');
    if (process.env['UPDATE_CONFORMANCE'] === '1') writeFileSync(path, doc);
    assert.equal(
      readFileSync(path, 'utf8'),
      doc,
      'docs/CONFORMANCE.md differs from this run: rerun with UPDATE_CONFORMANCE=1 and commit it',
    );
  });
});
