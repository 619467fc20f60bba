/**
 * Shared client files: parsed by the core for the extension and the CLI alike —
 * secret-free (secret fields ignored and reported), invalid entries skipped with the
 * reason, ids stable per issuer and client, drift against discovery reported.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CLIENT_FILE_MAX_BYTES,
  clientFileDocument,
  ConfigError,
  endpointDrift,
  fileClientId,
  parseClientFile,
  type ServerMetadata,
} from '../../src/core';
import { adversarialShapes } from './helpers/adversarial';
import { assertWithinBudget } from './helpers/event-loop';

const issuer = 'https://login.example.com/oauth2/default';

describe('shared client files', () => {
  it('reads the clients, drops secret fields and reports them without their values', async () => {
    const text = JSON.stringify({
      format: 'oauth-workbench.clients',
      version: 1,
      clients: [
        { id: 'billing', name: 'Billing', issuer, clientId: 'bill', authMethod: 'private_key_jwt', privateKey: 'LEAKED-KEY-VALUE' },
        { name: 'Reports Svc', issuer, clientId: 'rep', clientSecret: 'LEAKED-SECRET', clientSecretFile: '/etc/passwd' },
      ],
    });
    const r = await parseClientFile(text, 'oauth-clients.json');
    assert.deepEqual(
      r.clients.map((c) => [c.fileId, c.profile.name, c.profile.authMethod]),
      [
        ['billing', 'Billing', 'private_key_jwt'],
        ['reports-svc', 'Reports Svc', 'client_secret_basic'],
      ],
    );
    assert.deepEqual(r.ignoredSecrets, ['client 1: privateKey', 'client 2: clientSecret', 'client 2: clientSecretFile']);
    const all = JSON.stringify(r);
    for (const leaked of ['LEAKED', '/etc/passwd']) assert.ok(!all.includes(leaked), `${leaked} is not kept`);
  });

  it('gives a file client an internal id bound to its issuer and client_id', async () => {
    const [a] = (await parseClientFile(JSON.stringify({ clients: [{ id: 'x', issuer, clientId: 'one' }] }), 'f')).clients;
    const [b] = (await parseClientFile(JSON.stringify({ clients: [{ id: 'x', issuer, clientId: 'two' }] }), 'f')).clients;
    assert.match(a!.profile.id, /^file-x-[A-Za-z0-9_-]{8}$/);
    assert.notEqual(a!.profile.id, b!.profile.id, 'same file id, different client: different secrets');
    assert.equal(a!.profile.id, fileClientId('x', issuer, 'one'), 'stable across files and machines');
  });

  it('skips invalid entries and repeated clients with the reason, keeps the rest', async () => {
    const r = await parseClientFile(
      JSON.stringify({
        clients: [
          { name: 'A', issuer, clientId: 'a' },
          { name: 'A', issuer, clientId: 'a' },
          { name: 'C', issuer: 'not a url', clientId: 'c' },
          { name: 'A', issuer, clientId: 'other' },
        ],
      }),
      'team.json',
    );
    assert.deepEqual(
      r.clients.map((c) => c.profile.clientId),
      ['a', 'other'],
      'the same file id for another client is another client',
    );
    assert.match(r.problems[0]!, /team\.json client 2 repeats client 1 \(same id, issuer and client_id\)/);
    assert.match(r.problems[1]!, /team\.json client 3: "issuer" must be an absolute http\(s\) URL/);
  });

  it('reads the older export format and bare lists; refuses what is not a client list', async () => {
    assert.equal((await parseClientFile(JSON.stringify({ profiles: [{ issuer, clientId: 'a' }] }), 'f')).clients.length, 1);
    assert.equal((await parseClientFile(JSON.stringify([{ issuer, clientId: 'a' }]), 'f')).clients.length, 1);
    await assert.rejects(parseClientFile('{"hello": 1}', 'f.json'), /f\.json has no "clients" list/);
    await assert.rejects(
      parseClientFile('{ // comment\n}', 'f.json'),
      (e: unknown) => e instanceof ConfigError && /not valid JSON/.test(e.message),
    );
  });

  it('writes a document that reads back to the same clients', async () => {
    const { clients } = await parseClientFile(
      JSON.stringify({ clients: [{ id: 'b', name: 'B', issuer, clientId: 'b', audience: 'endpoint', scope: 'x y' }] }),
      'f',
    );
    const doc = clientFileDocument(clients.map((c) => ({ ...c.profile, fileId: c.fileId })));
    assert.equal(doc.format, 'oauth-workbench.clients');
    const again = (await parseClientFile(JSON.stringify(doc), 'f')).clients;
    assert.deepEqual(again, clients);
  });

  it('property: any text either parses or fails with a ConfigError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (text) => {
        try {
          await parseClientFile(text, 'f');
        } catch (e) {
          assert.ok(e instanceof ConfigError, String(e));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses nesting deeper than 16 levels before parsing, but not a large export (more values than a server document may have)', async () => {
    const nested = (n: number) => `{"clients":[{"name":"a","issuer":"${issuer}","clientId":"a","x":${'['.repeat(n)}${']'.repeat(n)}}]}`;
    assert.equal((await parseClientFile(nested(13), 'ok.json')).clients.length, 1, '3 levels of the file + 13 = 16');
    await assert.rejects(parseClientFile(nested(14), 'deep.json'), /deep\.json nests deeper than 16 levels/);
    // A bracket inside a string is text, not nesting.
    const quoted = `{"clients":[{"name":"${'[{'.repeat(40)}","issuer":"${issuer}","clientId":"q"}]}`;
    assert.equal((await parseClientFile(quoted, 'q.json')).clients.length, 1);
    const fields = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`x${i}`, i]));
    const wide = JSON.stringify({
      clients: Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}`, issuer, clientId: `c${i}`, ...fields })),
    });
    assert.equal((await parseClientFile(wide, 'wide.json')).clients.length, 1000, '15,000 values: only the size cap bounds them');
  });

  it('refuses text over its 512 KiB cap before parsing, and reads hostile text at the cap within the budget', async () => {
    await assert.rejects(parseClientFile(' '.repeat(CLIENT_FILE_MAX_BYTES + 1), 'big.json'), /larger than 512 KiB/);
    for (const { name, text } of adversarialShapes(CLIENT_FILE_MAX_BYTES)) {
      await assertWithinBudget(`client file of ${name}`, async () => {
        try {
          await parseClientFile(text, 'f');
        } catch (e) {
          assert.ok(e instanceof ConfigError, String(e));
        }
      });
    }
    const many = JSON.stringify({ clients: Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}`, issuer, clientId: `c${i}` })) });
    // Thousands of clients are read in slices, so the event loop keeps turning.
    await assertWithinBudget('client file with 1,000 clients', async () =>
      assert.equal((await parseClientFile(many, 'f')).clients.length, 1000),
    );
  });

  describe('drift against discovery', () => {
    const metadata: ServerMetadata = {
      issuer,
      token_endpoint: `${issuer}/v1/token`,
      introspection_endpoint: `${issuer}/v1/introspect`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    };
    const base = { id: 'p', name: 'P', issuer, clientId: 'c', authMethod: 'private_key_jwt' as const };

    it('reports a pinned endpoint that discovery moved, one the server no longer advertises, and an unsupported auth method', () => {
      const drift = endpointDrift(
        {
          ...base,
          authMethod: 'client_secret_jwt',
          endpoints: {
            token: `${issuer}/v1/token`,
            introspection: 'https://old.example/introspect',
            revocation: 'https://old.example/revoke',
          },
        },
        metadata,
      );
      assert.deepEqual(
        drift.map((d) => [d.field, d.discovered]),
        [
          ['introspection', `${issuer}/v1/introspect`],
          ['revocation', undefined],
          ['authMethod', undefined],
        ],
      );
      assert.match(drift[0]!.message, /pins the introspection endpoint to https:\/\/old\.example\/introspect, discovery says/);
      assert.match(drift[2]!.message, /supports only client_secret_basic, private_key_jwt/);
    });

    it('reports nothing when the file agrees with discovery', () => {
      assert.deepEqual(endpointDrift({ ...base, endpoints: { token: `${issuer}/v1/token` } }, metadata), []);
      assert.deepEqual(endpointDrift(base, metadata), []);
    });
  });
});
