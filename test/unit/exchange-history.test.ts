/**
 * The one history of exchanges (src/shell/history): real exchanges with the local
 * oidc-provider are recorded, persisted to files REDACTED (no client secret, assertion
 * or token in the file — only their decoded claims), bounded in count and size,
 * read back by a new instance (as after a reload) without the raw exchanges, cleared,
 * and robust to a corrupt or hostile file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { clientCredentials, introspect, type CallContext, type Exchange } from '../../src/core';
import { isOk } from '../../src/shell/exchange-tokens';
import { ExchangeHistory, RAW_KEPT } from '../../src/shell/history/exchange-history';
import { FileHistoryStorage } from '../../src/shell/history/file-storage';
import { bound, parseHistory, toHistoryRecord, type HistoryLimits } from '../../src/shell/history/history-record';
import { secretsOf } from './helpers/exchange-secrets';
import { useAuthServer } from './server-context';

describe('exchange history: redacted, persisted, bounded, clearable', function () {
  this.timeout(30_000);
  const server = useAuthServer();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'oauth-wb-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const newHistory = (limits?: HistoryLimits) => new ExchangeHistory(new FileHistoryStorage(dir), limits);
  const record = (h: ExchangeHistory, ctx: CallContext, x: Exchange) =>
    h.add({
      profileId: 'svc',
      source: 'palette',
      exchange: x,
      findings: [],
      summary: `${x.operation} → ${x.response?.status}`,
      ok: isOk(x),
      authMethod: ctx.profile.authMethod,
    });

  it('persists a private_key_jwt exchange with a JWT access token without the assertion or the token, keeping their claims', async () => {
    const ctx = server.contextFor('service');
    const x = await clientCredentials(ctx, { scope: 'api:read', resource: [server.as.jwtAccessTokenResource] });
    assert.equal(x.response?.status, 200, x.error?.message);
    const h = newHistory();
    const r = await record(h, ctx, x);
    await h.flush();
    const files = readdirSync(dir);
    assert.deepEqual(files, ['svc.json']);
    const text = readFileSync(path.join(dir, 'svc.json'), 'utf8');
    const secrets = secretsOf(x, ctx);
    assert.ok(secrets.length >= 2, 'the exchange carried an assertion and a token');
    for (const s of secrets) assert.ok(!text.includes(s), 'no secret value in the history file');
    assert.equal(r.auth.method, 'private_key_jwt');
    assert.equal(r.auth.assertionAud, server.as.issuer);
    assert.equal(r.tokens.access_token?.claims.aud, server.as.jwtAccessTokenResource, 'the token claims are kept');
    assert.equal(h.raw(x.id)?.exchange, x, 'the raw exchange stays in memory');
  });

  it('a new instance (a reloaded window) reads the records back, without raw exchanges', async () => {
    const ctx = server.contextFor('basic');
    const token = await clientCredentials(ctx, { scope: 'api:read' });
    const accessToken = (token.result as { access_token: string }).access_token;
    const check = await introspect(ctx, { token: accessToken });
    const first = newHistory();
    await record(first, ctx, token);
    await record(first, ctx, check);
    await first.flush();
    const second = newHistory();
    const list = await second.load('svc');
    assert.deepEqual(
      list.map((r) => r.exchange.operation),
      ['client_credentials', 'introspect'],
    );
    assert.equal(second.raw(check.id), undefined, 'raw exchanges do not survive a reload');
    assert.equal((list[1]!.exchange.result as { active: boolean }).active, true);
    assert.ok(!JSON.stringify(list).includes(accessToken) && !JSON.stringify(list).includes(ctx.secrets.clientSecret!));
    assert.equal(list[0]!.exchange.request.headers.find((p) => p.name === 'authorization')?.value, 'Basic <client_credentials>');
  });

  it('keeps the newest records within the count and size limits, and raw exchanges only for the newest', async () => {
    const ctx = server.contextFor('basic');
    const x = await clientCredentials(ctx, {});
    const copies = Array.from({ length: 7 }, (_, i) => ({ ...x, id: `x${i}` }));
    const h = newHistory({ maxEntries: 5, maxChars: 1_000_000, maxBodyChars: 16_000 });
    for (const c of copies) await record(h, ctx, c);
    assert.deepEqual(
      h.list('svc').map((r) => r.id),
      ['x2', 'x3', 'x4', 'x5', 'x6'],
    );
    assert.equal(h.raw('x1'), undefined, 'a dropped record drops its raw exchange');
    const size = JSON.stringify(
      toHistoryRecord({
        profileId: 'svc',
        source: 'panel',
        exchange: x,
        findings: [],
        summary: '',
        ok: true,
        authMethod: 'client_secret_basic',
      }),
    ).length;
    const bySize = bound(
      copies.map((c) =>
        toHistoryRecord({
          profileId: 'svc',
          source: 'panel',
          exchange: c,
          findings: [],
          summary: '',
          ok: true,
          authMethod: 'client_secret_basic',
        }),
      ),
      { maxEntries: 100, maxChars: size * 3 + 10, maxBodyChars: 16_000 },
    );
    assert.deepEqual(
      bySize.kept.map((r) => r.id),
      ['x4', 'x5', 'x6'],
      'the byte bound keeps the newest that fit',
    );
    assert.ok(RAW_KEPT >= 5);
  });

  it('cuts a large response body for keeping, marked truncated', async () => {
    const ctx = server.contextFor('basic');
    const x = await clientCredentials(ctx, {});
    const big: Exchange = { ...x, response: { ...x.response!, body: 'x'.repeat(100_000), json: undefined } };
    const r = toHistoryRecord(
      { profileId: 'svc', source: 'panel', exchange: big, findings: [], summary: '', ok: true, authMethod: 'none' },
      {
        maxEntries: 10,
        maxChars: 1_000_000,
        maxBodyChars: 1000,
      },
    );
    assert.equal(r.exchange.response?.body.length, 1000);
    assert.equal(r.exchange.response?.truncated, true);
  });

  it('clear() empties the list and deletes the file; forget() too', async () => {
    const ctx = server.contextFor('basic');
    const x = await clientCredentials(ctx, {});
    const h = newHistory();
    const changes: string[] = [];
    h.onDidChange((id) => changes.push(id));
    await record(h, ctx, x);
    await h.clear('svc');
    assert.deepEqual(h.list('svc'), []);
    assert.deepEqual(readdirSync(dir), []);
    assert.ok(changes.length >= 2, 'listeners hear the add and the clear');
    await record(h, ctx, { ...x, id: 'again' });
    await h.forget('svc');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('recentSuccesses: only successful exchanges with the same method and assertion claims, newest first', async () => {
    const ctx = server.contextFor('service');
    const ok1 = await clientCredentials(ctx, {});
    const ok2 = await clientCredentials(ctx, {});
    const otherAud = await clientCredentials(
      { ...ctx, profile: { ...ctx.profile, audience: 'custom', customAudience: 'https://elsewhere' } },
      {},
    );
    assert.ok(otherAud.error, 'a wrong aud fails');
    const h = newHistory();
    for (const x of [ok1, ok2, otherAud]) await record(h, ctx, x);
    const auth = h.get('svc', ok1.id)!.auth;
    assert.deepEqual(
      h.recentSuccesses('svc', auth).map((r) => r.id),
      [ok2.id, ok1.id],
    );
    assert.deepEqual(h.recentSuccesses('svc', { ...auth, assertionAud: 'https://elsewhere' }), []);
  });

  it('a corrupt, foreign or hostile file yields no records and no exception', async () => {
    writeFileSync(path.join(dir, 'svc.json'), '{not json');
    assert.deepEqual(await newHistory().load('svc'), []);
    assert.deepEqual(parseHistory(JSON.stringify({ version: 2, records: [] }), 'svc'), []);
    assert.deepEqual(parseHistory(JSON.stringify({ version: 1, records: [{ id: 'a', profileId: 'other' }, null, 7] }), 'svc'), []);
    const ctx = server.contextFor('basic');
    const good = toHistoryRecord({
      profileId: 'svc',
      source: 'tree',
      exchange: await clientCredentials(ctx, {}),
      findings: [],
      summary: 's',
      ok: true,
      authMethod: 'client_secret_basic',
    });
    const mixed = JSON.stringify({ version: 1, records: [good, { ...good, id: 5 }, { ...good, source: 'evil' }] });
    assert.deepEqual(
      parseHistory(mixed, 'svc').map((r) => r.id),
      [good.id],
    );
  });
});
