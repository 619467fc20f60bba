/**
 * Sender-constrained tokens: a token's `cnf` claim (RFC 7800) checked against what the
 * client holds — `cnf.jkt` against its DPoP key (RFC 9449 §6), `cnf.x5t#S256` against
 * its client certificate (RFC 8705 §3.1). Read from an introspection response or from
 * a JWT access token (decoded, not verified: the thumbprint comparison is the point).
 */
import type { CallContext } from '../client-auth';
import { decodeJwt } from '../crypto/jwt';
import { loadDpopKey } from '../dpop/mode';
import { dpopJkt } from '../dpop/proof';
import type { TokenBinding } from '../types';
import { loadClientCertificate } from '../mtls/certificate';

/** The `cnf` object of a JWT access token, or undefined (opaque token, no cnf). */
export function accessTokenCnf(accessToken: string): Record<string, unknown> | undefined {
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(accessToken)) return undefined;
  try {
    const cnf = decodeJwt(accessToken).claims['cnf'];
    return cnf !== null && typeof cnf === 'object' && !Array.isArray(cnf) ? (cnf as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The client's DPoP key thumbprint, when it has a usable key. */
async function ownJkt(ctx: CallContext): Promise<string | undefined> {
  if (!ctx.secrets.dpopKey) return undefined;
  try {
    return await dpopJkt(await loadDpopKey(ctx));
  } catch {
    return undefined;
  }
}

/** The client certificate's `x5t#S256`, when it holds a usable certificate. */
async function ownCertificateThumbprint(ctx: CallContext): Promise<string | undefined> {
  try {
    return (await loadClientCertificate(ctx.secrets))?.info.x5tS256;
  } catch {
    return undefined;
  }
}

/** Checks a `cnf` claim against the client's DPoP key and certificate. Empty when the token is not sender-constrained. */
export async function bindingChecks(
  ctx: CallContext,
  cnf: Record<string, unknown> | undefined,
  source: TokenBinding['source'],
): Promise<TokenBinding[]> {
  if (!cnf) return [];
  const out: TokenBinding[] = [];
  const check = (kind: TokenBinding['kind'], actual: unknown, expected: string | undefined): void => {
    if (typeof actual !== 'string' || actual === '') return;
    out.push({ kind, source, actual, ...(expected !== undefined ? { expected, matches: expected === actual } : {}) });
  };
  check('dpop', cnf['jkt'], typeof cnf['jkt'] === 'string' ? await ownJkt(ctx) : undefined);
  check('mtls', cnf['x5t#S256'], typeof cnf['x5t#S256'] === 'string' ? await ownCertificateThumbprint(ctx) : undefined);
  return out;
}
