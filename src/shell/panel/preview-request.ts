/**
 * The pure part of the preview: the draft's PanelCall, the OperationRequest the core
 * builds for it, prepared by the core (endpoint, client authentication, fresh
 * assertion) and completed with the transport's headers — the request as it will go
 * on the wire — plus the core's preflight diagnosis. No vscode: tested in plain node
 * against the real authorization server, byte for byte against what is then sent.
 */
import {
  ConfigError,
  completeRequest,
  diagnose,
  draftFromRequest,
  prepareRequest,
  type CallContext,
  type DecodedJwt,
  type Finding,
  type HttpRequestRecord,
  type KeyFacts,
  type OperationRequest,
} from '../../core';
import type { Draft } from '../../webview/protocol';
import { draftToCall, previewOperation, type PanelCall, type ResolvedTokens } from './draft-call';

/** Stands in for a token not chosen yet, so the rest of the request can still be shown. */
export const TOKEN_PLACEHOLDER = '<token>';

export interface PreviewRequest {
  call: PanelCall;
  op: OperationRequest;
  /** The request as it goes on the wire (secret values NOT masked: mask before showing). */
  wire: HttpRequestRecord;
  assertion?: DecodedJwt;
  findings: Finding[];
  /** What is missing before it can be sent (e.g. no token chosen), or null. */
  missing: string | null;
}

function callWithPlaceholders(draft: Draft, tokens: ResolvedTokens): { call: PanelCall; missing: string | null } {
  try {
    return { call: draftToCall(draft, tokens), missing: null };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const call = draftToCall(draft, {
      token: tokens.token ?? TOKEN_PLACEHOLDER,
      ...(tokens.actorToken ? { actorToken: tokens.actorToken } : {}),
    });
    return { call, missing: e.message };
  }
}

/** @throws ConfigError | KeyError when the request cannot be prepared (no endpoint, no key, ...) */
export async function buildPreview(ctx: CallContext, draft: Draft, tokens: ResolvedTokens, key?: KeyFacts): Promise<PreviewRequest> {
  const { call, missing } = callWithPlaceholders(draft, tokens);
  const op = previewOperation(call, ctx.profile);
  const prepared = await prepareRequest(ctx, op);
  const wire = completeRequest(prepared.request);
  const findings = diagnose({
    draft: draftFromRequest(wire),
    profile: ctx.profile,
    ...(op.endpoint !== 'resource' ? { endpoint: op.endpoint } : {}),
    ...(ctx.metadata ? { metadata: ctx.metadata } : {}),
    ...(key ? { key } : {}),
  });
  return { call, op, wire, ...(prepared.assertion ? { assertion: prepared.assertion } : {}), findings, missing };
}
