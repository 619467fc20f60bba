/**
 * Per-profile working state of this window: discovery metadata and the current tokens
 * (a memory cache of what SecretStorage holds). Exchanges are in the history
 * (history/exchange-history.ts), not here.
 */
import * as vscode from 'vscode';
import { decodeJwt, tokenExpiry, type DecodedJwt, type ServerMetadata, type TokenSet } from '../core/essentials';
import { BatchedReads } from './lifecycle/batched-reads';
import { Disposable } from './lifecycle/disposable';
import type { SecretStore } from './profiles/secret-store';

/** What the views show about a profile's current token. */
export interface TokenView {
  tokens: TokenSet;
  /** Decoded access token when it is a JWT. */
  decoded?: DecodedJwt;
  /** Epoch seconds from `expires_at`, else the JWT's `exp`; undefined when unknown. */
  expiresAt?: number;
}

export class Session extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string | undefined>());
  /** Fires with the profile id whose state changed (undefined: all). */
  readonly onDidChange = this.changed.event;

  private readonly metadataById = new Map<string, ServerMetadata>();
  private readonly tokensById = new Map<string, TokenView | undefined>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Per profile: the number of the latest read or write (older reads are discarded). */
  private readonly generation = new Map<string, number>();
  /** First reads of token states, batched: a tree of 10,000 clients refreshes once per batch. */
  private readonly firstReads = new BatchedReads<string>((ids) => this.readBatch(ids));

  constructor(
    private readonly secrets: SecretStore,
    private readonly onSecretError: (e: unknown) => void,
  ) {
    super();
    this._register(
      secrets.onDidChange(({ profileId, kind }) => {
        // Another window (or this one) changed the secret: re-read it.
        if (kind === 'tokens') void this.reloadTokens(profileId);
        else this.changed.fire(profileId);
      }),
    );
  }

  metadata(profileId: string): ServerMetadata | undefined {
    return this.metadataById.get(profileId);
  }

  setMetadata(profileId: string, metadata: ServerMetadata | undefined): void {
    if (metadata) this.metadataById.set(profileId, metadata);
    else this.metadataById.delete(profileId);
    this.changed.fire(profileId);
  }

  /**
   * The cached token view. When not loaded yet, queues a read from SecretStorage; the
   * reads queued during one render are done together, with one change event per batch.
   */
  token(profileId: string): TokenView | undefined {
    if (!this.tokensById.has(profileId) && !this.loading.has(profileId)) this.firstReads.request(profileId);
    return this.tokensById.get(profileId);
  }

  /** Re-reads the tokens of many profiles (the Refresh command): one change event per 1,000. */
  async reloadAll(profileIds: readonly string[]): Promise<void> {
    for (let i = 0; i < profileIds.length; i += 1000) await this.readBatch(profileIds.slice(i, i + 1000));
  }

  /** Reads the tokens of `ids` together; a newer read or write of a profile wins over this one. */
  private async readBatch(ids: string[]): Promise<void> {
    const generations = ids.map((id) => this.nextGeneration(id));
    const results = await Promise.allSettled(ids.map((id) => this.secrets.tokens(id)));
    let failure: { reason: unknown } | undefined;
    results.forEach((r, i) => {
      const id = ids[i]!;
      if (this.generation.get(id) !== generations[i]) return;
      if (r.status === 'fulfilled') this.tokensById.set(id, r.value ? toTokenView(r.value) : undefined);
      else {
        this.tokensById.set(id, undefined);
        failure ??= { reason: r.reason };
      }
    });
    // One report per batch: a locked keychain fails every read the same way.
    if (failure) this.onSecretError(failure.reason);
    this.changed.fire(undefined);
  }

  /** True once the profile's tokens were read from SecretStorage. */
  tokenLoaded(profileId: string): boolean {
    return this.tokensById.has(profileId);
  }

  private nextGeneration(profileId: string): number {
    const gen = (this.generation.get(profileId) ?? 0) + 1;
    this.generation.set(profileId, gen);
    return gen;
  }

  /**
   * Re-reads the profile's tokens from SecretStorage and notifies views. A read that
   * started before a later read or write never overwrites the newer value (a change
   * from another window can land while a read is in flight).
   * @param fresh false: reuse a read already in flight (first display only).
   */
  reloadTokens(profileId: string, fresh = true): Promise<void> {
    const pending = this.loading.get(profileId);
    if (pending && !fresh) return pending;
    const gen = this.nextGeneration(profileId);
    const p: Promise<void> = this.secrets
      .tokens(profileId)
      .then(
        (t) => {
          if (this.generation.get(profileId) === gen) this.tokensById.set(profileId, t ? toTokenView(t) : undefined);
        },
        (e: unknown) => {
          if (this.generation.get(profileId) === gen) this.tokensById.set(profileId, undefined);
          this.onSecretError(e);
        },
      )
      .finally(() => {
        if (this.loading.get(profileId) === p) this.loading.delete(profileId);
        this.changed.fire(profileId);
      });
    this.loading.set(profileId, p);
    return p;
  }

  /** Stores new tokens in SecretStorage (the only place they persist) and updates views. */
  async setTokens(profileId: string, tokens: TokenSet | undefined): Promise<void> {
    await this.secrets.setTokens(profileId, tokens);
    this.nextGeneration(profileId);
    this.tokensById.set(profileId, tokens ? toTokenView(tokens) : undefined);
    this.changed.fire(profileId);
  }

  /** Forgets everything about a profile (deleted). */
  forget(profileId: string): void {
    this.metadataById.delete(profileId);
    this.tokensById.delete(profileId);
    this.nextGeneration(profileId);
    this.changed.fire(profileId);
  }
}

/** Derives the display view of a token set (expiry from `expires_at`, else the JWT's `exp`). */
export function toTokenView(tokens: TokenSet): TokenView {
  const view: TokenView = { tokens };
  try {
    view.decoded = decodeJwt(tokens.access_token);
  } catch {
    // Opaque token: nothing to decode.
  }
  const expiresAt = tokenExpiry(tokens);
  if (expiresAt !== undefined) view.expiresAt = expiresAt;
  return view;
}
