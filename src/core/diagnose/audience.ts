/**
 * Which `aud` values a server accepts for a client assertion, and which audience
 * mode a given `aud` corresponds to.
 */
import type { AudienceMode } from '../types';
import type { RuleContext } from './context';

export interface AudienceCandidate {
  mode: AudienceMode;
  url: string;
}

/** The concrete URL for each audience mode this request could use. */
export function audienceCandidates(ctx: RuleContext): AudienceCandidate[] {
  const out: AudienceCandidate[] = [];
  if (ctx.issuer) out.push({ mode: 'issuer', url: ctx.issuer });
  else if (ctx.inferredIssuer) out.push({ mode: 'issuer', url: ctx.inferredIssuer });
  if (ctx.urls.token) out.push({ mode: 'token_endpoint', url: ctx.urls.token });
  else if (ctx.endpoint === 'token') out.push({ mode: 'token_endpoint', url: ctx.draft.url });
  out.push({ mode: 'endpoint', url: ctx.draft.url });
  return out;
}

/** The audience mode(s) an `aud` value matches exactly. */
export function modesOf(aud: unknown, ctx: RuleContext): AudienceMode[] {
  const values = Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : typeof aud === 'string' ? [aud] : [];
  const modes = new Set<AudienceMode>();
  for (const c of audienceCandidates(ctx)) if (values.includes(c.url)) modes.add(c.mode);
  // Without a known issuer: an aud that is a path prefix of the called URL on its origin is the issuer.
  if (!ctx.issuer && !modes.has('issuer') && values.some((v) => isUrlPrefix(v, ctx.draft.url))) modes.add('issuer');
  return [...modes];
}

/** Human label of a mode, for action buttons. */
export function audienceLabel(mode: AudienceMode): string {
  return mode === 'endpoint'
    ? 'endpoint URL'
    : mode === 'token_endpoint'
      ? 'token endpoint'
      : mode === 'issuer'
        ? 'issuer'
        : 'custom value';
}

/** The mode to try next after the current one failed (provider preference first). */
export function otherAudienceMode(current: AudienceMode[], ctx: RuleContext): AudienceMode {
  const preferred = ctx.provider.acceptedAudiences.find((m) => !current.includes(m));
  if (ctx.provider.kind !== 'generic' && preferred) return preferred;
  if (current.includes('issuer')) return 'endpoint';
  if (current.includes('endpoint')) return 'issuer';
  if (current.includes('token_endpoint') && ctx.endpoint !== 'token') return 'endpoint';
  return 'issuer';
}

/** `https://idp/oauth2/default` is a prefix of `https://idp/oauth2/default/v1/token` (same origin, whole path segments). */
function isUrlPrefix(prefix: string, url: string): boolean {
  try {
    const a = new URL(prefix);
    const b = new URL(url);
    const path = a.pathname.replace(/\/+$/, '');
    return a.origin === b.origin && path !== b.pathname.replace(/\/+$/, '') && (path === '' || b.pathname.startsWith(`${path}/`));
  } catch {
    return false;
  }
}
