/**
 * Runs one core operation for a profile, the same way for every command and the
 * request panel: discovery metadata (cached per session), the profile's secrets
 * (prompting in interactive mode), the origin check of SECURITY.md 6, progress with
 * Cancel (AbortSignal into the core), then logging, diagnosis and the session record.
 * The OAuth work itself is the core's.
 */
import * as vscode from 'vscode';
import {
  certificateFacts,
  discover,
  dpopActive,
  DpopNonces,
  endpointLabel,
  generateDpopKey,
  WorkbenchError,
  type CallContext,
  type ClientSecrets,
  type CredentialedSend,
  type Exchange,
  type Finding,
  type KeyFacts,
  type ServerMetadata,
} from '../core';
import { diagnoseExchange, keyFacts } from './diagnosis';
import { trustedSetting, type HttpSettings } from './http/http-options';
import { ASSERTION_LIFETIME_SECONDS, validateNumber } from './settings/numeric-settings';
import { reportSettingProblem } from './settings/setting-problems';
import type { ExchangeLog } from './output/exchange-log';
import { missingSecret, requiredSecret, type Credentials, type SecretField } from './profiles/credentials';
import { originOf, type OriginBinding } from './profiles/origin-binding';
import { coreFields, type WorkbenchProfile } from './profiles/profile-store';
import type { KeyCache } from '../core';
import type { LastResult, Session } from './session';

/** How a run may interact with the user. */
export interface RunMode {
  /** May show UI: progress with Cancel, modal origin consent, secret prompts. */
  interactive: boolean;
  /** Non-interactive consent to send credentials to an origin they were not entered for. */
  allowNewOrigin?: boolean;
  /** Cancellation from an outer progress (the panel, a test). */
  signal?: AbortSignal;
}

export interface RunRequest<T> {
  profile: WorkbenchProfile;
  /** Progress title, e.g. "Getting a token for Billing". */
  title: string;
  call: (ctx: CallContext) => Promise<Exchange<T>>;
  /** One-line summary for the tree, e.g. `introspect → 200, active`. */
  summarize: (exchange: Exchange<T>) => string;
  /** Success beyond "no error" (e.g. introspection that answered). Default: no `error`. */
  ok?: (exchange: Exchange<T>) => boolean;
}

export interface RunResult<T> {
  exchange: Exchange<T>;
  findings: Finding[];
  last: LastResult;
}

/** Asks the user for a missing secret; resolves false when they cancelled. */
export type SecretPrompt = (profile: WorkbenchProfile, field: SecretField, metadata: ServerMetadata | undefined) => Promise<boolean>;

export class ExchangeRunner {
  /** Set by activate() once the UI prompt module exists (keeps this module UI-free). */
  promptSecret: SecretPrompt | undefined;
  /** The latest DPoP-Nonce of each server, for this window (nonces are not secrets). */
  readonly dpopNonces = new DpopNonces();

  constructor(
    private readonly session: Session,
    private readonly credentials: Credentials,
    private readonly origins: OriginBinding,
    private readonly http: HttpSettings,
    private readonly keyCache: KeyCache,
    private readonly log: ExchangeLog,
  ) {}

  /** The profile as the core sees it, with the default assertion lifetime from settings. */
  coreProfile(profile: WorkbenchProfile): WorkbenchProfile {
    if (profile.assertionLifetime !== undefined) return profile;
    const lifetime = validateNumber(ASSERTION_LIFETIME_SECONDS, trustedSetting<unknown>('oauthWorkbench.assertion', 'lifetimeSeconds'));
    reportSettingProblem(lifetime.problem);
    return { ...profile, assertionLifetime: lifetime.value };
  }

  /** Runs `fn` under a progress notification with Cancel (interactive) or a window progress. */
  async withProgress<R>(title: string, mode: RunMode, fn: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const controller = new AbortController();
    const outer = mode.signal;
    if (outer) {
      if (outer.aborted) controller.abort();
      else outer.addEventListener('abort', () => controller.abort(), { once: true });
    }
    return vscode.window.withProgress(
      {
        location: mode.interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title,
        cancellable: mode.interactive,
      },
      (_progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return fn(controller.signal);
      },
    );
  }

  /**
   * Discovery metadata for a profile: cached for the session, fetched when missing or
   * when `force`. A profile that sets its endpoints works without discovery.
   * @throws DiscoveryError | ConfigError when discovery fails and the profile has no token endpoint.
   */
  async metadata(profile: WorkbenchProfile, signal: AbortSignal | undefined, force = false): Promise<ServerMetadata | undefined> {
    const cached = this.session.metadata(profile.id);
    if (cached && !force) return cached;
    try {
      const { metadata, exchange } = await discover(profile.issuer, {
        http: this.http.options(signal),
        ...(profile.discoveryWithClientId ? { clientId: profile.clientId } : {}),
        ...(profile.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
      });
      this.log.exchange(exchange, [], profile.name);
      this.session.setMetadata(profile.id, metadata);
      return metadata;
    } catch (e) {
      const exchanges = (e as { exchanges?: Exchange[] }).exchanges;
      for (const x of exchanges ?? []) this.log.exchange(x, [], profile.name);
      if (!force && profile.endpoints?.token) {
        this.log.warn(
          `Discovery for "${profile.name}" failed; using the endpoints set in the profile. ${e instanceof Error ? e.message : ''}`,
        );
        return undefined;
      }
      throw e;
    }
  }

  /** The profile's secrets; prompts for a missing one when interactive, else refuses. */
  async secrets(profile: WorkbenchProfile, metadata: ServerMetadata | undefined, mode: RunMode): Promise<ClientSecrets> {
    const field = requiredSecret(profile.authMethod);
    let secrets: ClientSecrets;
    try {
      secrets = await this.credentials.load(profile);
    } catch (e) {
      // SECURITY.md 16: a keychain that fails to read is reported and the user is asked
      // again (after unlocking it); the secret is still only ever saved to SecretStorage.
      const storageFailed = e instanceof WorkbenchError && e.code === 'SECRET_STORAGE_FAILED';
      if (!storageFailed || !field || !mode.interactive || !this.promptSecret) throw e;
      const again = field === 'clientSecret' ? 'Enter the Client Secret Again' : 'Enter the Private Key Again';
      if ((await vscode.window.showErrorMessage(e.message, again)) !== again) throw e;
      if (!(await this.promptSecret(profile, field, metadata))) throw e;
      return this.credentials.require(profile);
    }
    if (!field || secrets[field]) return secrets;
    if (mode.interactive && this.promptSecret && (await this.promptSecret(profile, field, metadata))) {
      return this.credentials.require(profile);
    }
    throw missingSecret(profile, field);
  }

  /**
   * SECURITY.md 6: before credentials go to `url`, its origin must be one the secret was
   * entered for. Nothing bound yet (a secret stored before bindings existed): binds the
   * issuer's origin only, so metadata or edits cannot silently widen the binding.
   * @throws WorkbenchError ORIGIN_NOT_ALLOWED when refused.
   */
  async ensureOrigin(profile: WorkbenchProfile, url: string, what: string, mode: RunMode, carries?: readonly string[]): Promise<void> {
    if (this.origins.origins(profile.id).length === 0) await this.origins.bind(profile.id, [profile.issuer]);
    if (!this.origins.isNewOrigin(profile.id, url)) return;
    const target = originOf(url) ?? url;
    const known = this.origins.origins(profile.id).join(', ') || 'no origin';
    if (mode.allowNewOrigin) {
      this.log.warn(
        `"${profile.name}": sending credentials to the new origin ${target} (${what}), allowed by the caller (allowNewOrigin).`,
      );
      await this.origins.bind(profile.id, [url]);
      return;
    }
    if (mode.interactive) {
      const allow = 'Send and Remember';
      const answer = await vscode.window.showWarningMessage(
        `Send the credentials of "${profile.name}" to ${target}?`,
        {
          modal: true,
          detail: `Its secrets were entered for ${known}. This ${what} request would send ${carries?.length ? listed(carries) : 'the client authentication and tokens'} to ${target}, which changed since then (discovery metadata, a profile edit, an import or a setting). Only continue if ${target} belongs to the same provider.`,
        },
        allow,
      );
      if (answer === allow) {
        await this.origins.bind(profile.id, [url]);
        this.log.info(`"${profile.name}": the user allowed credentials for ${target}.`);
        return;
      }
    }
    throw new WorkbenchError(
      'ORIGIN_NOT_ALLOWED',
      `Refused to send the credentials of "${profile.name}" to ${target}: they were entered for ${known}. ` +
        (mode.interactive
          ? "Confirm the new origin when asked, or fix the profile's issuer and endpoints."
          : 'Run the command interactively to confirm, or pass allowNewOrigin: true.'),
    );
  }

  /**
   * What a core call needs for `profile` (already {@link coreProfile}): discovery metadata,
   * the secrets (prompting as `mode` allows) and the CallContext built from them.
   */
  async callContext(
    profile: WorkbenchProfile,
    signal: AbortSignal | undefined,
    mode: RunMode,
  ): Promise<{ metadata: ServerMetadata | undefined; secrets: ClientSecrets; ctx: CallContext }> {
    const metadata = await this.metadata(profile, signal);
    const secrets = await this.withDpopKey(profile, metadata, await this.secrets(profile, metadata, mode));
    const ctx: CallContext = {
      profile: coreFields(profile),
      secrets,
      http: this.http.options(signal),
      keyCache: this.keyCache,
      dpopNonces: this.dpopNonces,
      // The core calls this right before any credential leaves, at every step of every flow.
      beforeCredentialedSend: (send: CredentialedSend) => this.ensureOrigin(profile, send.url, sendLabel(send), mode, send.carries),
    };
    if (metadata) ctx.metadata = metadata;
    return { metadata, secrets, ctx };
  }

  /**
   * A DPoP client without a DPoP key gets one (ES256, or the profile's dpopAlg), kept in
   * SecretStorage like every key; its thumbprint is logged so it can be registered.
   */
  private async withDpopKey(
    profile: WorkbenchProfile,
    metadata: ServerMetadata | undefined,
    secrets: ClientSecrets,
  ): Promise<ClientSecrets> {
    if (secrets.dpopKey || !dpopActive(profile, metadata)) return secrets;
    const key = await generateDpopKey(profile.dpopAlg);
    await this.credentials.save(profile, 'dpopKey', key.privateKeyPem, { rebind: false });
    this.log.info(`"${profile.name}": generated a DPoP key (${key.alg}, thumbprint ${key.jkt}).`);
    return { ...secrets, dpopKey: key.privateKeyPem };
  }

  /** Non-secret facts about the profile's key or secret for the diagnosis; the key comes from the session's cache. */
  async keyFacts(profile: WorkbenchProfile, secrets: ClientSecrets): Promise<KeyFacts | undefined> {
    const key =
      profile.authMethod === 'private_key_jwt' && secrets.privateKey
        ? await this.keyCache.get(profile.id, secrets.privateKey, profile.keyId).catch(() => undefined)
        : undefined;
    const certificates = await certificateFacts(secrets);
    const facts = keyFacts(secrets, key);
    return Object.keys(certificates).length ? { ...facts, ...certificates } : facts;
  }

  /** Runs one operation end to end (see the module comment). */
  async run<T>(req: RunRequest<T>, mode: RunMode): Promise<RunResult<T>> {
    const profile = this.coreProfile(req.profile);
    return this.withProgress(req.title, mode, async (signal) => {
      const { metadata, secrets, ctx } = await this.callContext(profile, signal, mode);
      const exchange = await req.call(ctx);
      const findings = diagnoseExchange(exchange, coreFields(profile), metadata, await this.keyFacts(profile, secrets));
      this.log.exchange(exchange, findings, profile.name);
      const ok = req.ok ? req.ok(exchange) : exchange.error === undefined;
      const last = this.session.recordExchange(profile.id, exchange, findings, req.summarize(exchange), ok);
      return { exchange, findings, last };
    });
  }
}

/** "token endpoint", "API" — what the consent prompt calls the request's target. */
function sendLabel(send: CredentialedSend): string {
  return send.endpoint === 'resource' ? 'API' : endpointLabel(send.endpoint);
}

/** `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
