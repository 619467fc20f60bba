/**
 * "Add Client": the guide (guide/guide-steps.ts, shown by guide/guide-ui.ts), then the
 * profile saved with its secret and made active; or, with an argument object, the same
 * without UI. Discovery honours the client's discoveryWithClientId and allowInsecureHttp.
 */
import * as vscode from 'vscode';
import {
  assertAlgForKey,
  discover,
  importPrivateKey,
  loadClientCertificate,
  WorkbenchError,
  type ClientSecrets,
  type ServerMetadata,
} from '../../core';
import { defaultAudience } from '../guide/client-labels';
import type { GuideState } from '../guide/guide-state';
import { profileFieldsOf } from '../guide/guide-steps';
import { runGuide } from '../guide/guide-ui';
import { requiredSecret } from '../profiles/credentials';
import { isHttpUrl, parseProfileFields, type ProfileFields } from '../profiles/profile-schema';
import type { WorkbenchProfile } from '../profiles/profile-store';
import { CREDENTIAL_KINDS } from '../profiles/secret-store';
import type { ShellServices } from '../services';
import { presentPublicJwks } from '../ui/key-material';
import { FlowCancelled } from '../ui/multi-step-input';
import { bool, str, type Invocation } from './args';
import { profileSummary, registerCommand } from './command-kit';

export function registerAddProfile(s: ShellServices): vscode.Disposable[] {
  /** Discovery for a new client: with `?client_id=` and plain http only when the client asks for them. */
  const discoverIssuer = async (issuer: string, o: { clientId?: string; allowInsecureHttp?: boolean } = {}): Promise<ServerMetadata> => {
    const { metadata, exchange } = await discover(issuer, {
      http: s.http.options(),
      ...(o.clientId ? { clientId: o.clientId } : {}),
      ...(o.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    });
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
        metadata = await discoverIssuer(fields.issuer, {
          ...(fields.discoveryWithClientId ? { clientId: fields.clientId } : {}),
          ...(fields.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
        });
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
    const methods = metadata?.token_endpoint_auth_methods_supported;
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
    const start: GuideState = { issuer: '', clientId: '', discoveryWithClientId: false, allowInsecureHttp: false, ...prefill };
    if (!start.issuer && fromIssuer) {
      const clip = (await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '')).trim();
      if (isHttpUrl(clip) && clip.length < 300) start.issuer = clip;
    }
    const st = await runGuide(title, start, { discover: (issuer, o) => discoverIssuer(issuer, o) });
    if (!st?.authMethod) return undefined;
    const fields = parseProfileFields(profileFieldsOf(st), 'New client');
    const profile = await save(
      fields,
      {
        ...(st.clientSecret ? { clientSecret: st.clientSecret } : {}),
        ...(st.privateKey ? { privateKey: st.privateKey } : {}),
        ...st.certificate?.secrets,
      },
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
      void vscode.commands.executeCommand('oauthWorkbench.getToken', { profileId: profile.id, interactive: true, source: 'notification' });
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
    if (bool(inv.args, 'discoveryWithClientId') === true) prefill.discoveryWithClientId = true;
    if (bool(inv.args, 'allowInsecureHttp') === true) prefill.allowInsecureHttp = true;
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
