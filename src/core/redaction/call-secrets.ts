/**
 * The secrets of one call, by value (SECURITY.md 19): the client secret and the private
 * key (PEM or JWK, with its private members), the secret parameters and headers of the
 * request (client assertion, tokens sent, `Authorization` with the id:secret inside a
 * Basic header), and the tokens the server issued (result and response fields).
 */
import type { ClientSecrets, HttpRequestRecord, HttpResponseRecord, Param } from '../types';
import { isMasked } from './mask-token';
import type { SecretValue } from './scrubber';
import { isSecretFieldName } from './secret-names';

/** Members of a JWK that are private (RFC 7517/7518). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
/** PEM base64 lines shorter than this are too short to be told from other text. */
const MIN_PEM_LINE = 16;

/** The private key as text, its PEM body lines and base64 (whole and per line), or its JWK private members. */
export function privateKeySecrets(material: string | undefined): SecretValue[] {
  if (!material) return [];
  const label = 'private_key';
  const out: SecretValue[] = [
    { value: material, label },
    { value: material.trim(), label },
  ];
  const lines = material
    .split(/\r?\n|\\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= MIN_PEM_LINE && !l.startsWith('-----') && /^[A-Za-z0-9+/=]+$/.test(l));
  if (lines.length) out.push({ value: lines.join(''), label }, ...lines.map((value) => ({ value, label })));
  try {
    const jwk = JSON.parse(material) as unknown;
    const keys = Array.isArray((jwk as { keys?: unknown }).keys) ? (jwk as { keys: unknown[] }).keys : [jwk];
    for (const k of keys) {
      if (k === null || typeof k !== 'object') continue;
      for (const m of PRIVATE_JWK_MEMBERS) {
        const v = (k as Record<string, unknown>)[m];
        if (typeof v === 'string') out.push({ value: v, label });
      }
    }
  } catch {
    // PEM, not JSON
  }
  return out;
}

/** The secrets the profile holds (never needed in any text that leaves the core). */
export function clientSecrets(secrets: ClientSecrets | undefined): SecretValue[] {
  return [
    ...(secrets?.clientSecret ? [{ value: secrets.clientSecret, label: 'client_secret' }] : []),
    ...privateKeySecrets(secrets?.privateKey),
    // Sender-constraining keys (DPoP, mTLS) are as secret as the signing key; certificates are public.
    ...privateKeySecrets(secrets?.dpopKey),
    ...privateKeySecrets(secrets?.clientCertificateKey),
    ...(secrets?.clientPkcs12 ? [{ value: secrets.clientPkcs12, label: 'client_pkcs12' }] : []),
    ...(secrets?.clientCertificatePassphrase ? [{ value: secrets.clientCertificatePassphrase, label: 'passphrase' }] : []),
  ];
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A secret header or parameter: its value, and for `Authorization` the credential and what a Basic header holds. */
function paramSecrets(p: Param): SecretValue[] {
  if (!p.secret || isMasked(p.value)) return [];
  const name = p.name.toLowerCase();
  if (name !== 'authorization' && name !== 'proxy-authorization') return [{ value: p.value, label: name }];
  const m = /^(\S+)\s+(\S.*)$/.exec(p.value);
  if (!m) return [{ value: p.value, label: 'authorization' }];
  const scheme = m[1]!.toLowerCase();
  const credential = m[2]!;
  if (scheme !== 'basic') {
    const label = scheme === 'bearer' || scheme === 'dpop' ? 'access_token' : 'credentials';
    return [
      { value: p.value, label },
      { value: credential, label },
    ];
  }
  const out: SecretValue[] = [{ value: credential, label: 'client_credentials' }];
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon !== -1) {
    const secret = decoded.slice(colon + 1);
    out.push({ value: secret, label: 'client_secret' }, { value: formDecode(secret), label: 'client_secret' });
  }
  return out;
}

/** Secret-named string members at the top level of a JSON object (tokens a server issued). */
function tokenFields(value: unknown): SecretValue[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: SecretValue[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && isSecretFieldName(k)) out.push({ value: v, label: k.toLowerCase() });
  }
  return out;
}

/** Everything secret that one call carried or received. */
export function callSecrets(o: {
  secrets?: ClientSecrets;
  request?: HttpRequestRecord;
  response?: HttpResponseRecord;
  result?: unknown;
}): SecretValue[] {
  return [
    ...clientSecrets(o.secrets),
    ...(o.request ? [...o.request.headers, ...(o.request.form ?? [])].flatMap(paramSecrets) : []),
    ...tokenFields(o.response?.json),
    ...tokenFields(o.result),
  ];
}
