/** The secret values a real exchange carried, to search every output for them. */
import type { CallContext, Exchange } from '../../../src/core';
import { findTokens } from '../../../src/shell/exchange-tokens';

/** Client authentication, tokens sent and tokens received (values of 12+ characters). */
export function secretsOf(x: Exchange, ctx: CallContext): string[] {
  const out = findTokens(x).map((t) => t.value);
  for (const p of [...x.request.headers, ...(x.request.form ?? [])]) if (p.secret) out.push(p.value);
  if (ctx.secrets.clientSecret) out.push(ctx.secrets.clientSecret);
  return out.filter((s) => s.length >= 12);
}
