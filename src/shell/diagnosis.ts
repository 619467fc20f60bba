/**
 * The shell's one call into the core's diagnosis for a finished exchange, so every
 * command, the tree and the log show the same findings. Key facts (key type, secret
 * length) are derived here without handing the secret itself to the diagnosis.
 */
import {
  diagnose,
  type ClientProfile,
  type ClientSecrets,
  type Exchange,
  type Finding,
  type KeyFacts,
  type LoadedKey,
  type RecentSuccess,
  type ServerMetadata,
} from '../core';

/** Non-secret facts about the profile's key or secret. */
export function keyFacts(secrets: ClientSecrets, key: LoadedKey | undefined): KeyFacts | undefined {
  if (key) return { kty: key.kty, ...(key.crv ? { crv: key.crv } : {}) };
  if (secrets.clientSecret) return { kty: 'oct', secretBytes: Buffer.byteLength(secrets.clientSecret, 'utf8') };
  return undefined;
}

/**
 * Findings for a finished exchange, most severe and most likely first (never throws);
 * `recentSuccesses` (from the history) rule out causes such as "not registered".
 */
export function diagnoseExchange(
  exchange: Exchange,
  profile: ClientProfile,
  metadata: ServerMetadata | undefined,
  key?: KeyFacts,
  recentSuccesses: RecentSuccess[] = [],
): Finding[] {
  try {
    return diagnose({
      exchange,
      profile,
      ...(metadata ? { metadata } : {}),
      ...(key ? { key } : {}),
      ...(recentSuccesses.length ? { recentSuccesses } : {}),
    });
  } catch {
    // A diagnosis bug must not hide the exchange itself.
    return [];
  }
}
