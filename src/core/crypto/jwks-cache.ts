/**
 * The issuers' key sets that {@link verifyJwt} checks signatures with: fetched at most
 * once per TTL per `jwks_uri` (the server's Cache-Control `max-age` or `Expires`,
 * bounded), concurrent verifications share one fetch, and imported keys are kept
 * with the set (jose's local key set caches each key it imports). A token whose
 * `kid` is not in the set triggers one refetch — not more often than once per
 * cooldown, so a stream of forged kids cannot turn the verifier into a fetch loop.
 */
import { createLocalJWKSet, type JWK } from 'jose';

/** Bounds of the time a fetched key set is reused (ms). */
export const JWKS_TTL = {
  /** When the response says nothing about caching (jose's remote key set uses the same). */
  defaultMs: 10 * 60_000,
  /** Floor, also for `no-cache`/`no-store`: a verifier must not fetch per token. */
  minMs: 30_000,
  /** Ceiling: rotated keys are picked up within a day even if the server says a year. */
  maxMs: 24 * 60 * 60_000,
} as const;

/** Minimum time between two fetches of one key set caused by unknown `kid`s (ms). */
export const UNKNOWN_KID_COOLDOWN_MS = 30_000;

/** A fetched key set: its keys and the response headers that say how long to keep it. */
export interface FetchedJwks {
  keys: { keys: JWK[] };
  headers: Record<string, string>;
}

/** A cached key set, ready for jose's `jwtVerify`. */
export interface CachedJwks {
  keys: { keys: JWK[] };
  getKey: ReturnType<typeof createLocalJWKSet>;
  /** Epoch ms of the fetch. */
  fetchedAt: number;
  /** Epoch ms after which the next verification fetches again. */
  expiresAt: number;
}

/**
 * How long to reuse a key set, from its response headers (ms, within {@link JWKS_TTL}):
 * `Cache-Control: max-age` (minus `Age`), else `Expires` (relative to `Date`, else to
 * now), else the default; `no-store`/`no-cache` give the floor.
 */
export function jwksTtlMs(headers: Record<string, string>, nowMs: number): number {
  const clamp = (ms: number): number => Math.min(JWKS_TTL.maxMs, Math.max(JWKS_TTL.minMs, ms));
  // Real Cache-Control values are short; only the first 1 KiB is read, so junk costs nothing.
  const cc = (headers['cache-control'] ?? '').slice(0, 1024).toLowerCase();
  if (/(^|[\s,])(no-store|no-cache)([\s,=]|$)/.test(cc)) return JWKS_TTL.minMs;
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d{1,10})"?/.exec(cc);
  if (maxAge) {
    const age = Number(/^\s*(\d{1,10})\s*$/.exec((headers['age'] ?? '').slice(0, 64))?.[1] ?? 0);
    return clamp((Number(maxAge[1]) - age) * 1000);
  }
  const expires = headers['expires'];
  if (expires !== undefined) {
    const at = httpDate(expires);
    // An invalid Expires (often "0" or "-1") means already expired (RFC 9111 §5.3).
    if (Number.isNaN(at)) return JWKS_TTL.minMs;
    const date = httpDate(headers['date'] ?? '');
    return clamp(at - (Number.isNaN(date) ? nowMs : date));
  }
  return JWKS_TTL.defaultMs;
}

/** Epoch ms of an HTTP date (29 characters); NaN for anything else — long text never reaches Date.parse. */
function httpDate(text: string): number {
  return text.length <= 64 ? Date.parse(text) : NaN;
}

/** Key sets by `jwks_uri`. One shared instance serves the core unless a caller brings its own. */
export class JwksCache {
  private readonly entries = new Map<string, CachedJwks>();
  private readonly inflight = new Map<string, Promise<CachedJwks>>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** The key set of `uri`: the cached one while fresh, else fetched with `fetch` (failures are not cached). */
  get(uri: string, fetch: () => Promise<FetchedJwks>): Promise<CachedJwks> {
    const hit = this.entries.get(uri);
    if (hit && this.nowMs() < hit.expiresAt) return Promise.resolve(hit);
    return this.fetchOnce(uri, fetch);
  }

  /**
   * After a token named a `kid` the cached set lacks: fetches the set again, unless it
   * was fetched less than {@link UNKNOWN_KID_COOLDOWN_MS} ago (then undefined: the
   * token is judged against the set as it is).
   */
  async refetchForUnknownKid(uri: string, fetch: () => Promise<FetchedJwks>): Promise<CachedJwks | undefined> {
    const pending = this.inflight.get(uri);
    if (pending) return pending;
    const hit = this.entries.get(uri);
    if (hit && this.nowMs() - hit.fetchedAt < UNKNOWN_KID_COOLDOWN_MS) return undefined;
    return this.fetchOnce(uri, fetch);
  }

  /** Forgets one key set, or all. */
  clear(uri?: string): void {
    if (uri === undefined) this.entries.clear();
    else this.entries.delete(uri);
  }

  private fetchOnce(uri: string, fetch: () => Promise<FetchedJwks>): Promise<CachedJwks> {
    const pending = this.inflight.get(uri);
    if (pending) return pending;
    const p = fetch()
      .then(({ keys, headers }) => {
        const fetchedAt = this.nowMs();
        const entry: CachedJwks = {
          keys,
          getKey: createLocalJWKSet(keys),
          fetchedAt,
          expiresAt: fetchedAt + jwksTtlMs(headers, fetchedAt),
        };
        this.entries.set(uri, entry);
        return entry;
      })
      .finally(() => this.inflight.delete(uri));
    this.inflight.set(uri, p);
    return p;
  }
}

/** The cache `verifyJwt` uses when the caller gives none. */
export const sharedJwksCache = new JwksCache();
