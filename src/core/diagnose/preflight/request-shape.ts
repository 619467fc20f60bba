/**
 * Preflight: the shape of the request (method, body format, required parameters,
 * PKCE, placeholders left in, which endpoint it is).
 */
import { describeHeader, formValue, headerValue, isPlaceholder, isRedactionMarker, queryValue } from '../draft';
import { bodyParam, requestLine } from '../evidence';
import { finding, type Finding } from '../findings';
import { endpointLabel, isCredentialed, type RuleContext } from '../context';

export function requestShapeRules(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const d = ctx.draft;
  const label = endpointLabel(ctx.endpoint);

  if (!ctx.endpoint && !ctx.resource) {
    out.push(
      finding('ENDPOINT_UNKNOWN', {
        title: 'Which endpoint is this? Endpoint-specific checks were skipped',
        evidence: [requestLine(d), ...(ctx.metadata ? [] : ['no server metadata (discovery) to compare the URL with'])],
      }),
    );
  }

  if (isCredentialed(ctx)) {
    if (d.method.toUpperCase() !== 'POST') {
      out.push(
        finding('WRONG_HTTP_METHOD', {
          title: `The ${label} endpoint needs POST, not ${d.method}`,
          evidence: [requestLine(d)],
        }),
      );
    }
    const ct = headerValue(d.headers, 'content-type');
    if (d.bodyFormat === 'json' || d.bodyFormat === 'multipart' || (ct && /json|multipart/i.test(ct) && d.bodyFormat !== 'none')) {
      out.push(
        finding('BODY_NOT_FORM_ENCODED', {
          title: `The ${label} request body is ${d.bodyFormat === 'multipart' ? 'multipart form data' : 'JSON'}; OAuth endpoints read only form-encoded bodies`,
          evidence: [...(ct ? [`header Content-Type: ${ct}`] : []), `body format: ${d.bodyFormat ?? 'form'}`],
        }),
      );
    }
  }

  if (ctx.endpoint === 'token' && formValue(d, 'grant_type') === undefined && d.bodyFormat !== 'none') {
    out.push(
      finding('GRANT_TYPE_MISSING', {
        title: 'The token request has no grant_type',
        evidence: [requestLine(d), `body parameters: ${d.form.map((p) => p.name).join(', ') || '(none)'}`],
      }),
    );
  } else if (ctx.endpoint === 'token' && d.form.length === 0 && d.bodyFormat === 'none') {
    out.push(finding('GRANT_TYPE_MISSING', { title: 'The token request has no body at all', evidence: [requestLine(d)] }));
  }

  if ((ctx.endpoint === 'introspection' || ctx.endpoint === 'revocation') && formValue(d, 'token') === undefined) {
    out.push(
      finding('TOKEN_PARAM_MISSING', {
        title: `The ${label} request has no token parameter`,
        evidence: [
          `body parameters: ${d.form.map((p) => p.name).join(', ') || '(none)'}`,
          ...(queryValue(d, 'token') !== undefined ? ['token is in the URL query instead of the body'] : []),
        ],
      }),
    );
  }

  // PKCE.
  const grant = formValue(d, 'grant_type');
  if (ctx.endpoint === 'token' && grant === 'authorization_code' && formValue(d, 'code_verifier') === undefined) {
    const methods = ctx.metadata?.code_challenge_methods_supported;
    out.push(
      finding('PKCE_MISSING', {
        title: 'The code exchange sends no code_verifier',
        evidence: [
          bodyParam(d.form.find((p) => p.name === 'grant_type')!),
          'no code_verifier in the body',
          ...(methods ? [`metadata code_challenge_methods_supported: ${JSON.stringify(methods)}`] : []),
        ],
        action: { kind: 'add-pkce', label: 'Use PKCE (S256)' },
      }),
    );
  }
  if (
    ctx.endpoint === 'authorization' &&
    queryValue(d, 'response_type')?.includes('code') &&
    queryValue(d, 'code_challenge') === undefined
  ) {
    out.push(
      finding('PKCE_MISSING', {
        title: 'The authorization request sends no code_challenge',
        evidence: [`URL query response_type=${queryValue(d, 'response_type')}`, 'no code_challenge in the URL'],
        action: { kind: 'add-pkce', label: 'Use PKCE (S256)' },
      }),
    );
  }

  // Placeholders left in.
  const holders: string[] = [];
  if (/\{[^}]+\}|<[^>]+>|\$\{?[A-Z_]+\}?/.test(d.url)) holders.push(`URL ${d.url}`);
  for (const p of [...d.form, ...(d.query ?? [])])
    if (isPlaceholder(p.value) && !isRedactionMarker(p.name, p.value)) holders.push(`${p.name}=${p.value}`);
  for (const h of d.headers) {
    const v = h.value.replace(/^(Basic|Bearer)\s+/i, '');
    if (isPlaceholder(v) && !isRedactionMarker(h.name, h.value)) holders.push(describeHeader({ ...h, secret: false }));
  }
  if (holders.length) {
    out.push(
      finding('PLACEHOLDER_VALUES', {
        title: `${holders.length} value${holders.length > 1 ? 's are' : ' is'} still a placeholder`,
        evidence: holders,
        fix: ctx.profile
          ? 'Replace the placeholders, or run the request from the profile, which fills in client authentication and a fresh assertion.'
          : 'Replace the placeholders with real values before sending.',
      }),
    );
  }
  return out;
}
