/**
 * After the response: OAuth error responses. `invalid_client` gets a summary with
 * the likely causes ranked (preflight findings first, then what only the server
 * knows: audience mode, key registration, secret, client registration).
 */
import { decodeJwt } from '../../crypto/jwt';
import { formValue, isRedactionMarker, safeUrl } from '../draft';
import { bodyParam, claim, humanSeconds, iso, metaField } from '../evidence';
import { BASIS_LABEL, causeRank, finding, type CauseBasis, type Finding } from '../findings';
import { audienceLabel, modesOf, otherAudienceMode } from '../audience';
import { endpointLabel, provenBySuccess, type RuleContext } from '../context';
import { tokenUnderTest } from '../preflight/tokens';
import { serverErrorOf, oauthEvidence, type OAuthErrorView } from './response-facts';
import { statedCauses } from './stated-causes';

export function oauthErrorRules(ctx: RuleContext, preflight: Finding[]): Finding[] {
  const x = ctx.exchange;
  const e = serverErrorOf(ctx);
  if (!x || !e) return [];
  // A 404 is about the URL, whatever code its body carries (ENDPOINT_NOT_FOUND says so).
  if (x.response?.status === 404 && e.error !== 'invalid_client') return [];
  // Some servers (oidc-provider among them) say invalid_request for a grant the client may not use.
  if (e.error === 'invalid_request' && /(grant type|grant_type).*not allowed for this client/i.test(e.description ?? ''))
    return [unauthorizedClient(ctx, e)];
  switch (e.error) {
    case 'invalid_client':
      return invalidClient(ctx, e, preflight);
    case 'unauthorized_client':
      return [unauthorizedClient(ctx, e)];
    case 'invalid_grant':
      return [invalidGrant(ctx, e)];
    case 'invalid_scope':
      return [invalidScope(ctx, e)];
    case 'invalid_request':
      return [invalidRequest(ctx, e, preflight)];
    case 'unsupported_grant_type': {
      const gt = ctx.draft.form.find((p) => p.name === 'grant_type');
      return [
        finding('UNSUPPORTED_GRANT_TYPE', {
          title: `The server does not support grant_type ${gt?.value ?? '(none sent)'}`,
          evidence: [
            ...oauthEvidence(x, e),
            ...(gt ? [bodyParam(gt)] : ['no grant_type in the body']),
            ...(ctx.metadata?.grant_types_supported ? [metaField('grant_types_supported', ctx.metadata.grant_types_supported)] : []),
          ],
        }),
      ];
    }
    case 'unsupported_token_type':
      return [unsupportedTokenType(ctx, e)];
    default:
      return [
        finding('OAUTH_ERROR', {
          title: `The server answered ${e.error}${e.description ? `: ${e.description}` : ''}`,
          evidence: oauthEvidence(x, e),
          fix: e.description
            ? `The server says: "${e.description}". Fix that, then retry.`
            : `Look up "${e.error}" in the provider's documentation${e.uri ? ` (${e.uri})` : ''}.`,
          ...(e.uri ? { docs: e.uri } : {}),
        }),
      ];
  }
}

function invalidClient(ctx: RuleContext, e: OAuthErrorView, preflight: Finding[]): Finding[] {
  const x = ctx.exchange!;
  const stated = statedCauses(ctx, e);
  const guesses = invalidClientGuesses(ctx, preflight, stated);
  const proven = provenBySuccess(ctx);
  const byRequest = preflight
    .filter((f) => causeRank(f.code) !== undefined && f.severity !== 'info')
    .filter((f) => !(proven && f.code === 'AUTH_METHOD_UNSUPPORTED'))
    .map((f) => ({ ...f, basis: 'request' as const }));
  const causes = [...stated, ...byRequest, ...guesses].sort(
    (p, q) => BASIS_ORDER[p.basis ?? 'guess'] - BASIS_ORDER[q.basis ?? 'guess'] || (p.rank ?? 99) - (q.rank ?? 99),
  );
  const top = causes[0];
  const label = endpointLabel(ctx.endpoint);
  const summary = finding('INVALID_CLIENT', {
    title: `The server refused the client at the ${label} endpoint (invalid_client)${top ? `; most likely: ${top.title}` : ''}`,
    evidence: [
      `request: ${x.request.method} ${safeUrl(x.request.url)}`,
      ...oauthEvidence(x, e),
      ...(proven
        ? [
            `ruled out by a recent success: ${proven.clientId} authenticated with ${proven.authMethod}${proven.endpoint ? ` at the ${proven.endpoint} endpoint` : ''}${proven.at ? ` (${proven.at})` : ''}`,
          ]
        : []),
      ...causes.map((c, i) => `likely cause ${i + 1}: ${c.code} — ${c.title} (${BASIS_LABEL[c.basis ?? 'guess']})`),
    ],
    fix: top
      ? `Start with the first cause: ${top.fix}`
      : "Compare the client authentication with the client's registration at the provider.",
    rank: 0,
    ...(top?.action ? { action: top.action } : {}),
  });
  return [summary, ...stated, ...guesses];
}

const BASIS_ORDER: Record<CauseBasis, number> = { server: 0, request: 1, guess: 2 };

/** What only the server knows, guessed from the request: audience mode, key, secret, registration. */
function invalidClientGuesses(ctx: RuleContext, preflight: Finding[], stated: Finding[]): Finding[] {
  const guesses: Finding[] = [];
  const a = ctx.assertion;
  const codes = new Set(preflight.map((f) => f.code));
  const method = ctx.methods[0];
  // The server said it does not read assertions, or which aud it wants: no guessing about them.
  const assertionSettled = stated.some((f) => f.action?.kind === 'set-auth-method' || f.action?.kind === 'switch-audience');
  const proven = provenBySuccess(ctx);

  // Guessing at the audience only makes sense when nothing definite explains the refusal.
  const definite = preflight.some((f) => f.severity === 'error' && causeRank(f.code) !== undefined);
  if (a?.claims && !codes.has('ASSERTION_AUD_MISMATCH') && !definite && !assertionSettled) {
    const current = modesOf(a.claims['aud'], ctx);
    const next = otherAudienceMode(current, ctx);
    guesses.push(
      finding('INVALID_CLIENT_TRY_OTHER_AUDIENCE', {
        title: `The server may expect a different assertion aud: retry with the ${audienceLabel(next)}`,
        evidence: [
          claim('aud', a.claims['aud']),
          `aud mode used: ${current.length ? current.map(audienceLabel).join(', ') : 'none of issuer / token endpoint / endpoint URL'}`,
        ],
        fix:
          `Servers disagree on the assertion audience: RFC 7523bis says the issuer, Okta wants the URL of the endpoint being called, Entra ID the token endpoint. ` +
          `Retry with aud = the ${audienceLabel(next)}.`,
        action: { kind: 'switch-audience', label: `Switch audience to ${audienceLabel(next)}`, args: { audience: next } },
        basis: 'guess',
      }),
    );
  }
  if (!assertionSettled && (method === 'private_key_jwt' || (method === 'jwt' && ctx.profile?.authMethod === 'private_key_jwt'))) {
    const kid = a?.header?.['kid'];
    guesses.push(
      demoteIfProven(
        finding('INVALID_CLIENT_KEY_NOT_REGISTERED', {
          title:
            kid !== undefined
              ? `The server may not know the key with kid ${JSON.stringify(kid)}`
              : 'The server may not know the signing key',
          evidence: [
            claim('kid', kid, 'assertion header'),
            claim('alg', a?.header?.['alg'], 'assertion header'),
            "the client's registered keys are not public, so they cannot be compared from here",
          ],
          basis: 'guess',
        }),
        proven,
      ),
    );
  }
  if (method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt') {
    guesses.push(
      demoteIfProven(
        finding('INVALID_CLIENT_WRONG_SECRET', {
          title:
            method === 'client_secret_jwt'
              ? 'The client secret used to sign the assertion may be wrong or rotated'
              : 'The client secret may be wrong, rotated or expired',
          evidence: [
            `client authentication used: ${method}`,
            ...(ctx.basic?.secretBytes !== undefined ? [`Basic secret length: ${ctx.basic.secretBytes} bytes`] : []),
            ...(() => {
              const v = formValue(ctx.draft, 'client_secret');
              return v !== undefined && !isRedactionMarker('client_secret', v) ? [`body client_secret length: ${v.length} chars`] : [];
            })(),
          ],
          basis: 'guess',
        }),
        proven,
      ),
    );
  }
  const ids = [
    ...new Set(
      [formValue(ctx.draft, 'client_id'), ctx.basic?.clientId, a?.claims?.['sub']].filter((v): v is string => typeof v === 'string'),
    ),
  ];
  // A recent success with the same authentication proves the client is registered here.
  if (ids.length && !proven) {
    guesses.push(
      finding('INVALID_CLIENT_UNKNOWN_CLIENT', {
        title: `The client ${ids.join(' / ')} may not be registered at ${ctx.issuer ?? 'this server'}`,
        evidence: [`client_id sent: ${ids.join(', ')}`, ...(ctx.issuer ? [`issuer: ${ctx.issuer}`] : [])],
        basis: 'guess',
      }),
    );
  }
  return guesses;
}

/** A guess the same client's recent success makes unlikely: kept last, and says why. */
function demoteIfProven(f: Finding, proven: ReturnType<typeof provenBySuccess>): Finding {
  if (!proven) return f;
  return {
    ...f,
    severity: 'info',
    rank: 90,
    evidence: [
      ...f.evidence,
      `unlikely: the same client authenticated with ${proven.authMethod} successfully${proven.at ? ` at ${proven.at}` : ''}`,
    ],
  };
}

function unauthorizedClient(ctx: RuleContext, e: OAuthErrorView): Finding {
  const x = ctx.exchange!;
  const gt = ctx.draft.form.find((p) => p.name === 'grant_type');
  const listed = gt && ctx.metadata?.grant_types_supported?.includes(gt.value);
  return finding('UNAUTHORIZED_CLIENT', {
    title: gt
      ? `This client is not allowed to use grant_type ${gt.value}`
      : `This client is not allowed to use the ${endpointLabel(ctx.endpoint)} endpoint`,
    evidence: [
      ...oauthEvidence(x, e),
      ...(gt ? [bodyParam(gt)] : []),
      ...(ctx.metadata?.grant_types_supported ? [metaField('grant_types_supported', ctx.metadata.grant_types_supported)] : []),
    ],
    fix:
      `${listed ? "The server supports the grant in general, so it is this client's registration: " : ''}enable ${gt?.value ?? 'the grant'} for the client in the provider's application settings` +
      (ctx.provider.kind === 'okta'
        ? " (Okta: the app's allowed grant types AND a rule in the authorization server's access policy)."
        : '.'),
  });
}

function invalidGrant(ctx: RuleContext, e: OAuthErrorView): Finding {
  const x = ctx.exchange!;
  const d = ctx.draft;
  const gt = formValue(d, 'grant_type') ?? '';
  const evidence = [...oauthEvidence(x, e)];
  const gtParam = d.form.find((p) => p.name === 'grant_type');
  if (gtParam) evidence.push(bodyParam(gtParam));
  let title = 'The grant was rejected (invalid_grant)';
  let fix: string;
  const jwtExp = (name: string): void => {
    const p = d.form.find((q) => q.name === name);
    if (!p) return;
    evidence.push(bodyParam(p));
    try {
      const c = decodeJwt(p.value, ctx.now).claims;
      for (const k of ['iss', 'sub', 'aud']) if (c[k] !== undefined) evidence.push(claim(k, c[k], name));
      const exp = typeof c['exp'] === 'number' ? c['exp'] : undefined;
      if (exp !== undefined)
        evidence.push(claim('exp', exp, name) + ` (${iso(exp)}${exp <= ctx.now ? `, expired ${humanSeconds(ctx.now - exp)} ago` : ''})`);
    } catch {
      // opaque value
    }
  };
  switch (gt) {
    case 'refresh_token':
      title = 'The refresh token was rejected';
      jwtExp('refresh_token');
      fix =
        'The refresh token is expired, revoked, already used (rotation: each refresh returns a new one — use the latest), or was issued to another client. Sign in again to get a new one.';
      break;
    case 'authorization_code':
      title = 'The authorization code was rejected';
      fix =
        'Codes are single-use and expire within minutes. Also check: redirect_uri must be exactly the one sent to /authorize, ' +
        'code_verifier must match the code_challenge, and the code must belong to this client. Start the sign-in again.';
      for (const n of ['redirect_uri', 'code_verifier', 'code']) {
        const p = d.form.find((q) => q.name === n);
        evidence.push(p ? bodyParam(p) : `no ${n} in the body`);
      }
      break;
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
      title = 'The JWT bearer assertion (grant) was rejected';
      jwtExp('assertion');
      fix =
        'The assertion grant must be signed by a key the server trusts for this issuer, with iss/sub/aud/exp it accepts (aud usually the issuer or token endpoint), and unexpired.';
      break;
    case 'urn:ietf:params:oauth:grant-type:token-exchange':
      title = 'The subject token was rejected';
      jwtExp('subject_token');
      fix =
        'The subject_token is invalid, expired or revoked, or the server does not accept tokens from its issuer. Get a fresh subject token.';
      break;
    case 'urn:ietf:params:oauth:grant-type:device_code':
      title = 'The device code was rejected';
      fix = 'The device code expired or was denied; start the device flow again.';
      break;
    case 'password':
      title = 'The user name or password was rejected';
      fix = "Check the user's credentials (and that the password grant is enabled; it is legacy and often disabled).";
      break;
    default:
      fix = 'The grant is expired, already used, revoked, or issued to another client; get a fresh one.';
  }
  return finding('INVALID_GRANT', { title, evidence, fix });
}

function invalidScope(ctx: RuleContext, e: OAuthErrorView): Finding {
  const x = ctx.exchange!;
  const scope = formValue(ctx.draft, 'scope');
  const supported = ctx.metadata?.scopes_supported;
  const unknown = scope && supported ? scope.split(/\s+/).filter((s) => s && !supported.includes(s)) : [];
  return finding('INVALID_SCOPE', {
    title: unknown.length ? `Scope ${unknown.join(', ')} is not known or not allowed` : 'A requested scope is not allowed for this client',
    evidence: [
      ...oauthEvidence(x, e),
      scope !== undefined ? `body scope=${scope}` : 'no scope in the body',
      ...(supported ? [metaField('scopes_supported', supported)] : []),
    ],
    fix:
      (unknown.length ? `Remove or fix ${unknown.join(', ')}; ` : '') +
      'request only scopes defined at this authorization server and granted to this client' +
      (ctx.provider.kind === 'okta' && ctx.provider.oktaOrgServer
        ? ". Okta's org server only knows OIDC and okta.* scopes; custom scopes need a custom authorization server (/oauth2/default)."
        : '.'),
  });
}

function invalidRequest(ctx: RuleContext, e: OAuthErrorView, preflight: Finding[]): Finding {
  const x = ctx.exchange!;
  const related = preflight
    .filter((f) => f.severity === 'error' && causeRank(f.code) !== undefined)
    .sort((p, q) => (p.rank ?? 99) - (q.rank ?? 99));
  const aboutAssertion =
    /client_assertion|assertion/i.test(e.description ?? '') ||
    (ctx.assertion !== undefined && /mismatch|one mechanism/i.test(e.description ?? ''));
  const evidence = [...oauthEvidence(x, e), ...related.map((f) => `related: ${f.code} — ${f.title}`)];
  if (aboutAssertion) {
    return finding('INVALID_REQUEST_ASSERTION', {
      title: `The server rejected the client assertion's format${e.description ? `: ${e.description}` : ''}`,
      evidence,
      ...(related[0] ? { fix: related[0].fix, ...(related[0].action ? { action: related[0].action } : {}) } : {}),
    });
  }
  return finding('INVALID_REQUEST', {
    title: `The server says the request is malformed${e.description ? `: ${e.description}` : ''}`,
    evidence,
    ...(related[0] ? { fix: `${related[0].fix}` } : e.description ? { fix: `Fix what the server names: "${e.description}".` } : {}),
  });
}

function unsupportedTokenType(ctx: RuleContext, e: OAuthErrorView): Finding {
  const x = ctx.exchange!;
  const t = tokenUnderTest(ctx);
  const hint = ctx.draft.form.find((p) => p.name === 'token_type_hint');
  const structured = t?.claims !== undefined;
  const verb = ctx.endpoint === 'revocation' ? 'revoke' : 'introspect';
  // An explicit hint is what the request asserted about the token: it comes first.
  const title = hint
    ? `The server does not accept token_type_hint=${hint.value} at the ${endpointLabel(ctx.endpoint)} endpoint (unsupported_token_type)`
    : structured
      ? `This server cannot ${verb} structured JWT access tokens`
      : `The server does not support this token type at the ${endpointLabel(ctx.endpoint)} endpoint`;
  return finding('UNSUPPORTED_TOKEN_TYPE', {
    title,
    evidence: [
      ...oauthEvidence(x, e),
      ...(hint ? [bodyParam(hint)] : []),
      ...(t ? [`${t.where}=<token: ${t.length} chars${structured ? ', a JWT' : ''}>`] : []),
    ],
    fix: hint
      ? `Remove token_type_hint=${hint.value} or correct it (access_token or refresh_token, matching the token sent), then retry.` +
        (structured ? ' If it still fails, the server may not be able to handle JWT access tokens: validate them locally instead.' : '')
      : structured
        ? 'Validate the JWT locally (signature against the issuer\'s JWKS, iss, aud, exp) with "Decode/verify JWT", or have the server issue opaque tokens for this resource.'
        : `Check which token types the server can ${verb}.`,
    ...(hint ? { action: { kind: 'remove-param' as const, label: 'Remove token_type_hint', args: { names: 'token_type_hint' } } } : {}),
  });
}
