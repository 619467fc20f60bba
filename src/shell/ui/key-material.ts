/**
 * Where a private key comes from, interactively: the clipboard, a pasted JWK/PEM, a
 * file, or a newly generated key pair (whose public JWKS is copied for the provider's
 * console). The key is checked by the core's importer before it is accepted; key
 * material is never shown, logged or written anywhere but SecretStorage.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { generateKeyPair, importPrivateKey, KEY_PAIR_TYPES, type JWK, type KeyPairType, type LoadedKey } from '../../core';
import type { VirtualDocs } from '../output/virtual-docs';
import { FlowCancelled, isButton, type MultiStepInput } from './multi-step-input';

export interface ChosenKey {
  material: string;
  loaded: LoadedKey;
  /** Set when the key pair was generated here: the JWKS to register at the provider. */
  generatedJwks?: { keys: JWK[] };
}

const KEY_TYPE_DETAIL: Record<KeyPairType, string> = {
  'RSA-2048': 'RS256 — accepted everywhere',
  'RSA-3072': 'RS256 — longer RSA key',
  'EC-P256': 'ES256 — small and fast',
  'EC-P384': 'ES384',
  Ed25519: 'EdDSA — not supported by every provider',
};

/** Imports key text, returning the KeyError message (never key material) on failure. */
export async function checkKey(material: string, kid?: string): Promise<{ loaded?: LoadedKey; problem?: string }> {
  try {
    return { loaded: await importPrivateKey(material, kid ? { kid } : {}) };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}

function looksLikeKey(text: string): boolean {
  const t = text.trim();
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(t) || (t.startsWith('{') && /"d"\s*:/.test(t));
}

/** Shows the public JWKS in a read-only document and copies it to the clipboard. */
export async function presentPublicJwks(docs: VirtualDocs, jwks: { keys: JWK[] }, name: string): Promise<void> {
  const text = JSON.stringify(jwks, null, 2);
  await vscode.env.clipboard.writeText(text);
  await docs.show(`Public JWKS — ${name}.json`, text);
  void vscode.window.showInformationMessage(
    `The public JWKS of "${name}" is copied to the clipboard. Register it in your provider's client settings (public key / JWKS); the private key stays in VS Code's secret storage.`,
  );
}

/**
 * One guide step (or a standalone flow when `input` runs only this step): asks where
 * the key comes from and returns a checked key. Throws FlowCancelled on Escape.
 */
export async function pickPrivateKey(
  input: MultiStepInput,
  step: { title: string; step: number; totalSteps: number },
  kid?: string,
): Promise<ChosenKey> {
  const clipboard = await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '');
  type Item = vscode.QuickPickItem & { id: 'clipboard' | 'paste' | 'file' | 'generate' };
  const items: Item[] = [];
  if (looksLikeKey(clipboard))
    items.push({
      id: 'clipboard',
      label: '$(clippy) Use the private key in the clipboard',
      detail: 'PEM or private JWK; it is checked, then kept in secret storage only',
    });
  items.push(
    { id: 'paste', label: '$(edit) Paste a private key…', detail: 'A private JWK (JSON) or PEM (with \\n escapes on one line)' },
    { id: 'file', label: '$(file) Pick a key file…', detail: 'PEM (PKCS#8, PKCS#1, SEC1) or JWK JSON' },
    {
      id: 'generate',
      label: '$(key) Generate a new key pair',
      detail: 'Creates the key here and copies the public JWKS for your provider',
    },
  );
  for (;;) {
    const picked = await input.showQuickPick({ ...step, placeholder: 'Where does the private key come from?', items });
    if (typeof picked === 'string' || isButton(picked)) continue;
    if (picked.id === 'clipboard') {
      const { loaded, problem } = await checkKey(clipboard, kid);
      if (loaded) return { material: clipboard.trim(), loaded };
      void vscode.window.showErrorMessage(`The clipboard does not hold a usable private key: ${problem}`);
      continue;
    }
    if (picked.id === 'paste') {
      let loaded: LoadedKey | undefined;
      const value = await input.showInputBox({
        ...step,
        prompt: 'Paste the private key: a private JWK (JSON) or PEM. It is kept in VS Code secret storage only.',
        password: true,
        placeholder: '{"kty":"RSA","d":"…"}  or  -----BEGIN PRIVATE KEY-----\\n…',
        validate: async (v) => {
          if (v.trim() === '') return 'Paste the key.';
          const r = await checkKey(v, kid);
          loaded = r.loaded;
          return r.problem;
        },
      });
      if (typeof value !== 'string') continue;
      loaded ??= (await checkKey(value, kid)).loaded;
      if (loaded) return { material: value.trim(), loaded };
      continue;
    }
    if (picked.id === 'file') {
      const uris = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: 'Use this key',
        title: 'Private key file (PEM or JWK)',
        filters: { Keys: ['pem', 'key', 'json', 'jwk', 'p8'], 'All files': ['*'] },
      });
      const uri = uris?.[0];
      if (!uri) continue;
      let text: string;
      try {
        text =
          uri.scheme === 'file' ? await fs.readFile(uri.fsPath, 'utf8') : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        void vscode.window.showErrorMessage(`Cannot read ${uri.fsPath}. Pick a readable key file.`);
        continue;
      }
      const { loaded, problem } = await checkKey(text, kid);
      if (loaded) return { material: text.trim(), loaded };
      void vscode.window.showErrorMessage(`${uri.fsPath}: ${problem}`);
      continue;
    }
    const type = await pickKeyPairType(input, step);
    if (!type) continue;
    const pair = await generateKeyPair(type);
    const { loaded } = await checkKey(pair.privateKeyPem, kid ?? pair.kid);
    if (!loaded) throw new Error('The generated key could not be read back.');
    return { material: pair.privateKeyPem, loaded, generatedJwks: pair.jwks };
  }
}

/** Picks the type of key pair to generate; undefined when the user went back. */
export async function pickKeyPairType(
  input: MultiStepInput,
  step: { title: string; step: number; totalSteps: number },
): Promise<KeyPairType | undefined> {
  type Item = vscode.QuickPickItem & { type: KeyPairType };
  const items: Item[] = KEY_PAIR_TYPES.map((t) => ({ type: t, label: t, description: KEY_TYPE_DETAIL[t] }));
  const picked = await input.showQuickPick({ ...step, placeholder: 'Key type to generate', items, activeItem: items[0] });
  if (typeof picked === 'string' || isButton(picked)) return undefined;
  return picked.type;
}

export { FlowCancelled };
