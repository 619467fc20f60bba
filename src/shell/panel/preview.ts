/**
 * The live preview message for a draft: the request exactly as the core will send
 * it (preview-request.ts), the client assertion decoded with `aud` highlighted, and
 * the preflight findings. Secrets are masked by view-model before anything is posted.
 */
import { endpointUrl, toErrorInfo, usesPar, type Finding } from '../../core';
import type { ShellServices } from '../services';
import type { Draft, HostMessage } from '../../webview/protocol';
import type { PanelHistory } from './history';
import { panelContext } from './panel-context';
import { buildPreview } from './preview-request';
import { resolveTokens } from './tokens';
import { toErrorView, toFindingView, toJwtView, toRequestView } from './view-model';

export type PreviewMessage = Extract<HostMessage, { type: 'preview' }>;

/** The preview message for the webview, and the raw findings (their fix actions stay host-side). */
export async function computePreview(
  s: ShellServices,
  history: PanelHistory,
  profileId: string,
  draft: Draft,
  seq: number,
): Promise<{ message: PreviewMessage; findings: Finding[] }> {
  const empty: PreviewMessage = { type: 'preview', seq, request: null, assertion: null, findings: [], error: null, note: null };
  try {
    const pc = await panelContext(s, profileId, draft, { interactive: false });
    const tokens = await resolveTokens(s, history, profileId, draft);
    const p = await buildPreview(pc.ctx, draft, tokens, await s.runner.keyFacts(pc.profile, pc.secrets));
    let note: string | null = null;
    if (p.call.operation === 'authorization_code') {
      const par = usesPar(pc.ctx.profile, pc.metadata, p.call.options.usePar);
      note =
        `Opens the browser at ${endpointUrl(pc.ctx, 'authorization')} with PKCE (S256), state and — with scope openid — nonce` +
        `${par ? ', through a pushed authorization request (PAR)' : ''}; a loopback listener on 127.0.0.1 receives the code, which is redeemed with this request:`;
    } else if (p.call.operation === 'device_code') {
      note = 'Asks for a user code with this request, then polls the token endpoint (grant_type=device_code) until you approve it.';
    }
    const message: PreviewMessage = {
      ...empty,
      request: toRequestView(p.wire),
      assertion: p.assertion
        ? toJwtView(p.assertion, 'Client assertion (jti, iat, exp and signature are fresh when sent)', 'own', null, ['aud'])
        : null,
      findings: p.findings.map((f) => toFindingView(f)),
      error: p.missing ? { code: 'CONFIG_INVALID', message: p.missing, status: null } : null,
      note,
    };
    return { message, findings: p.findings };
  } catch (e) {
    return { message: { ...empty, error: toErrorView(toErrorInfo(e)) }, findings: [] };
  }
}
