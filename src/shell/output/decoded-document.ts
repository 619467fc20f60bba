/**
 * The read-only document of a decoded JWT, for "OAuth: Decode JWT" and the panel's
 * "Open decoded": the same wording of its signature check as the panel's badge
 * (verified against the issuer's JWKS, failed with the reason, or not checked with
 * the reason), header and claims with the dates of time claims. Pure.
 */
import type { DecodedJwt } from '../../core';
import type { Verification } from '../panel/view-model';
import { jsonWithTimes } from '../time-text';

/** What the signature check found. */
export type SignatureCheck =
  { status: 'verified'; against: string } | { status: 'failed'; reason: string } | { status: 'not_checked'; reason: string };

/** The check as the panel's signature badge reads it (view-model's Verification). */
export function checkOf(v: Verification | undefined, issuer: string): SignatureCheck {
  if (!v) return { status: 'not_checked', reason: 'no client of this issuer to verify it against.' };
  if ('notChecked' in v) return { status: 'not_checked', reason: v.notChecked };
  return v.result.verified
    ? { status: 'verified', against: issuer }
    : { status: 'failed', reason: v.result.error?.message ?? 'the signature or claims did not verify.' };
}

export function signatureNote(check: SignatureCheck): string {
  switch (check.status) {
    case 'verified':
      return `Signature verified against the JWKS of ${check.against}.`;
    case 'failed':
      return `Signature NOT verified: ${check.reason}`;
    case 'not_checked':
      return `Decoded only — the signature was not checked: ${check.reason}`;
  }
}

/** JSONC: the signature note and the source as comments, then header, claims (dates beside times) and `verified`. */
export function decodedDocument(
  d: Pick<DecodedJwt, 'header' | 'claims'>,
  check: SignatureCheck,
  source: string,
  nowSeconds?: number,
): string {
  return [
    `// ${signatureNote(check).replace(/\s+/g, ' ')}`,
    `// Source: ${source}.`,
    jsonWithTimes({ header: d.header, claims: d.claims, verified: check.status === 'verified' }, nowSeconds),
  ].join('\n');
}
