/**
 * After a 2xx: what the answer does not say. A revocation 200 is not proof of
 * revocation; numbers and booleans sent as strings were read leniently; a discovery
 * document without `issuer` cannot be trusted.
 */
import { booleanString, numericString } from '../../operations/parse';
import { finding, type Finding } from '../findings';
import type { RuleContext } from '../context';
import { isBlank } from './response-facts';

export function successAnswerRules(ctx: RuleContext): Finding[] {
  const x = ctx.exchange;
  const r = x?.response;
  if (!x || !r || r.status < 200 || r.status >= 300) return [];
  const json = r.json !== null && typeof r.json === 'object' && !Array.isArray(r.json) ? (r.json as Record<string, unknown>) : undefined;
  const out: Finding[] = [];
  if (x.operation === 'revoke' || ctx.endpoint === 'revocation') {
    out.push(
      finding('REVOCATION_UNCONFIRMED', {
        title: `The server accepted the revocation request (HTTP ${r.status}); that alone does not prove the token is revoked`,
        evidence: [`response: HTTP ${r.status}`, isBlank(r.body) ? 'body: (empty)' : `body: ${r.body.length} chars`],
        action: { kind: 'introspect-token', label: 'Introspect to confirm' },
      }),
    );
  }
  if (json) out.push(...coerced(json));
  if (x.operation === 'discovery' && json && typeof json['issuer'] !== 'string') {
    out.push(
      finding('METADATA_NO_ISSUER', {
        title: 'The discovery document has no "issuer", so it is not usable metadata for this server',
        evidence: [`request: GET ${x.request.url}`, `members: ${Object.keys(json).slice(0, 12).join(', ') || '(none)'}`],
      }),
    );
  }
  return out;
}

function coerced(json: Record<string, unknown>): Finding[] {
  const fields: string[] = [];
  for (const f of ['expires_in', 'exp', 'iat', 'nbf'])
    if (numericString(json[f]) !== undefined) fields.push(`"${f}": ${JSON.stringify(json[f])}`);
  if (booleanString(json['active']) !== undefined) fields.push(`"active": ${JSON.stringify(json['active'])}`);
  if (!fields.length) return [];
  return [
    finding('RESPONSE_TYPE_COERCED', {
      title: `The server sent ${fields.join(', ')} as strings; read leniently as ${fields.length > 1 ? 'numbers/booleans' : /active/.test(fields[0] ?? '') ? 'a boolean' : 'a number'}`,
      evidence: fields.map((f) => `response ${f}`),
    }),
  ];
}
