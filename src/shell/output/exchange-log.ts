/**
 * The "OAuth Workbench" LogOutputChannel. Every exchange is logged redacted (the
 * core's redactExchange); on top of that, any value the shell knows to be secret is
 * scrubbed from every line, so a secret that slipped into an error text still never
 * reaches the log file.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core';
import { findingLines, redactExchange, type Exchange } from '../../core/essentials';
import { Disposable } from '../lifecycle/disposable';

/** Replaces every occurrence of the given secret values (≥ 6 chars) with `<redacted>`. */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('<redacted>');
  return out;
}

export class ExchangeLog extends Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly knownSecrets = new Set<string>();

  constructor() {
    super();
    this.channel = this._register(vscode.window.createOutputChannel('OAuth Workbench', { log: true }));
  }

  /** Registers values that must never be logged (secrets seen by the shell this session). */
  rememberSecret(...values: (string | undefined)[]): void {
    for (const v of values) if (v && v.length >= 6) this.knownSecrets.add(v);
  }

  private clean(text: string): string {
    return scrubSecrets(text, this.knownSecrets);
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }

  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }

  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  /**
   * Findings in plain language (issue 3): per finding its severity, code, title and
   * fix, then its evidence lines. Evidence quotes no secret by design; every line is
   * still scrubbed of the secrets this session knows.
   */
  findings(findings: readonly Finding[]): void {
    for (const f of findings) {
      const { headline, evidence } = findingLines(f);
      if (f.severity === 'info') this.info(headline);
      else this.warn(headline);
      for (const e of evidence) this.info(e);
    }
  }

  /**
   * One line per exchange at info level (method, URL, status, timing, finding codes),
   * then each finding in plain language (when findings, not only codes, are given),
   * the redacted request and response at debug/trace level.
   */
  exchange(exchange: Exchange, findings: readonly (Finding | string)[] = [], profileName?: string): void {
    const findingCodes = findings.map((f) => (typeof f === 'string' ? f : f.code));
    const e = redactExchange(exchange);
    const status = e.response ? `${e.response.status}${e.response.statusText ? ` ${e.response.statusText}` : ''}` : 'no response';
    const parts = [
      `${e.operation}${profileName ? ` [${profileName}]` : ''}:`,
      `${e.request.method} ${e.request.url} → ${status}`,
      `(${Math.round(e.timings.totalMs)} ms${e.attempts > 1 ? `, ${e.attempts} attempts` : ''})`,
    ];
    if (e.error) parts.push(`error ${e.error.code}`);
    if (findingCodes.length > 0) parts.push(`findings: ${findingCodes.join(', ')}`);
    const line = parts.join(' ');
    if (e.error || (e.response && e.response.status >= 400)) this.warn(line);
    else this.info(line);
    if (e.error) this.channel.warn(this.clean(`  ${e.error.message}`));
    this.findings(findings.filter((f): f is Finding => typeof f !== 'string'));
    this.channel.debug(this.clean(`  request headers: ${e.request.headers.map((h) => `${h.name}: ${h.value}`).join(' | ')}`));
    if (e.request.form) this.channel.debug(this.clean(`  request form: ${e.request.form.map((p) => `${p.name}=${p.value}`).join('&')}`));
    if (e.assertion) this.channel.debug(this.clean(`  client assertion claims: ${JSON.stringify(e.assertion.claims)}`));
    if (e.response) this.channel.trace(this.clean(`  response body: ${e.response.body.slice(0, 4000)}`));
  }
}
