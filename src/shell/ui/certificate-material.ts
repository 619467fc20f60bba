/**
 * Where an mTLS client certificate comes from, interactively (RFC 8705): PEM files — the
 * certificate chain and its private key, or one file holding both — or a PKCS#12 / PFX
 * file, each with a passphrase when the key is encrypted. The core's loader checks the
 * material (certificate parses, key opens and belongs to it) before it is accepted; its
 * messages name the problem, never key material. Nothing is shown, logged or written
 * anywhere but SecretStorage (the caller saves it).
 */
import * as vscode from 'vscode';
import {
  loadClientCertificate,
  splitPemBundle,
  type CertificateInfo,
  type CheckedCertificate,
  type ClientCertificateSecrets,
} from '../../core';
import { isButton, type MultiStepInput } from './multi-step-input';

type Step = { title: string; step: number; totalSteps: number };

/** Loads the material; the loader's message when it does not open. */
async function check(secrets: ClientCertificateSecrets): Promise<{ info?: CertificateInfo; problem?: string; code?: string }> {
  try {
    const loaded = await loadClientCertificate(secrets);
    return loaded ? { info: loaded.info } : { problem: 'No certificate was given.' };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code };
  }
}

/** Certificate and key files are a few KB; a larger pick is a wrong file (and would be read whole). */
const MAX_FILE_BYTES = 256 * 1024;

const fileName = (uri: vscode.Uri): string => uri.path.split('/').pop() || uri.path;

/** The file's bytes, or undefined after telling the user why it cannot be used. */
async function readFile(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    const size = (await vscode.workspace.fs.stat(uri)).size;
    if (size > MAX_FILE_BYTES) {
      void vscode.window.showErrorMessage(
        `${fileName(uri)} is ${Math.round(size / 1024)} KB; certificate and key files are a few KB. Pick the PEM or PKCS#12 file itself.`,
      );
      return undefined;
    }
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    void vscode.window.showErrorMessage(`Cannot read ${fileName(uri)}. Pick a readable file.`);
    return undefined;
  }
}

async function pickFile(title: string, filters: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  const uris = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use this file', title, filters });
  return uris?.[0];
}

/**
 * Asks for the passphrase when the key is encrypted, checking each try at once (the
 * input says when it does not open); undefined when the user went back.
 */
async function withPassphrase(
  input: MultiStepInput,
  step: Step,
  secrets: ClientCertificateSecrets,
  what: string,
): Promise<CheckedCertificate | undefined> {
  let info: CertificateInfo | undefined;
  const value = await input.showInputBox({
    ...step,
    prompt: `Passphrase of ${what} (kept in VS Code secret storage only)`,
    password: true,
    validate: async (v) => {
      const r = await check({ ...secrets, clientCertificatePassphrase: v });
      info = r.info;
      return r.problem;
    },
  });
  if (typeof value !== 'string') return undefined;
  const chosen = { ...secrets, ...(value ? { clientCertificatePassphrase: value } : {}) };
  info ??= (await check(chosen)).info;
  return info ? { secrets: chosen, info } : undefined;
}

async function fromPem(input: MultiStepInput, step: Step): Promise<CheckedCertificate | undefined> {
  const certUri = await pickFile('Client certificate (PEM, leaf first; may also hold its private key)', {
    Certificates: ['pem', 'crt', 'cer'],
    'All files': ['*'],
  });
  const certBytes = certUri && (await readFile(certUri));
  if (!certUri || !certBytes) return undefined;
  const certText = new TextDecoder().decode(certBytes);
  // One file with the chain and its key (`cat cert.pem key.pem`) needs no second pick.
  const bundle = splitPemBundle(certText);
  let keyText = bundle.key;
  if (!keyText) {
    const keyUri = await pickFile(`Private key of ${fileName(certUri)} (PEM)`, { Keys: ['pem', 'key'], 'All files': ['*'] });
    const keyBytes = keyUri && (await readFile(keyUri));
    if (!keyBytes) return undefined;
    keyText = new TextDecoder().decode(keyBytes);
  }
  const secrets = { clientCertificate: bundle.certificates, clientCertificateKey: keyText.trim() };
  const r = await check(secrets);
  if (r.info) return { secrets, info: r.info };
  if (r.code === 'KEY_ENCRYPTED') return withPassphrase(input, step, secrets, 'the certificate key');
  void vscode.window.showErrorMessage(`${fileName(certUri)}: ${r.problem ?? 'it cannot be used.'}`);
  return undefined;
}

async function fromPkcs12(input: MultiStepInput, step: Step): Promise<CheckedCertificate | undefined> {
  const uri = await pickFile('Client certificate and key (PKCS#12 / PFX)', { 'PKCS#12': ['p12', 'pfx'], 'All files': ['*'] });
  const bytes = uri && (await readFile(uri));
  if (!uri || !bytes) return undefined;
  const secrets = { clientPkcs12: Buffer.from(bytes).toString('base64') };
  const r = await check(secrets);
  if (r.info) return { secrets, info: r.info };
  if (r.code === 'KEY_ENCRYPTED') return withPassphrase(input, step, secrets, fileName(uri));
  void vscode.window.showErrorMessage(`${fileName(uri)}: ${r.problem ?? 'it cannot be used.'}`);
  return undefined;
}

/**
 * One guide step (or a standalone flow when `input` runs only this step): asks for the
 * client certificate and returns it checked. Throws FlowCancelled on Escape.
 */
export async function pickClientCertificate(input: MultiStepInput, step: Step): Promise<CheckedCertificate> {
  type Item = vscode.QuickPickItem & { id: 'pem' | 'pkcs12' };
  const items: Item[] = [
    {
      id: 'pem',
      label: '$(file) PEM certificate and private key…',
      detail: 'The certificate (chain, leaf first) and its key: two files, or one holding both; encrypted keys ask for the passphrase',
    },
    {
      id: 'pkcs12',
      label: '$(package) PKCS#12 / PFX file…',
      detail: 'A .p12 or .pfx file with the certificate and its key, and its passphrase',
    },
  ];
  for (;;) {
    const picked = await input.showQuickPick({ ...step, placeholder: 'Where is the client certificate (mutual TLS)?', items });
    if (typeof picked === 'string' || isButton(picked)) continue;
    const chosen = picked.id === 'pem' ? await fromPem(input, step) : await fromPkcs12(input, step);
    if (chosen) return chosen;
  }
}
