/**
 * diagnose(): preflight rules on a draft (or the request of an exchange), then
 * after-response rules on the exchange's response or error. Findings are sorted by
 * severity, then rank (most likely cause first).
 */
import { ConfigError } from '../errors';
import { Scrubber, scrubberFor, withoutSecretValues, withScrubber } from '../redaction';
import type { ClientProfile, Endpoints, Exchange, ServerMetadata } from '../types';
import { buildContext, provenBySuccess, type KeyFacts, type RecentSuccess, type RuleContext } from './context';
import { oauthErrorOf } from './after-response/response-facts';
import { draftFromRequest, type DraftRequest } from './draft';
import { causeRank, type Finding, type Severity } from './findings';
import { assertionRules } from './preflight/assertion';
import { clientAuthRules } from './preflight/client-auth';
import { endpointPathRules } from './preflight/endpoint-path';
import { curlPasteRules } from './preflight/curl-paste';
import { providerRules } from './preflight/provider';
import { requestShapeRules } from './preflight/request-shape';
import { serverSupportRules } from './preflight/server-support';
import { tokenRules } from './preflight/tokens';
import { transportRules } from './preflight/transport';
import { clockRules } from './after-response/clock';
import { httpStatusRules } from './after-response/http-status';
import { introspectionRules } from './after-response/introspection';
import { oauthErrorRules } from './after-response/oauth-errors';
import { successAnswerRules } from './after-response/success-answers';
import { apiChallengeRules } from './after-response/api-challenge';
import { dpopRules } from './after-response/dpop';
import { mtlsRules } from './after-response/mtls';
import { certificateRules } from './preflight/certificates';
import { dpopProofRules } from './preflight/dpop';

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
  /**
   * Recent successful calls of the same client (from the shell's history). A cause they
   * rule out ("the client may not be registered" right after it got a token with the same
   * authentication) is dropped or demoted.
   */
  recentSuccesses?: RecentSuccess[];
}

/** Preflight rules, in order. A new rule file adds its function here (and its codes to findings.ts). */
const PREFLIGHT: Array<(ctx: RuleContext) => Finding[]> = [
  curlPasteRules,
  clientAuthRules,
  endpointPathRules,
  assertionRules,
  serverSupportRules,
  requestShapeRules,
  transportRules,
  tokenRules,
  providerRules,
  dpopProofRules,
  certificateRules,
];

/**
 * After-response rules that need only the context, in order. A new rule file adds its
 * function here. (OAuth error rules and clock rules are called on their own: the former
 * ranks the preflight findings and clock findings as causes.)
 */
const AFTER_RESPONSE: Array<(ctx: RuleContext) => Finding[]> = [introspectionRules, successAnswerRules, httpStatusRules];

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
  // Findings quote the response: they are scrubbed of the exchange's own secrets (SECURITY.md 19).
  // Rules read the response with those secrets already replaced, so a quote they cut holds no part of one.
  const scrubber = input.exchange ? scrubberFor(input.exchange) : Scrubber.none;
  const seen = input.exchange ? { ...input, exchange: withoutSecretValues(input.exchange, scrubber) } : input;
  return withScrubber(scrubber, () => diagnoseFindings(seen)).map((f) => scrubFinding(f, scrubber));
}

function scrubFinding(f: Finding, s: Scrubber): Finding {
  return { ...f, title: s.quoting(f.title), evidence: f.evidence.map((e) => s.quoting(e)), fix: s.quoting(f.fix) };
}

function diagnoseFindings(input: DiagnoseInput): Finding[] {
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
    ...(input.recentSuccesses ? { recentSuccesses: input.recentSuccesses } : {}),
  });

  let pre = PREFLIGHT.flatMap((rule) => rule(ctx));
  let post: Finding[] = [];
  if (x && (x.response || x.error)) {
    // Clock findings are also candidate causes of an invalid_client.
    const clocks = clockRules(ctx, input.localNowSeconds);
    post = [
      ...oauthErrorRules(ctx, [...pre, ...clocks]),
      ...AFTER_RESPONSE.flatMap((rule) => rule(ctx)),
      ...clocks,
      ...dpopRules(ctx),
      ...mtlsRules(ctx),
      ...apiChallengeRules(ctx),
    ];
    const status = x.response?.status ?? 0;
    if ((status >= 200 && status < 300) || authenticatedAnyway(ctx)) pre = pre.map(acceptedAnyway);
  }
  // The same client authenticated this way at this endpoint a moment ago: metadata that
  // does not list the method is wrong about this server, not the request.
  if (provenBySuccess(ctx, ctx.endpoint)) pre = pre.filter((f) => f.code !== 'AUTH_METHOD_UNSUPPORTED');
  return sortFindings(dedupe([...pre, ...post]));
}

/** Errors a server only gives after it authenticated the client: the client authentication passed. */
function authenticatedAnyway(ctx: RuleContext): boolean {
  const e = oauthErrorOf(ctx.exchange)?.error;
  return e === 'invalid_grant' || e === 'invalid_scope' || e === 'unauthorized_client';
}

/** The server accepted the request (or the client authentication): a client-auth "error" was not fatal here. */
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
export { FINDINGS, BASIS_LABEL, type Finding, type FindingAction, type FindingCode, type Severity, type CauseBasis } from './findings';
export { findingLines, formatFindings } from './format';
export { draftFromRequest, type DraftRequest, type DraftBodyFormat } from './draft';
export type { KeyFacts, RecentSuccess, CertificateFacts } from './context';
