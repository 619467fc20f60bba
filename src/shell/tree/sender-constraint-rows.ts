/**
 * The tree's rows for a client's sender constraints: its DPoP mode and the key
 * thumbprint (`jkt`, what tokens' `cnf.jkt` must be), and its mTLS client certificate
 * (subject and expiry). Non-secret facts only (sender-constraint-facts.ts computes them,
 * loaded on first use: it needs key import and the certificate parser). No vscode.
 */
import type { ClientProfile } from '../../core/types';
import { usesMtls } from '../../core/mtls/uses-mtls';
import { formatDuration } from '../status/expiry-format';
import type { SenderConstraintFacts } from './sender-constraint-facts';

export type { SenderConstraintFacts } from './sender-constraint-facts';

/** A tree row: label, description, codicon. */
export type Row = [label: string, description: string, icon: string];

const DPOP_MODE: Record<string, string> = {
  always: 'always',
  auto: 'when the server advertises it',
};

/** The rows for `p`; none for a client without DPoP or mTLS. `now` in epoch seconds. */
export function senderConstraintRows(
  p: Pick<ClientProfile, 'dpop' | 'authMethod' | 'mtls'>,
  facts: SenderConstraintFacts | undefined,
  now: number,
): Row[] {
  const rows: Row[] = [];
  const mode = p.dpop ?? 'off';
  if (mode !== 'off' || facts?.dpopJkt) {
    const key = facts === undefined ? '…' : facts.dpopJkt ? `jkt ${facts.dpopJkt}` : 'key generated on first use';
    rows.push(['DPoP', `${DPOP_MODE[mode] ?? mode} · ${key}`, 'shield']);
  }
  const cert = facts?.certificate;
  if (usesMtls(p) || cert) {
    rows.push([
      'Client certificate',
      cert ? `${cert.subjectDn} · ${expiryText(cert.notAfter, now)}` : facts === undefined ? '…' : 'not set',
      'workspace-trusted',
    ]);
  }
  return rows;
}

function expiryText(notAfter: string, now: number): string {
  const at = Date.parse(notAfter) / 1000;
  if (!Number.isFinite(at)) return `expires ${notAfter}`;
  const day = new Date(at * 1000).toISOString().slice(0, 10);
  return at <= now ? `EXPIRED ${day} (${formatDuration(now - at)} ago)` : `expires ${day} (in ${formatDuration(at - now)})`;
}
