/**
 * The latest `DPoP-Nonce` each server gave (RFC 9449 §8, §9), keyed by origin: the
 * authorization server and every resource server keep their own. Nonces are not
 * secrets; the shell keeps one store per window so a nonce outlives one request.
 */
export class DpopNonces {
  private readonly byOrigin = new Map<string, string>();

  /** The nonce to put in the next proof to `url`, if the server gave one. */
  get(url: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin);
  }

  /** Remembers `DPoP-Nonce` from a response of `url` (the latest wins). */
  remember(url: string, headers: Record<string, string>): string | undefined {
    const nonce = headers['dpop-nonce']?.trim();
    if (nonce) this.byOrigin.set(new URL(url).origin, nonce);
    return nonce || undefined;
  }

  /** Forgets every nonce (tests; a new session). */
  clear(): void {
    this.byOrigin.clear();
  }
}
