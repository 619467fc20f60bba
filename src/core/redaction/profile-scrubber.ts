/**
 * The scrubber of a profile's own secrets (client secret, signing/DPoP/mTLS keys), kept
 * across calls: every call of a client scrubs with it, and its secrets change only when
 * the user changes them. Building it (the PEM's lines, every encoded form) was a fifth
 * of a client_credentials call's CPU when it was rebuilt per call.
 */
import type { ClientSecrets } from '../types';
import { clientSecrets } from './call-secrets';
import { Scrubber } from './scrubber';

/** Profiles whose scrubbers are kept (a bound; the cache starts over when full). */
const MAX_KEPT = 32;
const kept = new Map<string, Scrubber>();

/** The same secrets give the same scrubber (its encoded forms are built once). */
export function profileScrubber(secrets: ClientSecrets | undefined): Scrubber {
  if (!secrets) return Scrubber.none;
  const key = [
    secrets.clientSecret,
    secrets.privateKey,
    secrets.dpopKey,
    secrets.clientCertificateKey,
    secrets.clientPkcs12,
    secrets.clientCertificatePassphrase,
  ].join('\u0000');
  const known = kept.get(key);
  if (known) return known;
  if (kept.size >= MAX_KEPT) kept.clear();
  const scrubber = Scrubber.of(clientSecrets(secrets));
  kept.set(key, scrubber);
  return scrubber;
}
