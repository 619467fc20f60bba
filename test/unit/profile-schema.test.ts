import assert from 'node:assert/strict';
import { isParsedFields, parseProfileFields, parseStoredProfile, slugId, urlProblem } from '../../src/shell/profiles/profile-schema';
import { parseClientFile } from '../../src/core';

describe('profile schema (validation of imported, stored and argument profiles)', () => {
  const base = { issuer: 'https://login.example.com/oauth2/default', clientId: 'svc', authMethod: 'private_key_jwt' };

  it('keeps the known non-secret fields and drops everything else, secrets included', () => {
    const p = parseProfileFields(
      {
        ...base,
        name: 'Svc',
        audience: 'endpoint',
        scope: ' a  b ',
        clientSecret: 'leak',
        privateKey: 'leak',
        tokens: { access_token: 'x' },
      },
      'test',
    );
    assert.deepEqual(p, {
      name: 'Svc',
      issuer: base.issuer,
      clientId: 'svc',
      authMethod: 'private_key_jwt',
      audience: 'endpoint',
      scope: 'a b',
    });
    assert.ok(!JSON.stringify(p).includes('leak'));
  });

  it('defaults the name and the auth method', () => {
    const p = parseProfileFields({ issuer: base.issuer, clientId: 'svc' }, 'test');
    assert.equal(p.name, 'svc @ login.example.com');
    assert.equal(p.authMethod, 'client_secret_basic');
  });

  it('names the field and the problem', () => {
    assert.throws(() => parseProfileFields({ clientId: 'x' }, 'Imported profile 2'), /Imported profile 2: "issuer" is required/);
    assert.throws(
      () => parseProfileFields({ ...base, authMethod: 'magic' }, 'p'),
      /"authMethod" must be one of: none, client_secret_basic/,
    );
    assert.throws(() => parseProfileFields({ ...base, audience: 'custom' }, 'p'), /"customAudience" is required/);
    assert.throws(() => parseProfileFields({ ...base, endpoints: { tokn: 'https://x' } }, 'p'), /endpoints\.tokn/);
    assert.throws(() => parseProfileFields({ ...base, issuer: 'ftp://x' }, 'p'), /"issuer" must be an absolute http\(s\) URL/);
    assert.throws(() => parseProfileFields({ ...base, assertionLifetime: 0 }, 'p'), /assertionLifetime/);
    assert.throws(() => parseProfileFields('nope', 'p'), /expected an object/);
  });

  it('requires a safe id for stored profiles (ids become SecretStorage keys)', () => {
    assert.equal(parseStoredProfile({ ...base, id: 'a-1_B' }, 's').id, 'a-1_B');
    assert.throws(() => parseStoredProfile({ ...base, id: 'a.b' }, 's'), /"id"/);
    assert.throws(() => parseStoredProfile({ ...base, id: '../x' }, 's'), /"id"/);
  });

  it('makes ids from names and explains bad URLs', () => {
    assert.equal(slugId('  My Okta: Prod! '), 'my-okta-prod');
    assert.equal(slugId('***'), 'profile');
    assert.match(urlProblem('', 'issuer URL') ?? '', /Enter the issuer URL/);
    assert.match(urlProblem('login.example.com', 'issuer URL') ?? '', /absolute https:\/\//);
    assert.equal(urlProblem('http://127.0.0.1:8080', 'issuer URL'), undefined);
  });
});

describe('isParsedFields (a store may skip validating the parser output again)', () => {
  const base = { name: 'Svc', issuer: 'https://login.example.com', clientId: 'svc', authMethod: 'client_secret_post' };

  it("is true for the parser's output and for a client file's fields, as long as nothing in them changed", async () => {
    const parsed = parseProfileFields({ ...base, scope: ' a  b ', endpoints: { token: 'https://login.example.com/t' } }, 'test');
    assert.equal(isParsedFields(parsed), true);
    const file = await parseClientFile(JSON.stringify({ clients: [base] }), 'The file');
    assert.equal(isParsedFields(file.clients[0]!.fields), true);
  });

  it('is false for anything else: a look-alike object, a copy, and the output once changed (also deep inside)', () => {
    const parsed = parseProfileFields({ ...base, endpoints: { token: 'https://login.example.com/t' } }, 'test');
    assert.equal(isParsedFields({ ...base }), false);
    assert.equal(isParsedFields({ ...parsed }), false);
    (parsed as { issuer: string }).issuer = 'not a url';
    assert.equal(isParsedFields(parsed), false);
    const again = parseProfileFields({ ...base, endpoints: { token: 'https://login.example.com/t' } }, 'test');
    (again.endpoints as Record<string, string>).token = 'javascript:alert(1)';
    assert.equal(isParsedFields(again), false);
  });
});
