/**
 * Set the client secret, set the private key, generate a key pair. Secrets go to
 * SecretStorage only and are bound to the profile's issuer origin; when
 * SecretStorage fails the user is told and asked again (SECURITY.md 16) — nothing is
 * written anywhere else. Return values carry no secret.
 */
import * as vscode from 'vscode';
import { assertAlgForKey, generateKeyPair, importPrivateKey, KEY_PAIR_TYPES, WorkbenchError, type KeyPairType } from '../../core';
import { coreFields, type WorkbenchProfile } from '../profiles/profile-store';
import type { SecretField } from '../profiles/credentials';
import { parseProfileFields } from '../profiles/profile-schema';
import type { ShellServices } from '../services';
import { pickKeyPairType, pickPrivateKey, presentPublicJwks } from '../ui/key-material';
import { MultiStepInput } from '../ui/multi-step-input';
import { str, type Invocation } from './args';
import { registerCommand, resolveProfile } from './command-kit';

/** Saves a secret; interactive callers get "Try Again" when SecretStorage fails. */
async function saveWithRetry(
  s: ShellServices,
  profile: WorkbenchProfile,
  field: SecretField,
  value: string,
  interactive: boolean,
): Promise<boolean> {
  for (;;) {
    try {
      await s.credentials.save(profile, field, value);
      return true;
    } catch (e) {
      if (!interactive || !(e instanceof WorkbenchError) || e.code !== 'SECRET_STORAGE_FAILED') throw e;
      const again = await vscode.window.showErrorMessage(e.message, 'Try Again');
      if (again !== 'Try Again') return false;
    }
  }
}

/** Interactive prompt for a missing or new secret; true when one was stored. */
export async function promptForSecret(s: ShellServices, profile: WorkbenchProfile, field: SecretField): Promise<boolean> {
  if (field === 'clientSecret') {
    const value = await vscode.window.showInputBox({
      title: `Client secret of "${profile.name}"`,
      prompt: `Client secret for ${profile.clientId} at ${profile.issuer} (kept in VS Code secret storage only)`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) =>
        v === ''
          ? 'Enter the client secret.'
          : v !== v.trim()
            ? 'The secret starts or ends with a space: check what you pasted.'
            : undefined,
    });
    if (value === undefined) return false;
    return saveWithRetry(s, profile, 'clientSecret', value, true);
  }
  let chosen: Awaited<ReturnType<typeof pickPrivateKey>> | undefined;
  const done = await MultiStepInput.run(async (input) => {
    chosen = await pickPrivateKey(input, { title: `Private key of "${profile.name}"`, step: 1, totalSteps: 1 }, profile.keyId);
  });
  if (!done || !chosen) return false;
  if (profile.signingAlg && !chosen.loaded.algs.includes(profile.signingAlg as never)) {
    void vscode.window.showWarningMessage(
      `The key is ${chosen.loaded.description}; the profile's algorithm ${profile.signingAlg} does not fit it. Change the signing algorithm with "Edit Client".`,
    );
  }
  if (!(await saveWithRetry(s, profile, 'privateKey', chosen.material, true))) return false;
  if (chosen.generatedJwks) await presentPublicJwks(s.docs, chosen.generatedJwks, profile.name);
  return true;
}

export function registerSecretCommands(s: ShellServices): vscode.Disposable[] {
  const setClientSecret = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'set the client secret of');
    if (inv.interactive) {
      const stored = await promptForSecret(s, profile, 'clientSecret');
      if (stored) void vscode.window.showInformationMessage(`Client secret of "${profile.name}" stored in secret storage.`);
      return { stored, profileId: profile.id };
    }
    const value = typeof inv.args.clientSecret === 'string' ? inv.args.clientSecret : undefined;
    if (!value) throw new WorkbenchError('CONFIG_INVALID', 'Pass the secret as "clientSecret".');
    await saveWithRetry(s, profile, 'clientSecret', value, false);
    return { stored: true, profileId: profile.id, origins: s.origins.origins(profile.id) };
  };

  const setPrivateKey = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'set the private key of');
    if (inv.interactive) {
      const stored = await promptForSecret(s, profile, 'privateKey');
      if (stored) void vscode.window.showInformationMessage(`Private key of "${profile.name}" stored in secret storage.`);
      return { stored, profileId: profile.id };
    }
    const value = str(inv.args, 'privateKey');
    if (!value) throw new WorkbenchError('CONFIG_INVALID', 'Pass the key (PEM or private JWK JSON) as "privateKey".');
    const loaded = await importPrivateKey(value, profile.keyId ? { kid: profile.keyId } : {});
    if (profile.signingAlg) assertAlgForKey(loaded, profile.signingAlg);
    await saveWithRetry(s, profile, 'privateKey', value, false);
    return {
      stored: true,
      profileId: profile.id,
      kid: profile.keyId ?? loaded.kid,
      key: loaded.description,
      origins: s.origins.origins(profile.id),
    };
  };

  const generate = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'generate a key pair for');
    let type = str(inv.args, 'type') as KeyPairType | undefined;
    if (type !== undefined && !KEY_PAIR_TYPES.includes(type))
      throw new WorkbenchError('CONFIG_INVALID', `The argument "type" must be one of ${KEY_PAIR_TYPES.join(', ')}.`);
    if (inv.interactive) {
      if ((await s.secrets.get(profile.id, 'privateKey')) !== undefined) {
        const replace = await vscode.window.showWarningMessage(
          `Replace the private key of "${profile.name}"?`,
          {
            modal: true,
            detail:
              'The current private key is deleted from secret storage. Register the new public key at the provider, or token requests will fail with invalid_client.',
          },
          'Replace',
        );
        if (replace !== 'Replace') return undefined;
      }
      if (!type) {
        let picked: KeyPairType | undefined;
        await MultiStepInput.run(async (input) => {
          picked = await pickKeyPairType(input, { title: `New key pair for "${profile.name}"`, step: 1, totalSteps: 1 });
        });
        if (!picked) return undefined;
        type = picked;
      }
    }
    const pair = await s.runner.withProgress(`Generating a ${type ?? 'RSA-2048'} key pair`, { interactive: inv.interactive }, () =>
      generateKeyPair(type ?? 'RSA-2048'),
    );
    // The new key brings its own kid (thumbprint) and algorithm.
    let target = profile;
    if (profile.source === 'stored') {
      const fields = { ...coreFields(profile), signingAlg: pair.alg, keyId: undefined, authMethod: 'private_key_jwt' as const };
      const { id: _id, ...rest } = fields;
      target = await s.store.update(profile.id, parseProfileFields(rest, 'generateKeyPair'));
    }
    if (!(await saveWithRetry(s, target, 'privateKey', pair.privateKeyPem, inv.interactive))) return undefined;
    if (inv.interactive) await presentPublicJwks(s.docs, pair.jwks, target.name);
    return { profileId: target.id, type: type ?? 'RSA-2048', kid: pair.kid, alg: pair.alg, publicJwks: pair.jwks };
  };

  return [
    registerCommand(s, 'oauthWorkbench.setClientSecret', setClientSecret),
    registerCommand(s, 'oauthWorkbench.setPrivateKey', setPrivateKey),
    registerCommand(s, 'oauthWorkbench.generateKeyPair', generate),
  ];
}
