import assert from 'node:assert/strict';
import { parseCurl, WorkbenchError, type DraftRequest } from '../../src/core';

const form = (d: DraftRequest) => Object.fromEntries(d.form.map((p) => [p.name, p.value]));
const query = (d: DraftRequest) => Object.fromEntries((d.query ?? []).map((p) => [p.name, p.value]));
const header = (d: DraftRequest, name: string) => d.headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
const secretNames = (d: DraftRequest) =>
  [...d.form, ...(d.query ?? [])]
    .filter((p) => p.secret)
    .map((p) => p.name)
    .sort();

function parseError(text: string): WorkbenchError {
  try {
    parseCurl(text);
  } catch (e) {
    assert.ok(e instanceof WorkbenchError, String(e));
    assert.equal(e.code, 'CURL_PARSE');
    return e;
  }
  assert.fail('expected CURL_PARSE');
}

describe('parseCurl', () => {
  it('reads Postman-style --location --request --header --data-urlencode with backslash continuations', () => {
    const d = parseCurl(`curl --location --request POST 'https://dev-123.okta.com/oauth2/default/v1/introspect' \\
--header 'Accept: application/json' \\
--header 'Content-Type: application/x-www-form-urlencoded' \\
--data-urlencode 'token=eyJraWQiOi.abc.def' \\
--data-urlencode 'token_type_hint=access_token' \\
--data-urlencode 'client_id=0oa1abcd'`);
    assert.equal(d.method, 'POST');
    assert.equal(d.url, 'https://dev-123.okta.com/oauth2/default/v1/introspect');
    assert.deepEqual(form(d), { token: 'eyJraWQiOi.abc.def', token_type_hint: 'access_token', client_id: '0oa1abcd' });
    assert.equal(header(d, 'accept')?.value, 'application/json');
    assert.equal(d.bodyFormat, 'form');
    assert.deepEqual(secretNames(d), ['token']);
    assert.equal(d.warnings, undefined);
  });

  it('splits -d a=1&b=2 pairs, decodes them, and defaults to POST', () => {
    const d = parseCurl(
      `curl https://idp.example.com/oauth/token -d 'grant_type=client_credentials&scope=api%3Aread+api%3Awrite&client_id=svc&client_secret=s3cr%2Bt'`,
    );
    assert.equal(d.method, 'POST');
    assert.deepEqual(form(d), { grant_type: 'client_credentials', scope: 'api:read api:write', client_id: 'svc', client_secret: 's3cr+t' });
    assert.deepEqual(secretNames(d), ['client_secret']);
  });

  it('joins several -d / --data / --data-raw / --data-binary options with &', () => {
    const d = parseCurl(
      `curl -X POST https://a.example/token -d grant_type=refresh_token --data refresh_token=RT1 --data-raw "client_id=c1" --data-binary 'client_secret=x'`,
    );
    assert.deepEqual(form(d), { grant_type: 'refresh_token', refresh_token: 'RT1', client_id: 'c1', client_secret: 'x' });
    assert.deepEqual(secretNames(d), ['client_secret', 'refresh_token']);
  });

  it('--data-urlencode encodes the value part exactly once (name=content, =content)', () => {
    const d = parseCurl(
      `curl https://a.example/token --data-urlencode 'scope=openid profile' --data-urlencode 'redirect_uri=https://app/cb?x=1&y=2'`,
    );
    assert.deepEqual(form(d), { scope: 'openid profile', redirect_uri: 'https://app/cb?x=1&y=2' });
  });

  it('turns -u user:pass into a Basic header marked secret', () => {
    const d = parseCurl(`curl -u 'my-client:my secret' https://a.example/oauth2/revoke -d token=abc`);
    const h = header(d, 'authorization');
    assert.ok(h);
    assert.equal(h.secret, true);
    assert.equal(h.value, `Basic ${Buffer.from('my-client:my secret').toString('base64')}`);
    const d2 = parseCurl(`curl --user only-id https://a.example/token -d grant_type=client_credentials`);
    assert.equal(header(d2, 'authorization')?.value, `Basic ${Buffer.from('only-id:').toString('base64')}`);
    assert.ok(d2.warnings?.some((w) => /prompt for the password/.test(w)));
  });

  it('marks Authorization, Cookie and token-like headers secret', () => {
    const d = parseCurl(
      `curl https://a.example/userinfo -H 'Authorization: Bearer eyJabc' -H 'X-Api-Key: k' -H 'Accept: application/json' -b 'sid=1'`,
    );
    assert.equal(header(d, 'authorization')?.secret, true);
    assert.equal(header(d, 'x-api-key')?.secret, true);
    assert.equal(header(d, 'cookie')?.secret, true);
    assert.equal(header(d, 'accept')?.secret, undefined);
    assert.equal(d.method, 'GET');
  });

  it('splits query parameters out of the URL (and from --url)', () => {
    const d = parseCurl(`curl --url 'https://a.example/oauth2/v1/introspect?client_id=abc&foo=a%20b#frag' -d token=t`);
    assert.equal(d.url, 'https://a.example/oauth2/v1/introspect');
    assert.deepEqual(query(d), { client_id: 'abc', foo: 'a b' });
  });

  it('ignores -s -v -i -L --compressed and combined clusters like -sSL, -sX POST, -XPOST', () => {
    const d = parseCurl(`curl -sSL -v -i --compressed -XPOST https://a.example/token -d grant_type=client_credentials`);
    assert.equal(d.method, 'POST');
    assert.equal(d.warnings, undefined);
    const d2 = parseCurl(`curl -sX PUT https://a.example/x`);
    assert.equal(d2.method, 'PUT');
    const d3 = parseCurl(`curl -d@body.txt https://a.example/token`);
    assert.ok(
      d3.warnings?.some((w) => /file/.test(w)),
      JSON.stringify(d3.warnings),
    );
  });

  it('accepts newline-separated arguments without any continuation character', () => {
    const d = parseCurl(`curl
  -X POST
  https://a.example/token
  -H "Content-Type: application/x-www-form-urlencoded"
  -d "grant_type=client_credentials"
  -d "client_id=c"`);
    assert.equal(d.url, 'https://a.example/token');
    assert.deepEqual(form(d), { grant_type: 'client_credentials', client_id: 'c' });
  });

  it('reads Windows cmd continuations (^) and Chrome\'s ^"...^" quoting', () => {
    const d = parseCurl(`curl "https://a.example/token" ^
  -H "Content-Type: application/x-www-form-urlencoded" ^
  --data "grant_type=client_credentials&client_id=c"`);
    assert.equal(d.url, 'https://a.example/token');
    assert.deepEqual(form(d), { grant_type: 'client_credentials', client_id: 'c' });
    const chrome = parseCurl(`curl ^"https://a.example/oauth/token^" ^
  -H ^"accept: */*^" ^
  --data-raw ^"grant_type=password^&username=u^" ^
  --compressed`);
    assert.equal(chrome.url, 'https://a.example/oauth/token');
    assert.equal(header(chrome, 'accept')?.value, '*/*');
    assert.deepEqual(form(chrome), { grant_type: 'password', username: 'u' });
  });

  it('reads PowerShell backtick continuations and curl.exe', () => {
    const d = parseCurl('curl.exe -X POST `\n  https://a.example/token `\n  -d grant_type=client_credentials');
    assert.equal(d.url, 'https://a.example/token');
    assert.deepEqual(form(d), { grant_type: 'client_credentials' });
  });

  it("handles double quotes with escapes, $'...' ANSI-C quoting and CRLF line endings", () => {
    const d = parseCurl(
      `curl -X POST "https://a.example/token" \\\r\n -H "X-Note: say \\"hi\\"" \\\r\n --data $'grant_type=client_credentials\\x26scope=a\\tb'`,
    );
    assert.equal(header(d, 'x-note')?.value, 'say "hi"');
    assert.deepEqual(form(d), { grant_type: 'client_credentials', scope: 'a\tb' });
  });

  it('keeps {placeholders}, <placeholders>, {{vars}} and $VARS as-is', () => {
    const d = parseCurl(
      `curl https://{yourOktaDomain}/oauth2/default/v1/token -d client_id=<client_id> -d 'client_secret={{secret}}' -d "client_assertion=$ASSERTION" -d scope={scope}`,
    );
    assert.equal(d.url, 'https://{yourOktaDomain}/oauth2/default/v1/token');
    assert.deepEqual(form(d), { client_id: '<client_id>', client_secret: '{{secret}}', client_assertion: '$ASSERTION', scope: '{scope}' });
    const d2 = parseCurl(`curl "\${ISSUER}/token" -d grant_type=client_credentials`);
    assert.equal(d2.url, '${ISSUER}/token');
  });

  it('reads a JSON body (-d {...} or --json) as JSON fields, bodyFormat json', () => {
    const d = parseCurl(
      `curl -X POST https://a.example/token -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials","client_id":"c","client_secret":"s","audience":"https://api"}'`,
    );
    assert.equal(d.bodyFormat, 'json');
    assert.deepEqual(form(d), { grant_type: 'client_credentials', client_id: 'c', client_secret: 's', audience: 'https://api' });
    assert.deepEqual(secretNames(d), ['client_secret']);
    const d2 = parseCurl(`curl --json '{"token":"x"}' https://a.example/introspect`);
    assert.equal(d2.bodyFormat, 'json');
    assert.equal(header(d2, 'content-type')?.value, 'application/json');
  });

  it('reads -F multipart fields, bodyFormat multipart', () => {
    const d = parseCurl(`curl https://a.example/token -F grant_type=client_credentials -F client_id=c`);
    assert.equal(d.bodyFormat, 'multipart');
    assert.deepEqual(form(d), { grant_type: 'client_credentials', client_id: 'c' });
  });

  it('-G moves data into the query string', () => {
    const d = parseCurl(`curl -G https://a.example/authorize -d response_type=code -d client_id=c`);
    assert.equal(d.method, 'GET');
    assert.deepEqual(query(d), { response_type: 'code', client_id: 'c' });
    assert.deepEqual(d.form, []);
  });

  it('drops a leading shell prompt and cuts at a pipe', () => {
    const d = parseCurl(`$ curl -s https://a.example/token -d grant_type=client_credentials | jq .`);
    assert.equal(d.url, 'https://a.example/token');
    assert.deepEqual(form(d), { grant_type: 'client_credentials' });
  });

  it('reports unknown options and -k in warnings, and skips values of known value options', () => {
    const d = parseCurl(
      `curl --frobnicate -k -o out.json -w '%{http_code}' --connect-timeout 5 --cert client.pem https://a.example/token -d grant_type=client_credentials`,
    );
    assert.equal(d.url, 'https://a.example/token');
    // An unknown option is described, not quoted: a token that lost its quotes looks like one.
    assert.ok(d.warnings?.some((w) => /Argument 1 \(12 characters\) is not a curl option/.test(w)));
    assert.ok(!JSON.stringify(d.warnings).includes('frobnicate'));
    assert.ok(d.warnings?.some((w) => /TLS certificate verification/.test(w)));
    assert.ok(d.warnings?.some((w) => /mutual TLS/.test(w)));
  });

  it('adds http:// to a URL without scheme, as curl does, with a warning', () => {
    const d = parseCurl(`curl localhost:8080/realms/demo/protocol/openid-connect/token -d grant_type=client_credentials`);
    assert.equal(d.url, 'http://localhost:8080/realms/demo/protocol/openid-connect/token');
    assert.ok(d.warnings?.some((w) => /no scheme/.test(w)));
  });

  it('moves URL userinfo into a secret Basic header, percent-decoded as curl does, and strips it from the URL', () => {
    const d = parseCurl(
      `curl -X POST 'https://my%2Did:s%3Ac%40ret+x%C3%A9@idp.example.com:8443/oauth2/token?x=1' -d grant_type=client_credentials`,
    );
    assert.equal(d.url, 'https://idp.example.com:8443/oauth2/token');
    assert.deepEqual(query(d), { x: '1' });
    const h = header(d, 'authorization');
    assert.ok(h, 'a Basic header was built');
    assert.equal(h.secret, true);
    // user ends at the first ':'; %XX decoded to bytes; '+' stays a plus.
    assert.equal(h.value, `Basic ${Buffer.from('my-id:s:c@ret+xé').toString('base64')}`);
    assert.ok(
      d.warnings?.some((w) => /user name and password .*Authorization: Basic/.test(w)),
      JSON.stringify(d.warnings),
    );
    assert.ok(!JSON.stringify(d.warnings).includes('c%40ret'), 'no warning echoes the password');
    // Without a password: user and empty password, as curl sends it.
    const d2 = parseCurl(`curl http://svc@localhost:8080/token -d grant_type=client_credentials`);
    assert.equal(d2.url, 'http://localhost:8080/token');
    assert.equal(header(d2, 'authorization')?.value, `Basic ${Buffer.from('svc:').toString('base64')}`);
    // An '@' in the path is not userinfo.
    const d3 = parseCurl(`curl https://a.example/users/me@x.org -d a=b`);
    assert.equal(d3.url, 'https://a.example/users/me@x.org');
    assert.equal(header(d3, 'authorization'), undefined);
  });

  it('lets -u (and an explicit Authorization header) win over URL userinfo, still stripping it', () => {
    const d = parseCurl(`curl -u real:pw https://old:urlsecret@a.example/token -d a=b`);
    assert.equal(d.url, 'https://a.example/token');
    const auth = d.headers.filter((h) => h.name.toLowerCase() === 'authorization');
    assert.deepEqual(
      auth.map((h) => h.value),
      [`Basic ${Buffer.from('real:pw').toString('base64')}`],
    );
    assert.ok(!JSON.stringify(d).includes('urlsecret'));
    const d2 = parseCurl(`curl -H 'Authorization: Bearer abc' https://old:urlsecret@a.example/token`);
    assert.deepEqual(
      d2.headers.filter((h) => h.name.toLowerCase() === 'authorization').map((h) => h.value),
      ['Bearer abc'],
    );
    // Without a scheme: userinfo is still taken, and the no-scheme warning does not echo it.
    const d3 = parseCurl(`curl id:urlsecret@localhost:8080/token -d a=b`);
    assert.equal(d3.url, 'http://localhost:8080/token');
    assert.ok(header(d3, 'authorization'));
    assert.ok(!JSON.stringify(d3).includes('urlsecret'), JSON.stringify(d3.warnings));
  });

  it('never echoes pasted text that may be a secret in warnings (header without colon, stray words, option values)', () => {
    const secret = 'tOpSeCrEtVaLuE123456';
    const d = parseCurl(`curl https://a.example/token -H 'Accept: */*' -H '${secret}' -d a=b`);
    const w = JSON.stringify(d.warnings);
    assert.match(w, /Header option 2 \(-H, 20 characters\) has no colon/);
    assert.ok(!w.includes(secret), w);
    // Unquoted -H Authorization: Bearer <token> turns the token into a stray "URL".
    const d2 = parseCurl(`curl https://a.example/userinfo -H Authorization: Bearer ${secret}`);
    assert.ok(d2.warnings?.some((x) => /Argument 5 \(20 characters\) is neither an option nor a URL/.test(x)));
    assert.ok(!JSON.stringify(d2.warnings).includes(secret), JSON.stringify(d2.warnings));
    const d3 = parseCurl(`curl https://a.example/token --client-secret=${secret}`);
    assert.ok(
      d3.warnings?.some((x) => /Argument 2 \(36 characters\) is not a curl option/.test(x)),
      JSON.stringify(d3.warnings),
    );
    assert.ok(!JSON.stringify(d3.warnings).includes(secret));
    const d4 = parseCurl(`curl 'https://a.example/token?client_secret=${secret}' https://b.example/x`);
    assert.ok(!JSON.stringify(d4.warnings).includes(secret), JSON.stringify(d4.warnings));
  });

  it('fails with CURL_PARSE naming an unclosed quote and its position', () => {
    const e = parseError(`curl https://a.example/token \\\n -d 'grant_type=client_credentials`);
    assert.match(e.message, /quote opened at line 2, column 5/);
  });

  it('fails with CURL_PARSE when the text is not a curl command, or empty, or has no URL', () => {
    assert.match(parseError('wget https://a.example').message, /starts with "wget", not with curl/);
    // A stray token pasted instead of a command is described, never echoed.
    const token = 'eyJhbGciOiJSUzI1NiJ9.SECRETPAYLOADxyz.sig';
    const e = parseError(`${token} https://a.example`);
    assert.match(e.message, /starts with a word of 41 characters, not with curl/);
    assert.ok(!e.message.includes('SECRETPAYLOAD'), e.message);
    assert.match(parseError('   ').message, /empty/);
    assert.match(parseError('curl -X POST -d a=b').message, /has no URL/);
    assert.match(parseError('curl https://a.example -H').message, /option -H at the end/);
  });
});
