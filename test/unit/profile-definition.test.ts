/**
 * The one profile definition and what comes from it: the settings schema in package.json
 * and schemas/oauth-clients.schema.json must equal what the definition generates today
 * (run `npm run schemas` after changing the definition), the parser reads every field the
 * schemas offer, and it never throws anything but a ConfigError on any input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { clientFileSchema, settingsItemsSchema } from '../../scripts/profile-schemas';
import {
  AUDIENCE_MODES,
  CLIENT_AUTH_METHODS,
  ConfigError,
  ENDPOINT_NAMES,
  MAX_FIELD_LENGTH,
  parseClientFileEntry,
  parseProfileFields,
  parseSettingsEntry,
  PROFILE_FIELD_NAMES,
  SIGNING_ALGS,
} from '../../src/core';
import { repeatTo, RESPONSE_CAP_BYTES } from './helpers/adversarial';
import { assertWithinBudget } from './helpers/event-loop';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { items: Record<string, unknown> }> }; jsonValidation: { url: string }[] };
};
const settingsItems = () => pkg.contributes.configuration.properties['oauthWorkbench.profiles']!.items;

describe('profile definition: one source for the type, the parser and both JSON schemas', () => {
  it('package.json: the oauthWorkbench.profiles schema is the generated one (npm run schemas)', () => {
    assert.deepEqual(settingsItems(), settingsItemsSchema());
  });

  it('schemas/oauth-clients.schema.json is the generated one, and jsonValidation points to it', () => {
    const committed: unknown = JSON.parse(readFileSync(path.join(root, 'schemas', 'oauth-clients.schema.json'), 'utf8'));
    assert.deepEqual(committed, clientFileSchema());
    assert.ok(pkg.contributes.jsonValidation.some((j) => j.url === './schemas/oauth-clients.schema.json'));
  });

  it('both schemas offer every field of the definition (assertionTyp, usePar and redirectUri included), closed to others', () => {
    const fileItems = (clientFileSchema().properties as { clients: { items: Record<string, unknown> } }).clients.items;
    for (const schema of [settingsItems(), fileItems]) {
      const props = Object.keys(schema.properties as object);
      for (const f of [...PROFILE_FIELD_NAMES, 'id']) assert.ok(props.includes(f), `${f} is in the schema`);
      assert.equal(schema.additionalProperties, false);
      assert.deepEqual(schema.required, ['issuer', 'clientId']);
    }
    for (const f of ['assertionTyp', 'usePar', 'redirectUri']) assert.ok(f in (settingsItems().properties as object));
    // Secret file paths belong to the user's own settings only, never to a shared file.
    assert.ok('privateKeyFile' in (settingsItems().properties as object));
    assert.ok(!('privateKeyFile' in (fileItems.properties as object)));
  });

  it('the id length is the same in the schema and the parser (60 characters)', () => {
    const idSchema = (settingsItems().properties as Record<string, { pattern: string }>).id!;
    assert.equal(idSchema.pattern, '^[A-Za-z0-9_-]{1,60}$');
    const base = { issuer: 'https://as.example', clientId: 'c' };
    assert.equal(parseSettingsEntry({ ...base, id: 'a'.repeat(60) }, 's').id, 'a'.repeat(60));
    assert.throws(() => parseSettingsEntry({ ...base, id: 'a'.repeat(61) }, 's'), /"id" must be 1 to 60/);
    assert.throws(() => parseClientFileEntry({ ...base, id: 'a.b' }, 'f'), /"id" must be 1 to 60/);
  });

  it('reads every field the schema offers, with the values the schema allows', () => {
    const full = {
      name: 'Full',
      issuer: 'https://as.example/t',
      clientId: 'c',
      authMethod: 'private_key_jwt',
      signingAlg: 'PS256',
      keyId: 'k1',
      audience: 'custom',
      customAudience: 'https://aud.example',
      assertionLifetime: 30,
      assertionTyp: 'client-authentication+jwt',
      scope: 'a b',
      resource: ['https://api.example', 'urn:x'],
      endpoints: Object.fromEntries(ENDPOINT_NAMES.map((n) => [n, `https://as.example/${n}`])),
      discoveryWithClientId: true,
      allowInsecureHttp: false,
      redirectUri: 'http://127.0.0.1:7777/cb',
      usePar: true,
      dpop: 'always',
      dpopAlg: 'ES256',
      assertionCertificateHeader: 'x5t#S256',
      mtls: true,
      autoRefresh: false,
    };
    assert.deepEqual(Object.keys(full).sort(), [...PROFILE_FIELD_NAMES].sort(), 'the sample covers the definition');
    assert.deepEqual(parseProfileFields(full, 'full'), full);
  });

  it('property: any JSON value parses or fails with a ConfigError naming the source, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), profileLike()), (value) => {
        try {
          const p = parseProfileFields(value, 'P');
          // A parsed profile parses to itself (normalisation is idempotent).
          assert.deepEqual(parseProfileFields(p, 'P'), p);
        } catch (e) {
          assert.ok(e instanceof ConfigError, String(e));
          assert.match(e.message, /^P: /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses megabyte fields in constant time and parses the longest accepted ones within the budget', async () => {
    const big = repeatTo('a ', RESPONSE_CAP_BYTES);
    await assertWithinBudget('parse a profile with 1 MiB fields', () => {
      for (const field of ['clientId', 'scope', 'name', 'issuer'])
        assert.throws(
          () => parseProfileFields({ issuer: 'https://as.example', clientId: 'c', [field]: big }, 'big'),
          new RegExp(`"${field}" must be at most ${MAX_FIELD_LENGTH} characters`),
        );
      assert.throws(
        () => parseProfileFields({ issuer: 'https://as.example', clientId: 'c', resource: Array(100_000).fill('urn:x') }, 'big'),
        /"resource" must list at most 64 resource indicators/,
      );
    });
    const longest = repeatTo('a ', MAX_FIELD_LENGTH);
    await assertWithinBudget('parse a profile with the longest fields', () => {
      const p = parseProfileFields({ issuer: 'https://as.example', clientId: longest, scope: longest, name: longest }, 'long');
      assert.equal(p.scope?.length, MAX_FIELD_LENGTH - 1, 'whitespace collapsed, ends trimmed');
    });
  });
});

/** Objects shaped like profiles, with valid and invalid values mixed. */
function profileLike(): fc.Arbitrary<Record<string, unknown>> {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(fc.oneof(a, fc.jsonValue()), { nil: undefined });
  return fc.record(
    {
      name: maybe(fc.string()),
      issuer: maybe(fc.constantFrom('https://as.example', 'http://127.0.0.1:8080/x', ' https://a.b ', 'ftp://x', '')),
      clientId: maybe(fc.string()),
      authMethod: maybe(fc.constantFrom(...CLIENT_AUTH_METHODS)),
      signingAlg: maybe(fc.constantFrom(...SIGNING_ALGS)),
      audience: maybe(fc.constantFrom(...AUDIENCE_MODES)),
      customAudience: maybe(fc.string()),
      assertionLifetime: maybe(fc.integer({ min: -5, max: 4000 })),
      scope: maybe(fc.string()),
      resource: maybe(fc.array(fc.constantFrom('https://api.example', 'urn:a', 'nope'))),
      endpoints: maybe(fc.dictionary(fc.constantFrom(...ENDPOINT_NAMES, 'tokn'), fc.constantFrom('https://x.example/t', 'bad'))),
      usePar: maybe(fc.boolean()),
    },
    { requiredKeys: [] },
  );
}
