/**
 * A pasted curl command as the panel's form (src/shell/panel/curl-draft.ts): the
 * operation from grant_type or from the client's endpoints, parameters in their
 * fields, the paste's own client authentication dropped; the rendition shown in the
 * panel hides every secret as a $VARIABLE and maps back to the values (fast-check
 * property); hostile values at the paste cap stay within the event-loop budget.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCurl } from '../../src/core';
import { draftFromCurl, hiddenValues, operationOf, redactedCurl, restoreHidden } from '../../src/shell/panel/curl-draft';
import { adversarialShapes } from './helpers/adversarial';
import { assertWithinBudget } from './helpers/event-loop';

const endpoints = {
  token: 'https://idp.example.com/oauth2/default/v1/token',
  introspection: 'https://idp.example.com/oauth2/default/v1/introspect',
  revocation: 'https://idp.example.com/oauth2/default/v1/revoke',
  userinfo: 'https://idp.example.com/oauth2/default/v1/userinfo',
};

describe('curl paste → panel draft', () => {
  it('reads the forum paste (introspection with only client_id) as an introspect draft, dropping the paste’s client auth', () => {
    const parsed = parseCurl(
      `curl --request POST '${endpoints.introspection}' --header 'Accept: application/json' --data-urlencode 'token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' --data-urlencode 'token_type_hint=access_token' --data-urlencode 'client_id=0oa1'`,
    );
    const r = draftFromCurl(parsed, endpoints);
    assert.ok(r);
    assert.equal(r.draft.operation, 'introspect');
    assert.deepEqual(r.draft.token, { source: 'pasted' });
    assert.equal(r.draft.pastedToken, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    assert.equal(r.draft.tokenTypeHint, 'access_token');
    assert.deepEqual(r.dropped, ['client_id']);
    assert.deepEqual(r.draft.extra, []);
  });

  it('maps grant types and their parameters; unknown operations give no draft', () => {
    const cc = draftFromCurl(
      parseCurl(
        `curl ${endpoints.token} -u a:b -d grant_type=client_credentials -d scope=api -d resource=urn:a -d resource=urn:b -d foo=bar`,
      ),
      endpoints,
    );
    assert.equal(cc?.draft.operation, 'client_credentials');
    assert.equal(cc.draft.scope, 'api');
    assert.equal(cc.draft.resource, 'urn:a urn:b');
    assert.deepEqual(cc.draft.extra, [{ name: 'foo', value: 'bar' }]);
    assert.deepEqual(cc.dropped, ['Authorization header']);
    const te = draftFromCurl(
      parseCurl(
        `curl ${endpoints.token} -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange -d subject_token=abc -d subject_token_type=urn:x`,
      ),
      endpoints,
    );
    assert.equal(te?.draft.operation, 'token_exchange');
    assert.equal(te.draft.subjectTokenType, 'urn:x');
    assert.equal(te.draft.pastedToken, 'abc');
    const ui = draftFromCurl(parseCurl(`curl ${endpoints.userinfo} -H 'Authorization: Bearer tok123'`), endpoints);
    assert.equal(ui?.draft.operation, 'userinfo');
    assert.equal(ui.draft.pastedToken, 'tok123');
    assert.equal(operationOf(parseCurl('curl https://elsewhere.example/api -d x=1'), endpoints), undefined);
    assert.equal(draftFromCurl(parseCurl(`curl ${endpoints.token} -d grant_type=made_up`), endpoints), undefined);
  });

  it('the shown rendition hides every secret and maps back to the paste (property)', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9._~-]{12,60}$/);
    fc.assert(
      fc.property(value, value, (token, secret) => {
        const parsed = parseCurl(`curl -u 'cid:${secret}' ${endpoints.introspection} -d 'token=${token}' -d token_type_hint=access_token`);
        const shown = redactedCurl(parsed);
        assert.ok(!shown.includes(token) && !shown.includes(secret), shown);
        const back = restoreHidden(parseCurl(shown), hiddenValues(parsed));
        assert.deepEqual(
          back.form.map((p) => [p.name, p.value]),
          parsed.form.map((p) => [p.name, p.value]),
        );
        assert.equal(
          back.headers.find((h) => h.name === 'Authorization')?.value,
          parsed.headers.find((h) => h.name === 'Authorization')?.value,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('an edited rendition keeps the hidden values of the lines it did not change', () => {
    const parsed = parseCurl(`curl ${endpoints.revocation} -d token=secret-token-value-123 -d client_id=a`);
    const edited = redactedCurl(parsed).replace("'client_id=a'", "'token_type_hint=refresh_token'");
    const back = restoreHidden(parseCurl(edited), hiddenValues(parsed));
    assert.deepEqual(
      back.form.map((p) => [p.name, p.value]),
      [
        ['token', 'secret-token-value-123'],
        ['token_type_hint', 'refresh_token'],
      ],
    );
  });

  it('hostile parameter values at 256 KiB stay within the event-loop budget', async () => {
    for (const { name, text } of adversarialShapes(256 * 1024)) {
      const parsed = {
        method: 'POST',
        url: endpoints.token,
        headers: [{ name: 'Authorization', value: `Bearer ${text}`, secret: true }],
        form: [
          { name: 'token', value: text, secret: true },
          { name: 'scope', value: text },
        ],
      };
      await assertWithinBudget(`curl-draft on ${name}`, () => {
        draftFromCurl(parsed, endpoints);
        restoreHidden(parsed, hiddenValues(parsed));
        return redactedCurl(parsed);
      });
    }
  });
});
