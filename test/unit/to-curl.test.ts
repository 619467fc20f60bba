import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { toCurl, shellQuote } from '../../src/core/curl/to-curl';
import { redactExchange, maskSecretsInText, maskToken } from '../../src/core/redaction';
import type { Exchange, HttpRequestRecord } from '../../src/core/types';

const NASTY = `it's "quoted" $HOME \`id\` $(rm -rf /) \\ ; & | > < * ? ! \n newline`;
const ASSERTION = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjIn0.c2lnbmF0dXJl';

const request: HttpRequestRecord = {
  method: 'POST',
  url: "https://as.example/token?x='y'",
  headers: [
    { name: 'authorization', value: 'Basic Y2lkOnNlY3JldA==', secret: true },
    { name: 'x-note', value: NASTY },
  ],
  form: [
    { name: 'grant_type', value: 'client_credentials' },
    { name: 'scope', value: NASTY },
    { name: 'client_secret', value: `s3cr'et $X`, secret: true },
    { name: 'client_assertion', value: ASSERTION, secret: true },
  ],
};

/** Runs the command in bash with `curl` replaced by a function that prints its arguments. */
function argv(cmd: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', `curl() { printf '%s\\0' "$@"; }\n${cmd}`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('toCurl', () => {
  it('is shell-safe: bash parses it back into exactly the request values', () => {
    const args = argv(toCurl(request, { reveal: true }));
    assert.deepEqual(args, [
      "https://as.example/token?x='y'",
      '-H',
      'authorization: Basic Y2lkOnNlY3JldA==',
      '-H',
      `x-note: ${NASTY}`,
      '--data-urlencode',
      'grant_type=client_credentials',
      '--data-urlencode',
      `scope=${NASTY}`,
      '--data-urlencode',
      `client_secret=s3cr'et $X`,
      '--data-urlencode',
      `client_assertion=${ASSERTION}`,
    ]);
  });

  it('redacts secrets by default into shell variables, which the user can set', () => {
    const cmd = toCurl(request);
    assert.ok(!cmd.includes('Y2lkOnNlY3JldA=='));
    assert.ok(!cmd.includes("s3cr'et"));
    assert.ok(!cmd.includes(ASSERTION));
    assert.match(cmd, /"\$CLIENT_SECRET"/);
    assert.match(cmd, /"\$CLIENT_ASSERTION"/);
    assert.match(cmd, /"\$BASIC_CREDENTIALS"/);
    const args = argv(cmd, { CLIENT_SECRET: 'from-env', CLIENT_ASSERTION: 'jwt-from-env', BASIC_CREDENTIALS: 'b64' });
    assert.ok(args.includes('client_secret=from-env'));
    assert.ok(args.includes('client_assertion=jwt-from-env'));
    assert.ok(args.includes('authorization: Basic b64'));
  });

  it('accepts an Exchange; GET has no data and no -X', () => {
    const ex: Exchange = {
      id: '1',
      operation: 'userinfo',
      attempts: 1,
      timings: { startedAt: '', totalMs: 0 },
      request: { method: 'GET', url: 'https://as.example/me', headers: [{ name: 'authorization', value: 'Bearer abc.def', secret: true }] },
    };
    const cmd = toCurl(ex);
    assert.deepEqual(argv(cmd, { ACCESS_TOKEN: 'T' }), ['https://as.example/me', '-H', 'authorization: Bearer T']);
    assert.ok(!cmd.includes('abc.def'));
  });

  it('shellQuote escapes single quotes', () => {
    assert.equal(shellQuote("a'b"), `'a'\\''b'`);
  });
});

describe('redaction', () => {
  const ex: Exchange = {
    id: '1',
    operation: 'client_credentials',
    attempts: 1,
    timings: { startedAt: '', totalMs: 1 },
    request,
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', 'set-cookie': 'sid=secret' },
      body: JSON.stringify({
        access_token: 'AT-1234567890abcdef',
        refresh_token: 'RT-1234567890abcdef',
        token_type: 'Bearer',
        expires_in: 60,
      }),
      json: { access_token: 'AT-1234567890abcdef', refresh_token: 'RT-1234567890abcdef', token_type: 'Bearer', expires_in: 60 },
    },
    result: { access_token: 'AT-1234567890abcdef', received_at: 1 },
  };

  it('replaces secret request values with placeholders and masks tokens, leaving the original intact', () => {
    const r = redactExchange(ex);
    const text = JSON.stringify(r);
    for (const secret of ['Y2lkOnNlY3JldA==', "s3cr'et", ASSERTION, 'AT-1234567890abcdef', 'RT-1234567890abcdef', 'sid=secret']) {
      assert.ok(!text.includes(secret), `leaked ${secret}`);
    }
    assert.equal(r.request.form?.find((p) => p.name === 'client_secret')?.value, '<client_secret>');
    assert.equal(r.request.form?.find((p) => p.name === 'client_assertion')?.value, '<client_assertion>');
    assert.equal(r.request.headers[0]?.value, 'Basic <client_credentials>');
    assert.equal((r.response?.json as Record<string, unknown>).access_token, 'AT-123…');
    assert.equal((r.response?.json as Record<string, unknown>).token_type, 'Bearer');
    assert.ok(r.response?.body.includes('AT-123…'));
    assert.equal((r.result as Record<string, unknown>).access_token, 'AT-123…');
    assert.equal(r.request.form?.find((p) => p.name === 'scope')?.value, NASTY, 'non-secret values are kept');
    // the original is untouched
    assert.equal(ex.request.form?.find((p) => p.name === 'client_secret')?.value, `s3cr'et $X`);
  });

  it('masks tokens in broken JSON, form text and bare JWTs', () => {
    assert.equal(maskToken('short'), '…');
    assert.ok(!maskSecretsInText('{"access_token":"abcdefghijklmnop", broken').includes('ghijklmnop'));
    assert.ok(!maskSecretsInText('token=abcdefghijklmnopqr&x=1').includes('ghijklmnopqr'));
    assert.ok(!maskSecretsInText(`see ${ASSERTION} here`).includes('c2lnbmF0dXJl'));
  });
});
