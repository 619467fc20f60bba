/**
 * Before sending: a DPoP proof in the request (built here or pasted) checked against the
 * request itself — htu without query/fragment naming this URL, htm this method, an
 * algorithm the server lists, and ath of the token it travels with.
 */
import { createHash } from 'node:crypto';
import { decodeJwt } from '../../crypto/jwt';
import type { RuleContext } from '../context';
import { headerValue, isPlaceholder } from '../draft';
import { finding, type Finding } from '../findings';

export function dpopProofRules(ctx: RuleContext): Finding[] {
  const raw = headerValue(ctx.draft.headers, 'dpop');
  if (!raw || isPlaceholder(raw)) return [];
  let proof: { header: Record<string, unknown>; claims: Record<string, unknown> };
  try {
    proof = decodeJwt(raw);
  } catch {
    return [];
  }
  const out: Finding[] = [];
  const htu = typeof proof.claims['htu'] === 'string' ? proof.claims['htu'] : '';
  const evidence = [`DPoP proof htm: ${String(proof.claims['htm'])}`, `DPoP proof htu: ${htu}`];
  if (/[?#]/.test(htu)) out.push(finding('DPOP_HTU_QUERY', { title: "The DPoP proof's htu carries a query or fragment", evidence }));
  const target = ctx.draft.url.split(/[?#]/)[0];
  if (proof.claims['htm'] !== ctx.draft.method || (htu.split(/[?#]/)[0] !== target && htu !== '')) {
    out.push(
      finding('DPOP_HTU_MISMATCH', {
        title: 'The DPoP proof was made for another request',
        evidence: [...evidence, `request: ${ctx.draft.method} ${target}`],
      }),
    );
  }
  const algs = ctx.metadata?.dpop_signing_alg_values_supported;
  const alg = String(proof.header['alg']);
  if (Array.isArray(algs) && !algs.includes(alg)) {
    out.push(
      finding('DPOP_ALG_UNSUPPORTED', {
        title: `The DPoP proof uses ${alg}, which the server does not list`,
        evidence: [`proof alg: ${alg}`, `metadata dpop_signing_alg_values_supported: ${JSON.stringify(algs)}`],
      }),
    );
  }
  const token = /^dpop\s+(\S+)$/i.exec(headerValue(ctx.draft.headers, 'authorization') ?? '')?.[1];
  if (token && !isPlaceholder(token)) {
    const ath = createHash('sha256').update(token, 'ascii').digest('base64url');
    if (proof.claims['ath'] !== ath) {
      out.push(
        finding('DPOP_ATH_MISMATCH', {
          title:
            proof.claims['ath'] === undefined
              ? 'The DPoP proof has no ath for the token it carries'
              : "The DPoP proof's ath is not the hash of this token",
          evidence: [`proof ath: ${JSON.stringify(proof.claims['ath'] ?? '(none)')}`, `SHA-256 of the Authorization token: ${ath}`],
        }),
      );
    }
  }
  return out;
}
