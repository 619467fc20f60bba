/**
 * Translates the panel's form ({@link Draft}) into the core's inputs — and nothing
 * more: which core function, with which parameters. The preview and the send use the
 * SAME {@link PanelCall}, so what the preview shows is what the core then sends.
 * Pure (no vscode), tested in plain node.
 */
import {
  ConfigError,
  apiRequest,
  authorizationCodeTokenRequest,
  buildOperation,
  deviceAuthorizationRequest,
  type CallApiParams,
  type ClientProfile,
  type OperationParams,
  type OperationRequest,
  type Param,
} from '../../core';
import { OPERATIONS, usesField } from '../../webview/operations';
import { persistableDraft, type Draft } from '../../webview/protocol';

type Buildable = keyof OperationParams;

/** What the panel asks the core to do. */
export type PanelCall =
  | { [K in Buildable]: { operation: K; params: OperationParams[K] } }[Buildable]
  | { operation: 'authorization_code'; options: { scope?: string; resource?: string[]; extra?: Param[]; usePar?: boolean } }
  | { operation: 'device_code'; options: { scope?: string; extra?: Param[] } }
  | { operation: 'call_api'; params: CallApiParams };

/** Token values the host resolved from the draft's token references (memory only). */
export interface ResolvedTokens {
  token?: string;
  /** The `token_type` the server issued `token` with (`DPoP` makes the core present it with a proof). */
  tokenType?: string;
  actorToken?: string;
}

const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

function resources(s: string): string[] | undefined {
  const list = s.split(/\s+/).filter(Boolean);
  return list.length ? list : undefined;
}

/** Parameter names whose values are credentials (masked in previews, history and curl). */
const SECRET_NAME = /(token|secret|assertion|password|verifier|^code$)/i;

/** Extra parameters with a name; values of secret-named parameters are marked secret. */
export function extraParams(d: Draft): Param[] | undefined {
  const out = d.extra
    .filter((kv) => kv.name.trim() !== '')
    .map((kv) => ({
      name: kv.name.trim(),
      value: kv.value,
      ...(SECRET_NAME.test(kv.name.trim()) && !/_type$|_hint$/.test(kv.name.trim()) ? { secret: true } : {}),
    }));
  return out.length ? out : undefined;
}

/** A draft safe to keep in the history: no pasted secrets, no values of secret-named extra parameters. */
export function keptDraft(d: Draft): Draft {
  const kept = persistableDraft(d);
  const secret = new Set((extraParams(d) ?? []).filter((p) => p.secret).map((p) => p.name));
  kept.extra = kept.extra.map((kv) => (secret.has(kv.name.trim()) ? { ...kv, value: '' } : kv));
  return kept;
}

function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new ConfigError('CONFIG_INVALID', `Choose or paste ${what} first.`);
  return value;
}

/**
 * The core call for a draft.
 * @throws ConfigError CONFIG_INVALID naming the missing input (token, username, ...)
 */
export function draftToCall(d: Draft, t: ResolvedTokens): PanelCall {
  const op = d.operation;
  // Only the fields the operation uses, so a hidden field never leaks into a request.
  const scope = usesField(op, 'scope') ? opt(d.scope) : undefined;
  const resource = usesField(op, 'resource') ? resources(d.resource) : undefined;
  const audience = usesField(op, 'audience') ? opt(d.audience) : undefined;
  const extra = extraParams(d);
  const common = {
    ...(scope ? { scope } : {}),
    ...(resource ? { resource } : {}),
    ...(audience ? { audience } : {}),
    ...(extra ? { extra } : {}),
  };
  switch (op) {
    case 'client_credentials':
      return { operation: op, params: common };
    case 'refresh_token':
      return { operation: op, params: { ...common, refreshToken: need(t.token, 'the refresh token') } };
    case 'jwt_bearer':
      if (d.assertionSource === 'pasted')
        return { operation: op, params: { ...common, assertion: need(opt(d.pastedAssertion), 'the assertion (a signed JWT)') } };
      return { operation: op, params: { ...common, ...(opt(d.assertionSubject) ? { subject: opt(d.assertionSubject)! } : {}) } };
    case 'token_exchange': {
      const actor = t.actorToken;
      return {
        operation: op,
        params: {
          ...common,
          subjectToken: need(t.token, 'the subject token'),
          subjectTokenType: need(opt(d.subjectTokenType), 'subject_token_type'),
          ...(actor ? { actorToken: actor, ...(opt(d.actorTokenType) ? { actorTokenType: opt(d.actorTokenType)! } : {}) } : {}),
          ...(opt(d.requestedTokenType) ? { requestedTokenType: opt(d.requestedTokenType)! } : {}),
        },
      };
    }
    case 'password':
      return {
        operation: op,
        params: {
          username: need(opt(d.username), 'the username'),
          password: d.password,
          ...(scope ? { scope } : {}),
          ...(extra ? { extra } : {}),
        },
      };
    case 'introspect':
    case 'revoke':
      return {
        operation: op,
        params: {
          token: need(t.token, `the token to ${op}`),
          ...(d.tokenTypeHint ? { tokenTypeHint: d.tokenTypeHint } : {}),
          ...(extra ? { extra } : {}),
        },
      };
    case 'userinfo':
      return { operation: op, params: { accessToken: need(t.token, 'the access token') } };
    case 'authorization_code': {
      const ex = [...(d.prompt ? [{ name: 'prompt', value: d.prompt }] : []), ...(extra ?? [])];
      return {
        operation: op,
        options: {
          ...(scope ? { scope } : {}),
          ...(resource ? { resource } : {}),
          ...(ex.length ? { extra: ex } : {}),
          ...(d.usePar ? { usePar: true } : {}),
        },
      };
    }
    case 'device_code':
      return { operation: op, options: { ...(scope ? { scope } : {}), ...(extra ? { extra } : {}) } };
    case 'call_api':
      return {
        operation: op,
        params: {
          method: d.apiMethod,
          url: need(opt(d.apiUrl), 'the API URL'),
          // The extra list holds the API's headers here; the core keeps Authorization and DPoP its own.
          ...(extra ? { headers: extra } : {}),
          ...(d.apiMethod !== 'GET' && d.apiBody !== '' ? { body: d.apiBody } : {}),
          accessToken: need(t.token, 'the access token'),
          ...(t.tokenType ? { tokenType: t.tokenType } : {}),
        },
      };
  }
}

/** The profile as the core should see it for this draft (the per-request audience override). */
export function profileForDraft<P extends ClientProfile>(profile: P, d: Draft): P {
  if (!d.audienceMode || !OPERATIONS[d.operation].authenticatesClient) return profile;
  return { ...profile, audience: d.audienceMode };
}

/** Placeholders for values only the interactive flow produces; marked secret like the real ones. */
export const FLOW_PLACEHOLDER = {
  code: '<authorization code from the redirect>',
  codeVerifier: '<PKCE code_verifier>',
  redirectUri: 'http://127.0.0.1:<free port>/callback',
} as const;

/**
 * The request to preview for a call: exactly the request the core builds. For the
 * interactive flows it is the first credentialed request (device authorization) or the
 * code redemption with placeholders for what the browser returns.
 */
export function previewOperation(call: PanelCall, profile: Pick<ClientProfile, 'scope' | 'resource' | 'redirectUri'>): OperationRequest {
  switch (call.operation) {
    case 'authorization_code':
      return authorizationCodeTokenRequest({
        code: FLOW_PLACEHOLDER.code,
        redirectUri: profile.redirectUri ?? FLOW_PLACEHOLDER.redirectUri,
        codeVerifier: FLOW_PLACEHOLDER.codeVerifier,
      });
    case 'device_code':
      return deviceAuthorizationRequest({ scope: call.options.scope ?? profile.scope, extra: call.options.extra });
    case 'call_api':
      return apiRequest(call.params);
    default:
      return buildOperation(call.operation, call.params as never, profile);
  }
}
