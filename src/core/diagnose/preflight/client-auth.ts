/**
 * Preflight: how the request authenticates the client, compared with the profile
 * and with itself (two methods, assertion without its type, conflicting client ids).
 */
import type { ClientAuthMethod } from '../../types';
import { formValue, isPlaceholder, isSecretParam } from '../draft';
import { authEvidence, bodyParam, queryParam } from '../evidence';
import { finding, type Finding } from '../findings';
import { ASSERTION_TYPE, endpointLabel, isCredentialed, presentedClientIds, type PresentedMethod, type RuleContext } from '../context';

const JWT_METHODS: ClientAuthMethod[] = ['private_key_jwt', 'client_secret_jwt'];

/** Plain description of a presented method, for titles. */
function presentedText(m: PresentedMethod[]): string {
  if (m.length === 0) return 'no client authentication';
  if (m.length === 1 && m[0] === 'none') return 'only client_id';
  return m
    .map((x) =>
      x === 'client_secret_basic'
        ? 'a Basic header (client_secret_basic)'
        : x === 'client_secret_post'
          ? 'client_secret in the body (client_secret_post)'
          : x === 'jwt'
            ? 'a client_assertion'
            : x === 'bearer'
              ? 'a Bearer token'
              : x,
    )
    .join(' and ');
}

/** The concrete "send this instead" for a profile method. */
export function howToAuthenticate(method: ClientAuthMethod, ctx: RuleContext): string {
  const endpoint = endpointLabel(ctx.endpoint);
  switch (method) {
    case 'private_key_jwt':
    case 'client_secret_jwt':
      return (
        `Send the same client authentication you send to /token: add client_assertion (a JWT freshly signed ` +
        `${method === 'private_key_jwt' ? 'with the private key' : 'with the client secret'} for THIS request, new jti) and ` +
        `client_assertion_type=${ASSERTION_TYPE} to the body of the ${endpoint} request. Every endpoint that authenticates the ` +
        'client (token, introspection, revocation, PAR, device authorization) needs it; client_id alone, or client_id in the URL, proves nothing.'
      );
    case 'client_secret_basic':
      return `Send the client secret as you do at /token: Authorization: Basic base64(client_id:client_secret) on the ${endpoint} request too.`;
    case 'client_secret_post':
      return `Send client_id and client_secret in the body of the ${endpoint} request, as you do at /token.`;
    case 'none':
      return 'This client is public: send only client_id in the body, no secret and no assertion.';
    case 'tls_client_auth':
    case 'self_signed_tls_client_auth':
      return `Present the client certificate on the TLS connection to the ${endpoint} (its mtls_endpoint_aliases entry when the server has one) and send client_id in the body, as you do at /token.`;
  }
}

function authAction(method: ClientAuthMethod): Finding['action'] {
  return JWT_METHODS.includes(method)
    ? { kind: 'add-client-assertion', label: 'Add client assertion', args: { method } }
    : { kind: 'use-profile-auth', label: `Use the profile's client authentication (${method})`, args: { method } };
}

export function clientAuthRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const credentialed = isCredentialed(ctx);
  const d = ctx.draft;
  const label = endpointLabel(ctx.endpoint);
  const ids = presentedClientIds(ctx);

  // No client identification at all.
  if (credentialed && ctx.methods.length === 0 && !ids.some((i) => i.where !== 'client_id in the query')) {
    out.push(
      finding('CLIENT_AUTH_MISSING', {
        title: `The ${label} request carries no client authentication`,
        evidence: authEvidence(ctx),
        fix: ctx.profile ? howToAuthenticate(ctx.profile.authMethod, ctx) : undefined,
        ...(ctx.profile ? { action: authAction(ctx.profile.authMethod) } : {}),
      }),
    );
  }

  // Two mechanisms at once.
  const distinct = ctx.methods.filter((m) => m !== 'none');
  if (distinct.length > 1) {
    out.push(
      finding('MULTIPLE_AUTH_METHODS', {
        title: `The request authenticates the client twice: ${presentedText(distinct)}`,
        evidence: authEvidence(ctx),
        fix: `Keep exactly one method${ctx.profile ? `: ${ctx.profile.authMethod}, the one the profile uses` : ''}; servers reject a request that carries two.`,
        ...(ctx.profile ? { action: authAction(ctx.profile.authMethod) } : {}),
      }),
    );
  }

  // Differs from the profile.
  if (credentialed && ctx.profile && distinct.length <= 1 && ctx.methods.length > 0) {
    const expected = ctx.profile.authMethod;
    const got: PresentedMethod = ctx.methods[0] ?? 'none';
    const compatible = got === expected || (got === 'jwt' && JWT_METHODS.includes(expected)) || (expected === 'none' && got === 'none');
    if (!compatible) {
      const looseSecret =
        (got === 'client_secret_basic' && expected === 'client_secret_post') ||
        (got === 'client_secret_post' && expected === 'client_secret_basic');
      out.push(
        finding('AUTH_METHOD_MISMATCH', {
          severity: looseSecret ? 'warning' : 'error',
          title: `The ${label} request sends ${presentedText(ctx.methods)}, but this client authenticates with ${expected}`,
          evidence: [`profile authMethod: ${expected}`, ...authEvidence(ctx)],
          fix: looseSecret
            ? `${howToAuthenticate(expected, ctx)} Many servers accept either secret method, some only the registered one.`
            : howToAuthenticate(expected, ctx),
          action: authAction(expected),
        }),
      );
    }
  }

  // Without a profile: only client_id at an endpoint that authenticates the client.
  if (
    credentialed &&
    !ctx.profile &&
    ctx.methods.length === 1 &&
    ctx.methods[0] === 'none' &&
    ctx.endpoint !== 'token' &&
    ctx.endpoint !== 'device_authorization'
  ) {
    out.push(
      finding('AUTH_METHOD_MISMATCH', {
        severity: 'warning',
        title: `The ${label} request sends only client_id: a confidential client must authenticate here exactly as at /token`,
        evidence: authEvidence(ctx),
        fix:
          'Send the same client authentication as your token request (Basic header, client_secret, or a fresh client_assertion + client_assertion_type). ' +
          'Only public clients may send client_id alone, and most servers do not let public clients introspect or revoke.',
      }),
    );
  }

  // Assertion and its type.
  const assertion = formValue(d, 'client_assertion');
  const type = formValue(d, 'client_assertion_type');
  if (assertion !== undefined && assertion.trim() !== '' && type === undefined) {
    out.push(
      finding('ASSERTION_TYPE_MISSING', {
        title: 'client_assertion is sent without client_assertion_type',
        evidence: [bodyParam(d.form.find((p) => p.name === 'client_assertion')!), 'no client_assertion_type in the body'],
        fix: `Add client_assertion_type=${ASSERTION_TYPE} to the body.`,
        action: { kind: 'add-param', label: 'Add client_assertion_type', args: { name: 'client_assertion_type', value: ASSERTION_TYPE } },
      }),
    );
  }
  if (type !== undefined && type !== ASSERTION_TYPE && !isPlaceholder(type)) {
    out.push(
      finding('ASSERTION_TYPE_WRONG', {
        title: `client_assertion_type is "${type}", not ${ASSERTION_TYPE}`,
        evidence: [bodyParam(d.form.find((p) => p.name === 'client_assertion_type')!)],
        fix:
          type === 'urn:ietf:params:oauth:grant-type:jwt-bearer'
            ? `That is the grant type URN. client_assertion_type must be ${ASSERTION_TYPE} (client-assertion-type, not grant-type).`
            : `Set client_assertion_type to exactly ${ASSERTION_TYPE}.`,
      }),
    );
  }
  if (type !== undefined && (assertion === undefined || assertion.trim() === '')) {
    out.push(
      finding('ASSERTION_MISSING', {
        title: 'client_assertion_type is sent, but client_assertion is missing or empty',
        evidence: [
          bodyParam(d.form.find((p) => p.name === 'client_assertion_type')!),
          assertion === undefined ? 'no client_assertion in the body' : 'body client_assertion is empty',
        ],
      }),
    );
  }

  // Basic header shape.
  if (ctx.basic?.problem) {
    out.push(
      finding('BASIC_AUTH_MALFORMED', {
        title: `The Authorization: Basic header is malformed: ${ctx.basic.problem}`,
        evidence: authEvidence(ctx).filter((e) => e.startsWith('header')),
      }),
    );
  }
  if (ctx.basic?.notFormEncoded?.length) {
    out.push(
      finding('BASIC_AUTH_NOT_FORM_ENCODED', {
        title: `The ${ctx.basic.notFormEncoded.join(' and ')} in the Basic header contain "+" or "%" that were not form-encoded`,
        evidence: [
          ...authEvidence(ctx).filter((e) => e.startsWith('header')),
          `${ctx.basic.notFormEncoded.join(' and ')} contain characters that change when the server form-decodes them ("+" becomes a space)`,
        ],
      }),
    );
  }

  // Conflicting client ids.
  const real = ids.filter((i) => !isPlaceholder(i.value));
  const expectedId = ctx.profile?.clientId;
  const values = new Set(real.map((i) => i.value));
  if (values.size > 1 || (expectedId !== undefined && real.some((i) => i.value !== expectedId))) {
    out.push(
      finding('CLIENT_ID_MISMATCH', {
        title: values.size > 1 ? 'The request names different client ids' : `The request's client_id is not the profile's (${expectedId})`,
        evidence: [...real.map((i) => `${i.where}: ${i.value}`), ...(expectedId !== undefined ? [`profile clientId: ${expectedId}`] : [])],
      }),
    );
  }

  // Query string.
  if (credentialed || ctx.endpoint === undefined) {
    const q = d.query ?? [];
    const secrets = q.filter((p) => isSecretParam(p.name));
    if (secrets.length) {
      out.push(
        finding('SECRET_IN_QUERY', {
          title: `Credentials in the URL query string: ${secrets.map((p) => p.name).join(', ')}`,
          evidence: secrets.map(queryParam),
          fix: `Move ${secrets.map((p) => p.name).join(', ')} into the form-encoded POST body. Servers ignore them in the URL, and URLs end up in proxy and server logs.`,
          action: { kind: 'remove-param', label: 'Move to the body', args: { names: secrets.map((p) => p.name).join(',') } },
        }),
      );
    }
    const cid = q.find((p) => p.name === 'client_id');
    if (cid && credentialed) {
      out.push(
        finding('CLIENT_ID_IN_QUERY', {
          title: 'client_id in the URL does nothing for client authentication',
          evidence: [queryParam(cid)],
          fix: ctx.profile
            ? `Remove it from the URL. ${howToAuthenticate(ctx.profile.authMethod, ctx)}`
            : 'Remove it from the URL; the server reads client authentication only from the body and the Authorization header.',
          action: { kind: 'remove-param', label: 'Remove client_id from the URL', args: { names: 'client_id' } },
        }),
      );
    }
  }
  return out;
}
