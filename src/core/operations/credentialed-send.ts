/**
 * The origin check of SECURITY.md 6, by construction: {@link checkBeforeSend} runs at the
 * core's one send point (runOperation) for every request that carries a credential, so
 * no caller has to predict which endpoints a flow will contact.
 */
import type { CallContext } from '../client-auth';
import type { HttpRequestRecord } from '../types';
import type { OperationRequest } from './request';

/** Form parameters that carry client authentication (named once as "client authentication"). */
const CLIENT_AUTH_PARAMS = new Set(['client_secret', 'client_assertion']);

/**
 * What `request` carries that must not reach an unconfirmed origin, in words
 * (`client authentication`, `access token`, `DPoP proof`, `refresh_token`, ...).
 * Empty when it carries nothing secret.
 */
export function carriedCredentials(op: Pick<OperationRequest, 'credentialed'>, request: HttpRequestRecord, extra: string[] = []): string[] {
  const out = new Set<string>();
  if (op.credentialed) out.add('client authentication');
  for (const h of request.headers) {
    if (!h.secret) continue;
    const name = h.name.toLowerCase();
    if (name === 'dpop') out.add('DPoP proof');
    else if (name === 'authorization') out.add(/^basic\s/i.test(h.value) ? 'client authentication' : 'access token');
    else out.add(`${h.name} header`);
  }
  for (const p of request.form ?? []) {
    if (p.secret) out.add(CLIENT_AUTH_PARAMS.has(p.name) ? 'client authentication' : p.name);
  }
  for (const e of extra) out.add(e);
  return [...out];
}

/**
 * Awaits the context's `beforeCredentialedSend` when `request` carries a credential.
 * @throws whatever the check throws (e.g. ORIGIN_NOT_ALLOWED): the request is not sent
 */
export async function checkBeforeSend(
  ctx: CallContext,
  op: Pick<OperationRequest, 'credentialed' | 'endpoint' | 'operation'>,
  request: HttpRequestRecord,
  extra: string[] = [],
): Promise<void> {
  if (!ctx.beforeCredentialedSend) return;
  const carries = carriedCredentials(op, request, extra);
  if (carries.length === 0) return;
  await ctx.beforeCredentialedSend({ url: request.url, endpoint: op.endpoint, operation: op.operation, carries });
}
