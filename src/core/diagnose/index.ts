/**
 * diagnose(): preflight rules on a draft (or the request of an exchange), then
 * after-response rules on the exchange's response or error. Findings are sorted by
 * severity, then rank (most likely cause first).
 */
import { ConfigError } from '../errors';
import type { ClientProfile, Endpoints, Exchange, ServerMetadata } from '../types';
import { buildContext, type KeyFacts, type RuleContext } from './context';
import { draftFromRequest, type DraftRequest } from './draft';
import { causeRank, type Finding, type Severity } from './findings';
import { assertionRules } from './preflight/assertion';
import { clientAuthRules } from './preflight/client-auth';
import { providerRules } from './preflight/provider';
import { requestShapeRules } from './preflight/request-shape';
import { serverSupportRules } from './preflight/server-support';
import { tokenRules } from './preflight/tokens';
import { transportRules } from './preflight/transport';
import { clockRules } from './after-response/clock';
import { httpStatusRules } from './after-response/http-status';
import { introspectionRules } from './after-response/introspection';
import { oauthErrorRules } from './after-response/oauth-errors';

/** Inputs of {@link diagnose}. Give a `draft` (preflight), an `exchange` (both phases), or both. */
export interface DiagnoseInput {
  /** A request not sent yet (from parseCurl or a prepared request). Default: `exchange.request`. */
  draft?: DraftRequest;
  /** A finished call: its request is checked, then its response or error. */
  exchange?: Exchange;
  profile?: ClientProfile;
  metadata?: ServerMetadata;
  /** Which endpoint the draft targets; inferred from the URL vs metadata when absent. */
  endpoint?: keyof Endpoints;
  /** The local clock, epoch seconds (tests; default: the exchange's start time, else now). */
  localNowSeconds?: number;
  /** Non-secret facts about the client's key or secret (key type, secret length). */
  key?: KeyFacts;
}

const PREFLIGHT: Array<(ctx: RuleContext) => Finding[]> = [
  clientAuthRules,
  assertionRules,
  serverSupportRules,
  requestShapeRules,
  transportRules,
  tokenRules,
  providerRules,
];

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts by severity, then rank (unranked last), keeping rule order otherwise. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || (a.f.rank ?? 1e9) - (b.f.rank ?? 1e9) || a.i - b.i)
    .map((x) => x.f);
}

/**
 * Explains a request before it is sent, and a response after: which rule of client
 * authentication, assertion, endpoint, clock or provider it breaks, with evidence
 * and a fix. Never includes secret values.
 * @throws ConfigError CONFIG_INVALID when neither a draft nor an exchange is given.
 */
export function diagnose(input: DiagnoseInput): Finding[] {
  const x = input.exchange;
  const draft = input.draft ?? (x ? draftFromRequest(x.request) : undefined);
  if (!draft) throw new ConfigError('CONFIG_INVALID', 'Nothing to diagnose: give a draft request (e.g. from parseCurl) or an exchange.');
  const started = x ? Date.parse(x.timings.startedAt) / 1000 : NaN;
  const now = input.localNowSeconds ?? (Number.isFinite(started) ? started : Date.now() / 1000);
  const ctx = buildContext({
    draft,
    now: Math.floor(now),
    ...(x ? { exchange: x } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(input.key ? { key: input.key } : {}),
  });

  let pre = PREFLIGHT.flatMap((rule) => rule(ctx));
  let post: Finding[] = [];
  if (x && (x.response || x.error)) {
    // Clock findings are also candidate causes of an invalid_client.
    const clocks = clockRules(ctx, input.localNowSeconds);
    post = [...oauthErrorRules(ctx, [...pre, ...clocks]), ...introspectionRules(ctx), ...httpStatusRules(ctx), ...clocks];
    const status = x.response?.status ?? 0;
    if (status >= 200 && status < 300) pre = pre.map(acceptedAnyway);
  }
  return sortFindings(dedupe([...pre, ...post]));
}

/** The server accepted the request: a client-auth "error" was not fatal here. */
function acceptedAnyway(f: Finding): Finding {
  if (f.severity !== 'error' || causeRank(f.code) === undefined) return f;
  return { ...f, severity: 'warning', fix: `${f.fix} (This server accepted the request anyway; stricter servers may not.)` };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}\u0000${f.title}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { providerHints, detectProvider, type ProviderInfo, type ProviderKind } from './providers';
export { FINDINGS, type Finding, type FindingAction, type FindingCode, type Severity } from './findings';
export { findingLines, formatFindings } from './format';
export { draftFromRequest, type DraftRequest, type DraftBodyFormat } from './draft';
export type { KeyFacts } from './context';
