/**
 * The "OAuth Clients" tree: one node per profile (icon by auth method, description =
 * token state), with children for the client, the issuer and its endpoints, the
 * current token (expanding to its decoded claims) and the last result (with its
 * findings). Nodes carry a `contextValue` per kind for the manifest's menus:
 * `profile`, `profile.active`, `profile.settings`, `profile.active.settings`,
 * `client`, `issuer`, `endpoint`, `token`, `token.none`, `claim`, `lastResult`, `finding`.
 */
import * as vscode from 'vscode';
import type { ClientAuthMethod, Finding } from '../../core';
import { CLIENT_CERTIFICATE_SECRETS } from '../../core/essentials';
import { BatchedReads } from '../lifecycle/batched-reads';
import { Disposable } from '../lifecycle/disposable';
import type { ProfileStore, WorkbenchProfile } from '../profiles/profile-store';
import type { SecretStore } from '../profiles/secret-store';
import type { ExchangeHistory } from '../history/exchange-history';
import type { HistoryRecord } from '../history/history-record';
import type { Session, TokenView } from '../session';
import { describeExpiry, exactExpiry, type ExpiryView } from '../status/expiry-format';
import { audienceText } from '../guide/client-labels';
import { timeText } from '../time-text';
import { requiredSecret } from '../profiles/credentials';
import { endpointList } from '../profiles/endpoints';
import { senderConstraintRows, type SenderConstraintFacts } from './sender-constraint-rows';

/** Fields whose values are epoch seconds. */
const TIME_FIELDS: ReadonlySet<string> = new Set(['exp', 'iat', 'nbf', 'auth_time']);

export type NodeKind = 'profile' | 'client' | 'detail' | 'issuer' | 'endpoint' | 'token' | 'claim' | 'lastResult' | 'finding' | 'message';

const AUTH_ICONS: Record<ClientAuthMethod, string> = {
  private_key_jwt: 'key',
  client_secret_jwt: 'symbol-key',
  client_secret_basic: 'lock',
  client_secret_post: 'lock',
  none: 'unlock',
  tls_client_auth: 'shield',
  self_signed_tls_client_auth: 'shield',
};

const SEVERITY_ICONS: Record<Finding['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  info: new vscode.ThemeIcon('info'),
};

/** One icon object per auth method and state, shared by every profile node (the root may have 10,000). */
const profileIcons = new Map<string, vscode.ThemeIcon>();
function profileIcon(method: ClientAuthMethod, state: 'error' | 'warning' | 'plain'): vscode.ThemeIcon {
  const key = `${method} ${state}`;
  let icon = profileIcons.get(key);
  if (!icon) {
    const color = { error: 'errorForeground', warning: 'editorWarning.foreground', plain: undefined }[state];
    icon = new vscode.ThemeIcon(AUTH_ICONS[method], color ? new vscode.ThemeColor(color) : undefined);
    profileIcons.set(key, icon);
  }
  return icon;
}

/** A node of the tree. Commands invoked from a node's menu receive the node itself. */
export class ClientNode {
  constructor(
    readonly kind: NodeKind,
    readonly profileId: string,
    readonly item: vscode.TreeItem,
    private readonly childrenOf?: () => ClientNode[],
    /** A non-secret value the node stands for (endpoint URL, claim value), for copy actions. */
    readonly value?: string,
    /** A tooltip built only when VS Code asks for it (hover): the root may have 10,000 nodes. */
    readonly lazyTooltip?: () => vscode.MarkdownString,
  ) {}

  children(): ClientNode[] {
    return this.childrenOf?.() ?? [];
  }
}

function item(
  label: string,
  opts: {
    description?: string;
    tooltip?: string | vscode.MarkdownString;
    icon?: string | vscode.ThemeIcon;
    contextValue: string;
    expand?: boolean;
    id?: string;
    command?: vscode.Command;
  },
): vscode.TreeItem {
  const it = new vscode.TreeItem(
    label,
    opts.expand === undefined
      ? vscode.TreeItemCollapsibleState.None
      : opts.expand
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed,
  );
  if (opts.description !== undefined) it.description = opts.description;
  if (opts.tooltip !== undefined) it.tooltip = opts.tooltip;
  if (opts.icon !== undefined) it.iconPath = typeof opts.icon === 'string' ? new vscode.ThemeIcon(opts.icon) : opts.icon;
  it.contextValue = opts.contextValue;
  if (opts.id) it.id = opts.id;
  if (opts.command) it.command = opts.command;
  // Screen readers (and UI tests) get "label, description" rather than the tooltip.
  it.accessibilityInformation = { label: opts.description ? `${label}, ${opts.description}` : label };
  return it;
}

/** Renders a claim value for a one-line description. */
function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

export interface ClientsTreeOptions {
  /** Epoch seconds; injectable for tests. */
  now?: () => number;
  warningThresholdMinutes: () => number;
  /** True when this workspace's tasks may use the client's token (shown, revocable). */
  taskConsent?: (profileId: string) => boolean;
}

export class ClientsTreeProvider extends Disposable implements vscode.TreeDataProvider<ClientNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ClientNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly now: () => number;
  private secretState = new Map<string, { clientSecret: boolean; privateKey: boolean }>();
  /** DPoP key thumbprint and client certificate facts per profile (non-secret), read once per change. */
  private constraintState = new Map<string, SenderConstraintFacts>();
  /** Which secrets each shown client has, read in batches with one refresh per batch. */
  private readonly secretReads = new BatchedReads<string>((ids) => this.readSecretStates(ids));

  constructor(
    private readonly store: ProfileStore,
    private readonly session: Session,
    private readonly secrets: SecretStore,
    private readonly history: ExchangeHistory,
    private readonly options: ClientsTreeOptions,
  ) {
    super();
    this.now = options.now ?? (() => Date.now() / 1000);
    this._register(store.onDidChange(() => this.refresh()));
    this._register(session.onDidChange(() => this.refresh()));
    this._register(history.onDidChange(() => this.refresh()));
    this._register(
      secrets.onDidChange(({ profileId, kind }) => {
        if (kind !== 'tokens') {
          this.secretState.delete(profileId);
          this.constraintState.delete(profileId);
        }
        this.refresh();
      }),
    );
    // Token descriptions count down: repaint once a minute.
    const timer = setInterval(() => this.refresh(), 60_000);
    this._register({ dispose: () => clearInterval(timer) });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ClientNode): vscode.TreeItem {
    return node.item;
  }

  async getChildren(node?: ClientNode): Promise<ClientNode[]> {
    if (node) return node.children();
    // After another window rewrote thousands of clients the store parses them in slices, not in one block.
    await this.store.settled();
    const active = this.store.active()?.id;
    // One clock and one settings read for the whole root, not one per client.
    const now = this.now();
    const threshold = this.options.warningThresholdMinutes();
    return this.store.list().map((p) => this.profileNode(p, p.id === active, now, threshold));
  }

  resolveTreeItem(item: vscode.TreeItem, node: ClientNode): vscode.TreeItem {
    if (item.tooltip === undefined && node.lazyTooltip) item.tooltip = node.lazyTooltip();
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  /** The expiry view of a profile's token (shared wording with the status bar). */
  expiry(profileId: string, now = this.now(), thresholdMinutes = this.options.warningThresholdMinutes()): ExpiryView {
    const t = this.session.token(profileId);
    return describeExpiry(t !== undefined, t?.expiresAt, now, thresholdMinutes);
  }

  private profileNode(p: WorkbenchProfile, isActive: boolean, now: number, threshold: number): ClientNode {
    const loaded = this.session.tokenLoaded(p.id);
    const expiry = this.expiry(p.id, now, threshold);
    // Settings and shared-file clients are read-only here: the same menus (`.settings`).
    const contextValue = `profile${isActive ? '.active' : ''}${p.source !== 'stored' ? '.settings' : ''}`;
    const tooltip = (): vscode.MarkdownString => {
      const md = new vscode.MarkdownString(undefined, true);
      md.appendMarkdown(`**${escapeMd(p.name)}**${isActive ? ' $(check) active' : ''}\n\n`);
      md.appendMarkdown(`Issuer: \`${p.issuer}\`  \nClient: \`${p.clientId}\`  \nAuth: \`${p.authMethod}\``);
      if (p.source === 'settings') md.appendMarkdown(`  \nDefined in ${p.definedIn} settings (\`oauthWorkbench.profiles\`)`);
      if (p.source === 'file') md.appendMarkdown(`  \nShared client file: ${escapeMd(p.definedIn)}`);
      md.appendMarkdown(`\n\nToken: ${expiry.description}`);
      return md;
    };
    const icon = profileIcon(p.authMethod, expiry.state === 'expired' ? 'error' : expiry.warning ? 'warning' : 'plain');
    const it = item(p.name, {
      description: `${isActive ? '● ' : ''}${loaded ? expiry.description : '…'}`,
      icon,
      contextValue,
      expand: false,
      id: `profile:${p.id}`,
    });
    it.accessibilityInformation = { label: `${p.name}, ${p.authMethod}, token ${expiry.description}${isActive ? ', active' : ''}` };
    return new ClientNode('profile', p.id, it, () => this.profileChildren(p), undefined, tooltip);
  }

  private profileChildren(p: WorkbenchProfile): ClientNode[] {
    const out = [this.clientNode(p), this.issuerNode(p), this.tokenNode(p)];
    if (this.options.taskConsent?.(p.id)) {
      const tip = 'Tasks and launch configurations of this workspace may use this client’s access token. Revoke to ask again.';
      out.push(
        new ClientNode(
          'detail',
          p.id,
          item('Tasks may use the token', { description: 'this workspace', tooltip: tip, icon: 'unlock', contextValue: 'taskConsent' }),
        ),
      );
    }
    const last = this.history.last(p.id);
    if (last) out.push(this.lastResultNode(p, last));
    return out;
  }

  private secretsOf(p: WorkbenchProfile): { clientSecret: boolean; privateKey: boolean } | undefined {
    const cached = this.secretState.get(p.id);
    if (!cached) this.secretReads.request(p.id);
    return cached;
  }

  /**
   * Reads which secrets `ids` have and the non-secret facts of their DPoP key and client
   * certificate, then refreshes once. A failed read leaves the state unknown ("…").
   */
  private async readSecretStates(ids: string[]): Promise<void> {
    const kinds = ['dpopKey', ...CLIENT_CERTIFICATE_SECRETS] as const;
    const states = await Promise.allSettled(
      ids.map(async (id) => {
        const [s, k, ...material] = await Promise.all([
          this.secrets.get(id, 'clientSecret'),
          this.secrets.get(id, 'privateKey'),
          ...kinds.map((kind) => this.secrets.get(id, kind)),
        ]);
        const stored = Object.fromEntries(kinds.flatMap((kind, i) => (material[i] ? [[kind, material[i]]] : [])));
        // The facts need key import and the certificate parser: loaded on first use, and only for clients that have such material.
        const facts: SenderConstraintFacts =
          Object.keys(stored).length > 0 ? await (await import('./sender-constraint-facts')).senderConstraintFacts(stored) : {};
        return { secrets: { clientSecret: s !== undefined, privateKey: k !== undefined }, facts };
      }),
    );
    states.forEach((r, i) => {
      if (r.status !== 'fulfilled') return;
      this.secretState.set(ids[i]!, r.value.secrets);
      this.constraintState.set(ids[i]!, r.value.facts);
    });
    this.refresh();
  }

  private constraintFactsOf(p: WorkbenchProfile): SenderConstraintFacts | undefined {
    const cached = this.constraintState.get(p.id);
    if (!cached) this.secretReads.request(p.id);
    return cached;
  }

  private clientNode(p: WorkbenchProfile): ClientNode {
    const details = (): ClientNode[] => {
      const rows: [string, string, string][] = [
        ['Client ID', p.clientId, 'account'],
        ['Auth method', p.authMethod, AUTH_ICONS[p.authMethod]],
      ];
      if (p.authMethod === 'private_key_jwt' || p.authMethod === 'client_secret_jwt') {
        rows.push([
          'Signing alg',
          p.signingAlg ?? (p.authMethod === 'private_key_jwt' ? 'RS256 (default)' : 'HS256 (default)'),
          'symbol-misc',
        ]);
        if (p.keyId) rows.push(['Key ID', p.keyId, 'tag']);
        rows.push(['Assertion aud', `${audienceText(p.audience, p.customAudience)}${p.audience ? '' : ' (default)'}`, 'target']);
      }
      if (p.scope) rows.push(['Scope', p.scope, 'list-flat']);
      rows.push(...senderConstraintRows(p, this.constraintFactsOf(p), this.now()));
      const nodes = rows.map(
        ([label, value, icon]) =>
          new ClientNode(
            'detail',
            p.id,
            item(label, { description: value, tooltip: value, icon, contextValue: 'detail' }),
            undefined,
            value,
          ),
      );
      const s = this.secretsOf(p);
      const needs = requiredSecret(p.authMethod);
      if (needs) {
        const has = s?.[needs];
        const label = needs === 'privateKey' ? 'Private key' : 'Client secret';
        const fromFile = p.source === 'settings' && (needs === 'privateKey' ? p.privateKeyFile : p.clientSecretFile);
        const description =
          s === undefined ? '…' : has ? 'stored in SecretStorage' : fromFile ? 'read from file on first use' : 'not set — click to set';
        nodes.push(
          new ClientNode(
            'detail',
            p.id,
            item(label, {
              description,
              icon: has || fromFile ? 'lock' : new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
              contextValue: needs === 'privateKey' ? 'secret.privateKey' : 'secret.clientSecret',
              command: {
                title: `Set ${label}`,
                command: needs === 'privateKey' ? 'oauthWorkbench.setPrivateKey' : 'oauthWorkbench.setClientSecret',
                arguments: [{ profileId: p.id, interactive: true }],
              },
            }),
          ),
        );
      }
      return nodes;
    };
    return new ClientNode(
      'client',
      p.id,
      item('Client', { description: `${p.clientId} · ${p.authMethod}`, icon: 'account', contextValue: 'client', expand: false }),
      details,
    );
  }

  private issuerNode(p: WorkbenchProfile): ClientNode {
    const metadata = this.session.metadata(p.id);
    const endpoints = (): ClientNode[] => {
      const list = endpointList(p, metadata);
      const nodes = list.map(
        ({ name, url, override }) =>
          new ClientNode(
            'endpoint',
            p.id,
            item(name, {
              description: url,
              tooltip: `${url}${override ? '\n(set in the profile)' : '\n(from discovery)'}`,
              icon: 'link',
              contextValue: 'endpoint',
            }),
            undefined,
            url,
          ),
      );
      if (!metadata) {
        nodes.push(
          new ClientNode(
            'message',
            p.id,
            item('Run discovery to list endpoints', {
              icon: 'compass',
              contextValue: 'message',
              command: { title: 'Discover', command: 'oauthWorkbench.discover', arguments: [{ profileId: p.id, interactive: true }] },
            }),
          ),
        );
      }
      return nodes;
    };
    return new ClientNode(
      'issuer',
      p.id,
      item('Issuer', { description: p.issuer, tooltip: p.issuer, icon: 'globe', contextValue: 'issuer', expand: false }),
      endpoints,
      p.issuer,
    );
  }

  private tokenNode(p: WorkbenchProfile): ClientNode {
    const t = this.session.token(p.id);
    const expiry = this.expiry(p.id);
    if (!t) {
      return new ClientNode(
        'token',
        p.id,
        item('Token', {
          description: this.session.tokenLoaded(p.id) ? 'no token' : '…',
          icon: 'circle-outline',
          contextValue: 'token.none',
          command: { title: 'Get Token', command: 'oauthWorkbench.getToken', arguments: [{ profileId: p.id, interactive: true }] },
        }),
      );
    }
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`Token: ${expiry.description}`);
    const exact = exactExpiry(t.expiresAt);
    if (exact) tooltip.appendMarkdown(`  \nExpires at ${exact}`);
    tooltip.appendMarkdown(
      `  \n${t.decoded ? 'JWT (decoded, not verified)' : 'Opaque token'}${t.tokens.refresh_token ? ' · refresh token held' : ''}`,
    );
    const icon =
      expiry.state === 'expired'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
        : expiry.warning
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'))
          : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    return new ClientNode(
      'token',
      p.id,
      item('Token', { description: expiry.description, tooltip, icon, contextValue: 'token', expand: false }),
      () => this.claimNodes(p.id, t),
    );
  }

  private claimNodes(profileId: string, t: TokenView): ClientNode[] {
    const now = this.now();
    const rows: [string, unknown][] = [];
    if (t.decoded) {
      for (const [k, v] of Object.entries(t.decoded.claims)) rows.push([k, v]);
    } else {
      rows.push(['(opaque token)', 'not a JWT — introspect it to see its claims']);
      if (t.tokens.scope) rows.push(['scope', t.tokens.scope]);
    }
    if (t.tokens.token_type) rows.push(['token_type', t.tokens.token_type]);
    if (t.tokens.refresh_token) rows.push(['refresh_token', 'held (hidden)']);
    const nodes = rows.map(([k, v]) => this.claimNode(profileId, k, v, now));
    const checked = this.introspectionNode(profileId, t, now);
    return checked ? [checked, ...nodes] : nodes;
  }

  /** A claim or result field; time fields show their date beside the epoch seconds (the one time formatter). */
  private claimNode(profileId: string, k: string, v: unknown, now: number): ClientNode {
    const description = (TIME_FIELDS.has(k) ? timeText(v, now) : undefined) ?? claimText(v);
    return new ClientNode(
      'claim',
      profileId,
      item(k, { description, tooltip: `${k}: ${claimText(v)}`, icon: 'symbol-field', contextValue: 'claim' }),
      undefined,
      claimText(v),
    );
  }

  /**
   * The newest introspection answer about the current token (recorded after it was
   * received): active or not, when it was checked, and the answer's fields with dates.
   */
  private introspectionNode(profileId: string, t: TokenView, now: number): ClientNode | undefined {
    const since = (t.tokens.received_at ?? 0) * 1000;
    const record = [...this.history.list(profileId)]
      .reverse()
      .find(
        (r) =>
          r.exchange.operation === 'introspect' &&
          r.at >= since &&
          typeof (r.exchange.result as { active?: unknown } | undefined)?.active === 'boolean',
      );
    if (!record) return undefined;
    const result = record.exchange.result as Record<string, unknown>;
    const active = result.active === true;
    const checked = timeText(record.at / 1000, now) ?? '';
    return new ClientNode(
      'detail',
      profileId,
      item('Introspection', {
        description: `${active ? 'active' : 'NOT active'} · checked ${checked}`,
        tooltip: `The server's answer about this token, ${checked}`,
        icon: active
          ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
          : new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
        contextValue: 'introspection',
        expand: false,
      }),
      () => Object.entries(result).map(([k, v]) => this.claimNode(profileId, k, v, now)),
    );
  }

  private lastResultNode(p: WorkbenchProfile, { summary, ok, findings, at }: HistoryRecord): ClientNode {
    const icon = ok
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    const children = (): ClientNode[] =>
      findings.map((f) => {
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown(`**${escapeMd(f.title)}** (\`${f.code}\`)\n\n`);
        for (const ev of f.evidence) tooltip.appendMarkdown(`- ${escapeMd(ev)}\n`);
        tooltip.appendMarkdown(`\n**Fix:** ${escapeMd(f.fix)}`);
        return new ClientNode(
          'finding',
          p.id,
          item(f.title, { description: f.code, tooltip, icon: SEVERITY_ICONS[f.severity], contextValue: 'finding' }),
          undefined,
          f.code,
        );
      });
    return new ClientNode(
      'lastResult',
      p.id,
      item('Last result', {
        description: summary,
        tooltip: `${summary}\n${new Date(at).toLocaleTimeString()}${findings.length ? `\n${findings.length} finding(s)` : ''}`,
        icon,
        contextValue: 'lastResult',
        expand: findings.length > 0 ? false : undefined,
      }),
      children,
    );
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
