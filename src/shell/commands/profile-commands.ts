/**
 * Edit, duplicate, delete (with confirmation; deletes its secrets) and set-active.
 * Editing never moves a secret silently: the origin check runs before the next
 * credentialed request (SECURITY.md 6).
 */
import * as vscode from 'vscode';
import { CLIENT_AUTH_METHODS, DPOP_MODES, usesMtls, WorkbenchError, type ClientProfile } from '../../core';
import { requiredSecret, SECRET_LABEL } from '../profiles/credentials';
import { AUDIENCE_DETAIL, AUDIENCE_LABEL, DPOP_DETAIL, DPOP_LABEL, METHOD_DETAIL } from '../guide/client-labels';
import { AUDIENCE_MODES, isRecord, parseProfileFields, SIGNING_ALGS, urlProblem, type ProfileFields } from '../profiles/profile-schema';
import { coreFields, definedElsewhere, type WorkbenchProfile } from '../profiles/profile-store';
import { CREDENTIAL_KINDS } from '../profiles/secret-store';
import type { ShellServices } from '../services';
import type { Invocation } from './args';
import { pickProfile, profileSummary, registerCommand, resolveProfile } from './command-kit';

type EditableField =
  | 'name'
  | 'issuer'
  | 'clientId'
  | 'authMethod'
  | 'signingAlg'
  | 'keyId'
  | 'audience'
  | 'customAudience'
  | 'scope'
  | 'assertionLifetime'
  | 'dpop'
  | 'mtls'
  | 'endpoints.token'
  | 'endpoints.introspection'
  | 'endpoints.revocation';

const FIELD_LABEL: Record<EditableField, string> = {
  name: 'Name',
  issuer: 'Issuer',
  clientId: 'Client ID',
  authMethod: 'Auth method',
  signingAlg: 'Signing algorithm',
  keyId: 'Key ID (kid)',
  audience: 'Assertion audience mode',
  customAudience: 'Custom audience',
  scope: 'Default scope',
  assertionLifetime: 'Assertion lifetime (s)',
  dpop: 'DPoP',
  mtls: 'Certificate-bound tokens (mTLS)',
  'endpoints.token': 'Token endpoint override',
  'endpoints.introspection': 'Introspection endpoint override',
  'endpoints.revocation': 'Revocation endpoint override',
};

/** The value as the Add Client guide names it (audience and method labels). */
function shownValue(p: ClientProfile, f: EditableField): string | undefined {
  if (f === 'audience') return p.audience ? AUDIENCE_LABEL[p.audience] : `${AUDIENCE_LABEL.issuer} (default)`;
  if (f === 'dpop') return p.dpop ? DPOP_LABEL[p.dpop] : `${DPOP_LABEL.off} (default)`;
  if (f === 'mtls') return p.mtls ? 'on' : usesMtls(p) ? `on (${p.authMethod})` : 'off';
  return currentValue(p, f);
}

/** Fields chosen from a list rather than typed. */
type PickField = 'authMethod' | 'signingAlg' | 'audience' | 'dpop' | 'mtls';
const PICK_FIELDS: ReadonlySet<EditableField> = new Set<PickField>(['authMethod', 'signingAlg', 'audience', 'dpop', 'mtls']);

/** The choices of a pick-one field, labelled as in the Add Client guide. */
function choicesOf(field: PickField): { value: string; label: string; detail?: string }[] {
  if (field === 'dpop') return DPOP_MODES.map((m) => ({ value: m, label: DPOP_LABEL[m], detail: DPOP_DETAIL[m] }));
  if (field === 'mtls') {
    return [
      { value: 'true', label: 'on', detail: 'Present the client certificate on every request: tokens come back bound to it (RFC 8705)' },
      { value: 'false', label: 'off', detail: 'Only tls_client_auth methods present the certificate' },
    ];
  }
  if (field === 'authMethod') return CLIENT_AUTH_METHODS.map((m) => ({ value: m, label: m, detail: METHOD_DETAIL[m] }));
  if (field === 'audience') return AUDIENCE_MODES.map((m) => ({ value: m, label: AUDIENCE_LABEL[m], detail: AUDIENCE_DETAIL[m] }));
  return SIGNING_ALGS.map((a) => ({ value: a, label: a }));
}

function currentValue(p: ClientProfile, f: EditableField): string | undefined {
  if (f.startsWith('endpoints.')) return p.endpoints?.[f.slice(10) as 'token'];
  const v = p[f as keyof ClientProfile];
  return v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Applies one field change to a profile's fields (undefined/empty clears optional fields). */
function withField(p: ClientProfile, f: EditableField, value: string | undefined): ProfileFields {
  const fields: Record<string, unknown> = { ...coreFields(p) };
  delete fields.id;
  if (f.startsWith('endpoints.')) {
    const eps: Record<string, string> = { ...(p.endpoints ?? {}) };
    if (value) eps[f.slice(10)] = value;
    else delete eps[f.slice(10)];
    fields.endpoints = Object.keys(eps).length ? eps : undefined;
  } else if (f === 'assertionLifetime') {
    fields.assertionLifetime = value ? Number(value) : undefined;
  } else if (f === 'mtls') {
    fields.mtls = value === 'true' ? true : undefined;
  } else {
    fields[f] = value || undefined;
  }
  return parseProfileFields(fields, `Client "${p.name}"`);
}

export function registerProfileCommands(s: ShellServices): vscode.Disposable[] {
  const applyEdit = async (profile: WorkbenchProfile, fields: ProfileFields): Promise<WorkbenchProfile> => {
    const updated = await s.store.update(profile.id, fields);
    if (updated.issuer !== profile.issuer || updated.discoveryWithClientId !== profile.discoveryWithClientId)
      s.session.setMetadata(profile.id, undefined);
    if (updated.keyId !== profile.keyId) s.keyCache.clear(profile.id);
    s.log.info(`Edited client "${updated.name}".`);
    return updated;
  };

  const hasCertificate = async (p: WorkbenchProfile): Promise<boolean> =>
    (await s.secrets.get(p.id, 'clientCertificate')) !== undefined || (await s.secrets.get(p.id, 'clientPkcs12')) !== undefined;

  const editInteractive = async (start: WorkbenchProfile): Promise<Record<string, unknown> | undefined> => {
    let profile = start;
    for (;;) {
      type Item = vscode.QuickPickItem & { field?: EditableField };
      const items: Item[] = (Object.keys(FIELD_LABEL) as EditableField[]).map((field) => ({
        field,
        label: FIELD_LABEL[field],
        description: shownValue(profile, field) ?? '—',
      }));
      items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(check) Done' });
      const picked = await vscode.window.showQuickPick(items, {
        title: `Edit "${profile.name}"`,
        placeHolder: 'Field to change (each change is saved at once)',
      });
      if (!picked?.field) return profileSummary(s, profile);
      const field = picked.field;
      let value: string | undefined;
      if (PICK_FIELDS.has(field)) {
        const pick = field as PickField;
        const current = currentValue(profile, field) ?? (field === 'mtls' ? 'false' : undefined);
        const choice = await vscode.window.showQuickPick(
          [
            ...choicesOf(pick).map((c) => ({ ...c, description: c.value === current ? 'current' : undefined })),
            ...(field === 'authMethod' || field === 'mtls' || field === 'dpop'
              ? []
              : [{ value: undefined, label: '(default)', description: 'clear', detail: 'Remove the setting: the default applies' }]),
          ],
          { title: FIELD_LABEL[field] },
        );
        if (!choice) continue;
        value = choice.value;
      } else {
        const isUrl = field === 'issuer' || field.startsWith('endpoints.');
        const input = await vscode.window.showInputBox({
          title: FIELD_LABEL[field],
          value: currentValue(profile, field) ?? '',
          prompt: isUrl && field !== 'issuer' ? 'Leave empty to use the URL from discovery' : undefined,
          ignoreFocusOut: true,
          validateInput: (v) => {
            if (isUrl && (v.trim() !== '' || field === 'issuer')) return urlProblem(v, FIELD_LABEL[field].toLowerCase());
            if (field === 'assertionLifetime' && v.trim() !== '' && !/^\d+$/.test(v.trim())) return 'A whole number of seconds.';
            if ((field === 'name' || field === 'clientId') && v.trim() === '') return 'Required.';
            return undefined;
          },
        });
        if (input === undefined) continue;
        value = input.trim() || undefined;
      }
      try {
        profile = await applyEdit(profile, withField(profile, field, value));
      } catch (e) {
        void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
        continue;
      }
      if ((field === 'authMethod' || field === 'mtls') && usesMtls(profile) && !(await hasCertificate(profile))) {
        const set = 'Set Client Certificate';
        if (
          (await vscode.window.showInformationMessage(`"${profile.name}" now presents a client certificate; none is stored yet.`, set)) ===
          set
        ) {
          await vscode.commands.executeCommand('oauthWorkbench.setClientCertificate', { profileId: profile.id, interactive: true });
        }
      }
      const needs = requiredSecret(profile.authMethod);
      if (field === 'authMethod' && needs && (await s.secrets.get(profile.id, needs)) === undefined) {
        const set = `Set ${SECRET_LABEL[needs]}`;
        if ((await vscode.window.showInformationMessage(`"${profile.name}" now needs a ${SECRET_LABEL[needs]}.`, set)) === set) {
          await vscode.commands.executeCommand(needs === 'privateKey' ? 'oauthWorkbench.setPrivateKey' : 'oauthWorkbench.setClientSecret', {
            profileId: profile.id,
            interactive: true,
          });
        }
      }
    }
  };

  const edit = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'edit', { ask: true });
    const elsewhere = definedElsewhere(profile);
    if (elsewhere) {
      throw new WorkbenchError(
        'CONFIG_INVALID',
        `"${profile.name}" is defined in ${elsewhere}; edit it there, or duplicate it to get an editable copy.`,
      );
    }
    if (inv.interactive) return editInteractive(profile);
    // Argument object: the given fields replace the current ones; null clears an optional field.
    const merged: Record<string, unknown> = { ...coreFields(profile) };
    for (const [k, v] of Object.entries(inv.args)) {
      if (k === 'profileId' || k === 'interactive' || k === 'allowNewOrigin') continue;
      if (v === null) delete merged[k];
      else merged[k] = k === 'endpoints' && isRecord(v) ? { ...(profile.endpoints ?? {}), ...v } : v;
    }
    delete merged.id;
    const updated = await applyEdit(profile, parseProfileFields(merged, `editProfile "${profile.name}"`));
    return profileSummary(s, updated);
  };

  const duplicate = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'duplicate', { ask: true });
    const fields: Record<string, unknown> = { ...coreFields(profile) };
    delete fields.id;
    const requested = typeof inv.args.name === 'string' ? inv.args.name : undefined;
    fields.name = requested ?? uniqueName(s, `${profile.name} (copy)`);
    const metadata = s.session.metadata(profile.id);
    const secrets = await s.credentials.load(profile);
    const copy = await s.store.add(parseProfileFields(fields, 'Duplicate'));
    if (metadata) s.session.setMetadata(copy.id, metadata);
    for (const field of CREDENTIAL_KINDS) {
      const value = secrets[field];
      if (value) await s.secrets.store(copy.id, field, value);
    }
    // The copy's secrets were entered for the same origins as the original's.
    await s.origins.copy(profile.id, copy.id);
    s.log.info(`Duplicated "${profile.name}" as "${copy.name}" (secrets copied, tokens not).`);
    return profileSummary(s, copy);
  };

  const remove = async (inv: Invocation) => {
    const profile = await resolveProfile(s, inv, 'delete', { ask: true });
    const elsewhere = definedElsewhere(profile);
    if (elsewhere) throw new WorkbenchError('CONFIG_INVALID', `"${profile.name}" is defined in ${elsewhere}; remove it there.`);
    if (inv.interactive) {
      const answer = await vscode.window.showWarningMessage(
        `Delete the client "${profile.name}"?`,
        {
          modal: true,
          detail: `Its client secret or private key and its tokens are removed from VS Code's secret storage. Tokens already issued stay valid at ${profile.issuer} until they expire (revoke them first if needed).`,
        },
        'Delete',
      );
      if (answer !== 'Delete') return { deleted: false };
    }
    await s.secrets.deleteAll(profile.id);
    await s.origins.clear(profile.id);
    s.keyCache.clear(profile.id);
    await s.store.remove(profile.id);
    s.session.forget(profile.id);
    await s.history.forget(profile.id);
    s.log.info(`Deleted client "${profile.name}" and its secrets.`);
    return { deleted: true, id: profile.id, name: profile.name };
  };

  const setActive = async (inv: Invocation) => {
    let profile: WorkbenchProfile | undefined;
    if (inv.node || inv.args.profileId || inv.args.profile || !inv.interactive) profile = await resolveProfile(s, inv, 'make active');
    else profile = await pickProfile(s, 'Active OAuth client (shown in the status bar)', s.store.active()?.id);
    if (!profile) return undefined;
    await s.store.setActive(profile.id);
    return profileSummary(s, profile);
  };

  return [
    registerCommand(s, 'oauthWorkbench.editProfile', edit),
    registerCommand(s, 'oauthWorkbench.duplicateProfile', duplicate),
    registerCommand(s, 'oauthWorkbench.deleteProfile', remove),
    registerCommand(s, 'oauthWorkbench.setActiveProfile', setActive),
  ];
}

/** `base`, or `base (2)`, `base (3)`… — the first name no profile uses. */
export function uniqueName(s: ShellServices, base: string): string {
  const names = new Set(s.store.list().map((p) => p.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} (${i})`)) return `${base} (${i})`;
}
