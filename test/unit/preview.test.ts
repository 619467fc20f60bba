/**
 * The request panel's preview is the request the core then sends. For the fixture's
 * clients (every client-authentication method) and the panel's operations, the
 * preview (buildPreview: the draft's PanelCall → the core's buildOperation +
 * prepareRequest + the transport's headers) is compared with what arrives on the wire
 * when the panel sends the same draft (sendCall) through a recording proxy in front of
 * the real oidc-provider: method, URL, every header, and the form body byte for byte —
 * except the client assertion's fresh jti/iat/exp/signature.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, discover, type CallContext, type ServerMetadata } from '../../src/core';
import { draftToCall, profileForDraft } from '../../src/shell/panel/draft-call';
import { buildPreview, TOKEN_PLACEHOLDER } from '../../src/shell/panel/preview-request';
import { sendCall } from '../../src/shell/panel/send-call';
import { findTokens, toRequestView } from '../../src/shell/panel/view-model';
import { type Draft, emptyDraft } from '../../src/webview/protocol';
import { profileFor, startAuthServer, type AuthServer, type DemoClientName } from '../fixtures/auth-server';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaderNames: string[];
  body: string;
}

/** Records every request, then forwards it unchanged to the authorization server. */
async function startRecordingProxy(target: number): Promise<{ url: string; seen: Recorded[]; close(): Promise<void> }> {
  const seen: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
        body: body.toString('utf8'),
      });
      const fwd = httpRequest(
        { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target}` } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => res.writeHead(502).end());
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const ASSERTION_PARAMS = new Set(['client_assertion', 'assertion']);
/** Headers the HTTP layer adds for framing, which a request record does not list. */
const FRAMING_HEADERS = new Set(['host', 'content-length', 'connection']);
/** Claims that are fresh in every assertion. */
const FRESH_CLAIMS = ['jti', 'iat', 'exp', 'nbf'];

function withoutFresh(claims: Record<string, unknown>): Record<string, unknown> {
  const c = { ...claims };
  for (const k of FRESH_CLAIMS) delete c[k];
  return c;
}

describe('request panel: preview = what the core sends (recording proxy + oidc-provider)', function () {
  this.timeout(60_000);
  let as: AuthServer;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let metadata: ServerMetadata;

  before(async () => {
    as = await startAuthServer();
    proxy = await startRecordingProxy(as.port);
    metadata = (await discover(as.issuer)).metadata;
  });
  after(async () => {
    await proxy?.close();
    await as?.close();
  });

  /** A context whose endpoints point at the proxy (same paths), discovery metadata otherwise. */
  function ctxFor(name: DemoClientName): CallContext {
    const via = (u: string | undefined): string => {
      const url = new URL(u!);
      return `${proxy.url}${url.pathname}`;
    };
    const { profile, secrets } = profileFor(as, name, {
      endpoints: {
        token: via(metadata.token_endpoint),
        introspection: via(metadata.introspection_endpoint),
        revocation: via(metadata.revocation_endpoint),
        userinfo: via(metadata.userinfo_endpoint),
        device_authorization: via(metadata.device_authorization_endpoint),
      },
    });
    return { profile, secrets, metadata };
  }

  /**
   * Previews the draft, sends it as the panel does, and checks the wire request equals
   * the preview. Returns the exchange for follow-up steps.
   */
  async function previewThenSend(name: DemoClientName, draft: Draft, token?: string) {
    const base = ctxFor(name);
    // As the panel does (panelContext): the draft's audience override applies to the profile.
    const ctx: CallContext = { ...base, profile: profileForDraft(base.profile, draft) };
    const tokens = token ? { token } : {};
    const preview = await buildPreview(ctx, draft, tokens);
    assert.equal(preview.missing, null, 'nothing is missing from the draft');
    const before = proxy.seen.length;
    const call = draftToCall(draft, tokens);
    const { exchanges } = await sendCall(ctx, call, {
      signal: new AbortController().signal,
      progress: () => undefined,
      userCode: () => undefined,
      openBrowser: async () => undefined,
    });
    const x = exchanges[exchanges.length - 1]!;
    assert.equal(proxy.seen.length, before + 1, 'exactly one request went out');
    const wire = proxy.seen[before]!;

    // Method and URL.
    assert.equal(wire.method, preview.wire.method);
    const previewUrl = new URL(preview.wire.url);
    assert.equal(wire.url, previewUrl.pathname + previewUrl.search);

    // Every previewed header arrives with the same value; nothing else but framing.
    for (const h of preview.wire.headers) assert.equal(wire.headers[h.name.toLowerCase()], h.value, `header ${h.name}`);
    const previewed = new Set(preview.wire.headers.map((h) => h.name.toLowerCase()));
    for (const n of wire.rawHeaderNames) assert.ok(previewed.has(n) || FRAMING_HEADERS.has(n), `unexpected header on the wire: ${n}`);

    // The body, byte for byte, once the fresh assertions are taken from the wire.
    const sentParams = [...new URLSearchParams(wire.body)];
    const form = preview.wire.form ?? [];
    assert.deepEqual(
      sentParams.map(([n]) => n),
      form.map((p) => p.name),
      'same parameters in the same order',
    );
    const expected = new URLSearchParams();
    form.forEach((p, i) => {
      const sent = sentParams[i]![1];
      if (ASSERTION_PARAMS.has(p.name)) {
        const a = decodeJwt(p.value);
        const b = decodeJwt(sent);
        assert.deepEqual(b.header, a.header, `${p.name} header`);
        assert.deepEqual(withoutFresh(b.claims), withoutFresh(a.claims), `${p.name} claims other than jti/iat/exp/nbf`);
        assert.notEqual(b.claims.jti, a.claims.jti, 'a fresh jti on send');
        expected.append(p.name, sent);
      } else {
        expected.append(p.name, p.value);
      }
    });
    assert.equal(wire.body, form.length ? expected.toString() : '', 'form body byte for byte');

    // What the panel shows of it is masked.
    const view = toRequestView(preview.wire);
    for (const p of [...view.headers, ...view.form]) {
      if (p.secret)
        for (const secret of [ctx.secrets.clientSecret, token].filter(Boolean))
          assert.ok(!p.value.includes(secret!), `${p.name} is masked`);
    }
    return { x, preview, wire };
  }

  const AUTH_CLIENTS: DemoClientName[] = ['basic', 'post', 'secretJwt', 'rsaJwt', 'psJwt', 'ecJwt', 'edJwt'];

  for (const name of AUTH_CLIENTS) {
    it(`client_credentials + introspect + revoke for ${name}: preview equals the wire, server accepts`, async () => {
      const draft: Draft = {
        ...emptyDraft('client_credentials'),
        scope: 'api:read',
        extra: [{ name: 'x-note', value: 'a b&c=d+é/?' }],
      };
      const { x, preview, wire } = await previewThenSend(name, draft);
      assert.equal(x.response?.status, 200, `token: ${x.error?.message}`);
      const sent = new URLSearchParams(wire.body);
      assert.equal(sent.get('x-note'), 'a b&c=d+é/?', 'the extra parameter is sent exactly');
      assert.equal(sent.get('scope'), 'api:read');
      if (name.endsWith('Jwt')) assert.ok(preview.assertion, 'the preview decodes the client assertion');
      const token = findTokens(x).find((t) => t.kind === 'access_token')!.value;

      const intro = await previewThenSend(
        name,
        { ...emptyDraft('introspect'), token: { source: 'pasted' }, tokenTypeHint: 'access_token' },
        token,
      );
      assert.equal(intro.x.response?.status, 200);
      assert.equal((intro.x.response?.json as { active?: boolean }).active, true);

      const rev = await previewThenSend(name, { ...emptyDraft('revoke'), token: { source: 'pasted' } }, token);
      assert.equal(rev.x.response?.status, 200);
    });
  }

  it('jwt-bearer (signed with the profile key), userinfo, refresh and token exchange: preview equals the wire', async () => {
    const grant = await previewThenSend('rsaJwt', {
      ...emptyDraft('jwt_bearer'),
      assertionSubject: 'alice',
      scope: 'openid offline_access',
    });
    assert.equal(grant.x.response?.status, 200, grant.x.error?.message);
    const at = findTokens(grant.x).find((t) => t.kind === 'access_token')!.value;
    const rt = findTokens(grant.x).find((t) => t.kind === 'refresh_token')!.value;

    const ui = await previewThenSend('rsaJwt', { ...emptyDraft('userinfo'), token: { source: 'pasted' } }, at);
    assert.equal(ui.x.response?.status, 200, ui.x.error?.message);
    assert.equal((ui.x.response?.json as { sub?: string }).sub, 'alice');

    const refreshed = await previewThenSend('rsaJwt', { ...emptyDraft('refresh_token'), token: { source: 'pasted' } }, rt);
    assert.equal(refreshed.x.response?.status, 200, refreshed.x.error?.message);

    const exchanged = await previewThenSend(
      'rsaJwt',
      { ...emptyDraft('token_exchange'), token: { source: 'pasted' }, scope: 'openid' },
      at,
    );
    assert.equal(exchanged.x.response?.status, 200, exchanged.x.error?.message);
  });

  it('the audience override of the draft is what the assertion carries, in preview and on the wire', async () => {
    const tokenUrl = ctxFor('rsaJwt').profile.endpoints!.token!;
    const overridden = await previewThenSend('rsaJwt', { ...emptyDraft('client_credentials'), audienceMode: 'token_endpoint' });
    assert.equal(overridden.preview.assertion?.claims.aud, tokenUrl, 'preview: aud = the token endpoint URL called');
    assert.equal(overridden.x.assertion?.claims.aud, tokenUrl, 'sent: the same aud');
    const plain = await previewThenSend('rsaJwt', emptyDraft('client_credentials'));
    assert.equal(plain.preview.assertion?.claims.aud, as.issuer, 'default aud = issuer');
    assert.equal(plain.x.response?.status, 200);
  });

  it('a missing token is reported, and the rest of the request is still previewed with a placeholder', async () => {
    const p = await buildPreview(ctxFor('basic'), { ...emptyDraft('introspect'), token: { source: 'none' } }, {});
    assert.match(p.missing ?? '', /token to introspect/);
    assert.equal(p.wire.form?.find((f) => f.name === 'token')?.value, TOKEN_PLACEHOLDER);
    assert.ok(p.wire.headers.some((h) => h.name === 'authorization' && h.value.startsWith('Basic ')));
  });
});
