/**
 * "Add client": a guide (issuer → discovery, showing what the server supports →
 * client id → auth method from what the server supports → secret or private key →
 * alg and kid → audience mode with a provider-aware default → scope → name), each
 * step validated; or, with an argument object, the same without UI.
 */
import * as vscode from 'vscode';
import {
  assertAlgForKey,
  detectProvider,
  discover,
  importPrivateKey,
  loadClientCertificate,
  WorkbenchError,
  type ClientSecrets,
  type AudienceMode,
  type ClientAuthMethod,
  type JWK,
  type LoadedKey,
  type ServerMetadata,
  type SigningAlg,
} from '../../core';
import { requiredSecret } from '../profiles/credentials';
import { isHttpUrl, parseProfileFields, urlProblem, type ProfileFields } from '../profiles/profile-schema';
import type { WorkbenchProfile } from '../profiles/profile-store';
import { CREDENTIAL_KINDS } from '../profiles/secret-store';
import type { ShellServices } from '../services';
import { pickPrivateKey, presentPublicJwks } from '../ui/key-material';
import { FlowCancelled, isButton, MultiStepInput, type InputStep } from '../ui/multi-step-input';
import { bool, str, type Invocation } from './args';
import { profileSummary, registerCommand } from './command-kit';

const METHOD_INFO: Record<ClientAuthMethod, { label: string; detail: string }> = {
  private_key_jwt: {
    label: 'private_key_jwt',
    detail: 'Signed JWT with your private key (the provider holds the public key). Most secure.',
  },
  client_secret_basic: { label: 'client_secret_basic', detail: 'Client id and secret in the HTTP Basic header.' },
  client_secret_post: { label: 'client_secret_post', detail: 'Client id and secret in the form body.' },
  client_secret_jwt: { label: 'client_secret_jwt', detail: 'JWT signed with the client secret (HMAC).' },
  none: { label: 'none', detail: 'Public client: client_id only (no client authentication).' },
  tls_client_auth: {
    label: 'tls_client_auth',
    detail: 'Mutual TLS with a CA-issued client certificate (RFC 8705); the server matches its subject.',
  },
  self_signed_tls_client_auth: {
    label: 'self_signed_tls_client_auth',
    detail: 'Mutual TLS with a self-signed certificate registered at the server (RFC 8705).',
  },
};

const AUDIENCE_INFO: Record<AudienceMode, string> = {
  issuer: 'The issuer identifier — the RFC 7523bis default; oidc-provider, Auth0, Keycloak',
  endpoint: 'The URL of the endpoint being called — what Okta requires',
  token_endpoint: 'Always the token endpoint — Entra ID and many older servers',
  custom: 'A value you type',
};

/** The provider-aware default audience mode for an issuer (e.g. `endpoint` for Okta). */
export function defaultAudience(issuer: string): AudienceMode {
  return detectProvider(issuer).acceptedAudiences[0] ?? 'issuer';
}

interface GuideState {
  issuer: string;
  metadata?: ServerMetadata;
  clientId: string;
  authMethod?: ClientAuthMethod;
  clientSecret?: string;
  privateKey?: string;
  loadedKey?: LoadedKey;
  generatedJwks?: { keys: JWK[] };
  signingAlg?: SigningAlg;
  keyId?: string;
  audience?: AudienceMode;
  customAudience?: string;
  tokenEndpoint?: string;
  scope?: string;
  name?: string;
}

const TOTAL = 9;

function supportedMethods(m: ServerMetadata | undefined): string[] | undefined {
  return m?.token_endpoint_auth_methods_supported;
}

export function registerAddProfile(s: ShellServices): vscode.Disposable[] {
  const discoverIssuer = async (issuer: string, signal?: AbortSignal): Promise<ServerMetadata> => {
    const { metadata, exchange } = await discover(issuer, { http: s.http.options(signal) });
    s.log.exchange(exchange, []);
    return metadata;
  };

  /** Saves a new profile with its secret, makes it active and returns it. */
  const save = async (
    fields: ProfileFields,
    secret: ClientSecrets,
    metadata: ServerMetadata | undefined,
    makeActive: boolean,
  ): Promise<WorkbenchProfile> => {
    const profile = await s.store.add(fields);
    if (metadata) s.session.setMetadata(profile.id, metadata);
    try {
      for (const kind of CREDENTIAL_KINDS) {
        const value = secret[kind];
        if (value) await s.credentials.save(profile, kind, value);
      }
    } catch (e) {
      // SecretStorage refused: keep no half-made profile around.
      await s.store.remove(profile.id);
      throw e;
    }
    if (makeActive || !s.store.active() || s.store.list().length === 1) await s.store.setActive(profile.id);
    s.log.info(`Added client "${profile.name}" (${profile.clientId}, ${profile.authMethod}) for ${profile.issuer}.`);
    return profile;
  };

  const nonInteractive = async (args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const fields = parseProfileFields(args, 'addProfile');
    const clientSecret = str(args, 'clientSecret');
    const privateKey = str(args, 'privateKey');
    let metadata: ServerMetadata | undefined;
    if (bool(args, 'discover') !== false) {
      try {
        metadata = await discoverIssuer(fields.issuer);
      } catch (e) {
        if (!fields.endpoints?.token) throw e;
        s.log.warn(`addProfile: discovery for ${fields.issuer} failed; using the given endpoints.`);
      }
    }
    if (privateKey) {
      if (fields.authMethod !== 'private_key_jwt')
        throw new WorkbenchError(
          'CONFIG_INVALID',
          `A private key is only used by private_key_jwt (this profile uses ${fields.authMethod}).`,
        );
      const loaded = await importPrivateKey(privateKey, fields.keyId ? { kid: fields.keyId } : {});
      if (fields.signingAlg) assertAlgForKey(loaded, fields.signingAlg);
    }
    if (clientSecret && requiredSecret(fields.authMethod) !== 'clientSecret') {
      throw new WorkbenchError('CONFIG_INVALID', `A client secret is not used by ${fields.authMethod}.`);
    }
    if ((fields.authMethod === 'private_key_jwt' || fields.authMethod === 'client_secret_jwt') && !fields.audience) {
      fields.audience = defaultAudience(fields.issuer);
    }
    const methods = supportedMethods(metadata);
    if (methods && !methods.includes(fields.authMethod)) {
      s.log.warn(
        `addProfile: ${fields.issuer} does not list ${fields.authMethod} in token_endpoint_auth_methods_supported (${methods.join(', ')}).`,
      );
    }
    // The credentials of sender-constrained clients, stored as given (SecretStorage only).
    const extra: ClientSecrets = {};
    for (const kind of ['signingCertificate', 'dpopKey', 'clientCertificate', 'clientCertificateKey', 'clientPkcs12'] as const) {
      const v = str(args, kind);
      if (v) extra[kind] = v;
    }
    if (typeof args.clientCertificatePassphrase === 'string' && args.clientCertificatePassphrase) {
      extra.clientCertificatePassphrase = args.clientCertificatePassphrase;
    }
    if (extra.clientCertificate || extra.clientPkcs12) await loadClientCertificate(extra);
    if (extra.dpopKey) await importPrivateKey(extra.dpopKey);
    const profile = await save(
      fields,
      { ...extra, ...(clientSecret ? { clientSecret } : {}), ...(privateKey ? { privateKey } : {}) },
      metadata,
      bool(args, 'setActive') !== false,
    );
    return profileSummary(s, profile);
  };

  const guide = async (fromIssuer: boolean, prefill: Partial<GuideState> = {}): Promise<Record<string, unknown> | undefined> => {
    const title = fromIssuer ? 'Add OAuth Client from Issuer' : 'Add OAuth Client';
    const st: GuideState = { issuer: '', clientId: '', ...prefill };
    if (!st.issuer && fromIssuer) {
      const clip = (await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '')).trim();
      if (isHttpUrl(clip) && clip.length < 300) st.issuer = clip;
    }

    const issuerStep: InputStep = async (input) => {
      const value = await input.showInputBox({
        title,
        step: 1,
        totalSteps: TOTAL,
        prompt: 'Issuer URL of the authorization server (its discovery document is read next)',
        placeholder: 'https://your-org.okta.com/oauth2/default',
        value: st.issuer,
        validate: (v) => urlProblem(v, 'issuer URL'),
      });
      if (isButton(value)) return issuerStep;
      // Kept exactly as typed: discovery must return this exact issuer (trailing slash included).
      st.issuer = value.trim();
      input.setBusy(true, `${title} — discovering ${st.issuer}…`);
      try {
        st.metadata = await discoverIssuer(st.issuer);
        st.tokenEndpoint = undefined;
      } catch (e) {
        st.metadata = undefined;
        input.setBusy(false, title);
        return discoveryFailedStep(e instanceof Error ? e.message : String(e));
      }
      input.setBusy(false, title);
      return supportStep;
    };

    const discoveryFailedStep =
      (message: string): InputStep =>
      async (input) => {
        type Item = vscode.QuickPickItem & { id: 'retry' | 'manual' | 'issuer' };
        const picked = await input.showQuickPick<Item>({
          title,
          step: 2,
          totalSteps: TOTAL,
          placeholder: `Discovery failed: ${message.split('\n')[0]}`,
          items: [
            {
              id: 'issuer',
              label: '$(edit) Change the issuer URL',
              detail: message.split('\n').slice(1).join(' ').slice(0, 200) || undefined,
            },
            { id: 'retry', label: '$(refresh) Retry discovery' },
            { id: 'manual', label: '$(link) Enter the token endpoint manually', detail: 'For servers without a discovery document' },
          ],
        });
        if (typeof picked === 'string' || isButton(picked)) return discoveryFailedStep(message);
        if (picked.id === 'issuer') return issuerStep;
        if (picked.id === 'retry') {
          try {
            st.metadata = await discoverIssuer(st.issuer);
            return supportStep;
          } catch (e) {
            return discoveryFailedStep(e instanceof Error ? e.message : String(e));
          }
        }
        const url = await input.showInputBox({
          title,
          step: 2,
          totalSteps: TOTAL,
          prompt: 'Token endpoint URL (introspection and revocation can be added later with "Edit Client")',
          value: st.tokenEndpoint ?? `${st.issuer.replace(/\/+$/, '')}/token`,
          validate: (v) => urlProblem(v, 'token endpoint URL'),
        });
        if (isButton(url)) return discoveryFailedStep(message);
        st.tokenEndpoint = url.trim();
        return clientIdStep;
      };

    const supportStep: InputStep = async (input) => {
      const m = st.metadata!;
      const yes = (v: unknown) => (typeof v === 'string' && v ? '$(check)' : '$(close)');
      const list = (v: string[] | undefined) => (v && v.length ? v.join(', ') : 'not listed');
      const items: vscode.QuickPickItem[] = [
        {
          label: `$(arrow-right) Continue with ${m.issuer}`,
          detail: detectProvider(m.issuer).kind !== 'generic' ? `Recognised: ${detectProvider(m.issuer).name}` : undefined,
        },
        { label: 'Endpoints', kind: vscode.QuickPickItemKind.Separator },
        { label: `${yes(m.token_endpoint)} token`, description: m.token_endpoint ?? 'missing' },
        { label: `${yes(m.introspection_endpoint)} introspection`, description: m.introspection_endpoint ?? 'not offered' },
        { label: `${yes(m.revocation_endpoint)} revocation`, description: m.revocation_endpoint ?? 'not offered' },
        {
          label: `${yes(m.device_authorization_endpoint)} device authorization`,
          description: m.device_authorization_endpoint ?? 'not offered',
        },
        { label: 'Supports', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(shield) client authentication', description: list(m.token_endpoint_auth_methods_supported) },
        { label: '$(symbol-key) assertion algorithms', description: list(m.token_endpoint_auth_signing_alg_values_supported) },
        { label: '$(symbol-event) grant types', description: list(m.grant_types_supported) },
        { label: '$(list-flat) scopes', description: list(m.scopes_supported) },
      ];
      const picked = await input.showQuickPick({
        title,
        step: 2,
        totalSteps: TOTAL,
        placeholder: `What ${m.issuer} supports — press Enter to continue`,
        items,
        activeItem: items[0],
      });
      if (isButton(picked)) return supportStep;
      return clientIdStep;
    };

    const clientIdStep: InputStep = async (input) => {
      const value = await input.showInputBox({
        title,
        step: 3,
        totalSteps: TOTAL,
        prompt: 'Client ID, as registered at the provider',
        value: st.clientId,
        validate: (v) => (v.trim() === '' ? 'Enter the client ID.' : /\s/.test(v.trim()) ? 'A client ID has no spaces.' : undefined),
      });
      if (isButton(value)) return clientIdStep;
      st.clientId = value.trim();
      return methodStep;
    };

    const methodStep: InputStep = async (input) => {
      const supported = supportedMethods(st.metadata);
      type Item = vscode.QuickPickItem & { method: ClientAuthMethod };
      const order: ClientAuthMethod[] = ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'none'];
      const items: Item[] = order
        .map((method) => ({
          method,
          label: METHOD_INFO[method].label,
          description: supported
            ? supported.includes(method)
              ? '$(check) supported by the server'
              : '$(warning) not listed by the server'
            : undefined,
          detail: METHOD_INFO[method].detail,
        }))
        .sort((a, b) => Number(supported?.includes(b.method) ?? 0) - Number(supported?.includes(a.method) ?? 0));
      const preferred = st.authMethod ?? items.find((i) => !supported || supported.includes(i.method))?.method;
      const picked = await input.showQuickPick({
        title,
        step: 4,
        totalSteps: TOTAL,
        placeholder: 'How does this client authenticate?',
        items,
        activeItem: items.find((i) => i.method === preferred),
      });
      if (typeof picked === 'string' || isButton(picked)) return methodStep;
      if (st.authMethod !== picked.method) {
        st.clientSecret = undefined;
        st.privateKey = undefined;
        st.loadedKey = undefined;
        st.signingAlg = undefined;
        st.keyId = undefined;
      }
      st.authMethod = picked.method;
      if (picked.method === 'none') return scopeStep;
      return secretStep;
    };

    const secretStep: InputStep = async (input) => {
      if (st.authMethod === 'private_key_jwt') {
        const chosen = await pickPrivateKey(input, { title, step: 5, totalSteps: TOTAL });
        st.privateKey = chosen.material;
        st.loadedKey = chosen.loaded;
        st.generatedJwks = chosen.generatedJwks;
        return algStep;
      }
      const value = await input.showInputBox({
        title,
        step: 5,
        totalSteps: TOTAL,
        prompt: 'Client secret (kept in VS Code secret storage only)',
        password: true,
        value: st.clientSecret ?? '',
        validate: (v) =>
          v === ''
            ? 'Enter the client secret.'
            : v !== v.trim()
              ? 'The secret starts or ends with a space: check what you pasted.'
              : undefined,
      });
      if (isButton(value)) return secretStep;
      st.clientSecret = value;
      return st.authMethod === 'client_secret_jwt' ? algStep : scopeStep;
    };

    const algStep: InputStep = async (input) => {
      const serverAlgs = st.metadata?.token_endpoint_auth_signing_alg_values_supported;
      const keyAlgs: SigningAlg[] = st.authMethod === 'client_secret_jwt' ? ['HS256', 'HS384', 'HS512'] : (st.loadedKey?.algs ?? ['RS256']);
      type Item = vscode.QuickPickItem & { alg: SigningAlg };
      const items: Item[] = keyAlgs.map((alg) => ({
        alg,
        label: alg,
        description: serverAlgs
          ? serverAlgs.includes(alg)
            ? '$(check) supported by the server'
            : '$(warning) not listed by the server'
          : undefined,
      }));
      items.sort((a, b) => Number(serverAlgs?.includes(b.alg) ?? 0) - Number(serverAlgs?.includes(a.alg) ?? 0));
      const keyDesc = st.loadedKey ? ` (${st.loadedKey.description})` : '';
      const picked = await input.showQuickPick({
        title,
        step: 6,
        totalSteps: TOTAL,
        placeholder: `Signing algorithm for client assertions${keyDesc}`,
        items,
        activeItem: items.find((i) => i.alg === st.signingAlg) ?? items[0],
      });
      if (typeof picked === 'string' || isButton(picked)) return algStep;
      st.signingAlg = picked.alg;
      if (st.authMethod === 'private_key_jwt') {
        const kid = await input.showInputBox({
          title,
          step: 6,
          totalSteps: TOTAL,
          prompt:
            "Key ID (kid header): the kid the provider shows for the registered key. Default: the key's own kid or its RFC 7638 thumbprint.",
          value: st.keyId ?? st.loadedKey?.kid ?? '',
          validate: (v) => (/\s/.test(v.trim()) ? 'A kid has no spaces.' : undefined),
        });
        if (isButton(kid)) return algStep;
        st.keyId = kid.trim() && kid.trim() !== st.loadedKey?.kid ? kid.trim() : undefined;
      }
      return audienceStep;
    };

    const audienceStep: InputStep = async (input) => {
      const provider = detectProvider(st.issuer);
      const preferred = st.audience ?? defaultAudience(st.issuer);
      type Item = vscode.QuickPickItem & { mode: AudienceMode };
      const modes: AudienceMode[] = ['issuer', 'endpoint', 'token_endpoint', 'custom'];
      const items: Item[] = modes.map((mode) => ({
        mode,
        label: mode === 'token_endpoint' ? 'token endpoint' : mode === 'endpoint' ? 'endpoint URL' : mode,
        description:
          mode === defaultAudience(st.issuer) ? (provider.kind === 'generic' ? 'default' : `recommended for ${provider.name}`) : undefined,
        detail: AUDIENCE_INFO[mode],
      }));
      const picked = await input.showQuickPick({
        title,
        step: 7,
        totalSteps: TOTAL,
        placeholder: 'Audience (aud) of the client assertion',
        items,
        activeItem: items.find((i) => i.mode === preferred),
      });
      if (typeof picked === 'string' || isButton(picked)) return audienceStep;
      st.audience = picked.mode;
      if (picked.mode === 'custom') {
        const v = await input.showInputBox({
          title,
          step: 7,
          totalSteps: TOTAL,
          prompt: 'The aud value to put in client assertions',
          value: st.customAudience ?? st.issuer,
          validate: (x) => (x.trim() === '' ? 'Enter the audience.' : undefined),
        });
        if (isButton(v)) return audienceStep;
        st.customAudience = v.trim();
      }
      return scopeStep;
    };

    const scopeStep: InputStep = async (input) => {
      const known = st.metadata?.scopes_supported?.filter((x) => x !== 'openid' && x !== 'offline_access');
      const value = await input.showInputBox({
        title,
        step: 8,
        totalSteps: TOTAL,
        prompt: `Default scope for token requests, space-separated (optional)${known?.length ? ` — the server lists: ${known.slice(0, 12).join(' ')}` : ''}`,
        value: st.scope ?? '',
        placeholder: 'e.g. api.read api.write',
      });
      if (isButton(value)) return scopeStep;
      st.scope = value.trim() || undefined;
      return nameStep;
    };

    const nameStep: InputStep = async (input) => {
      const host = (() => {
        try {
          return new URL(st.issuer).host;
        } catch {
          return st.issuer;
        }
      })();
      const value = await input.showInputBox({
        title,
        step: 9,
        totalSteps: TOTAL,
        prompt: 'Name shown in the OAuth Clients view',
        value: st.name ?? `${st.clientId} @ ${host}`,
        validate: (v) => (v.trim() === '' ? 'Enter a name.' : undefined),
      });
      if (isButton(value)) return nameStep;
      st.name = value.trim();
      return undefined;
    };

    const completed = await MultiStepInput.run(issuerStep);
    if (!completed || !st.authMethod) return undefined;
    const fields = parseProfileFields(
      {
        name: st.name,
        issuer: st.issuer,
        clientId: st.clientId,
        authMethod: st.authMethod,
        signingAlg: st.signingAlg,
        keyId: st.keyId,
        audience: st.authMethod === 'private_key_jwt' || st.authMethod === 'client_secret_jwt' ? st.audience : undefined,
        customAudience: st.audience === 'custom' ? st.customAudience : undefined,
        scope: st.scope,
        endpoints: st.tokenEndpoint ? { token: st.tokenEndpoint } : undefined,
      },
      'New client',
    );
    const profile = await save(
      fields,
      { ...(st.clientSecret ? { clientSecret: st.clientSecret } : {}), ...(st.privateKey ? { privateKey: st.privateKey } : {}) },
      st.metadata,
      true,
    );
    if (st.generatedJwks) await presentPublicJwks(s.docs, st.generatedJwks, profile.name);
    void vscode.commands.executeCommand('oauthWorkbench.clients.focus');
    const choice = await vscode.window.showInformationMessage(
      `Client "${profile.name}" added${st.generatedJwks ? ' — register the copied public JWKS at the provider before getting a token' : ''}.`,
      'Get Token',
      'Open Request Panel',
    );
    if (choice === 'Get Token')
      void vscode.commands.executeCommand('oauthWorkbench.getToken', { profileId: profile.id, interactive: true });
    else if (choice === 'Open Request Panel')
      void vscode.commands.executeCommand('oauthWorkbench.openRequestPanel', { profileId: profile.id, interactive: true });
    return profileSummary(s, profile);
  };

  const handler = (fromIssuer: boolean) => async (inv: Invocation) => {
    if (!inv.interactive) return nonInteractive(inv.args);
    const prefill: Partial<GuideState> = {};
    const issuer = str(inv.args, 'issuer');
    const clientId = str(inv.args, 'clientId');
    if (issuer) prefill.issuer = issuer;
    if (clientId) prefill.clientId = clientId;
    try {
      return await guide(fromIssuer, prefill);
    } catch (e) {
      if (e instanceof FlowCancelled) return undefined;
      throw e;
    }
  };

  return [
    registerCommand(s, 'oauthWorkbench.addProfile', handler(false)),
    registerCommand(s, 'oauthWorkbench.addProfileFromIssuer', handler(true)),
  ];
}
