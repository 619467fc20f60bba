/**
 * Issue "Trust under attack", item 7 — behaviours a mutation could remove unnoticed:
 * the panel's exact Content-Security-Policy (SECURITY.md 13) and the webview's check
 * that only https documentation links become links.
 */
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { contentSecurityPolicy, renderPanelHtml } from '../../src/shell/panel/html';
import { safeHttpsUrl } from '../../src/webview/dom';

describe('request panel: the exact CSP and the docs-link check', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';

  it('is exactly: default-src none; styles and fonts from the extension (+ nonce); scripts by nonce only; images from the extension and data:', () => {
    assert.equal(
      contentSecurityPolicy(source, 'N0nce'),
      `default-src 'none'; style-src ${source} 'nonce-N0nce'; font-src ${source}; script-src 'nonce-N0nce'; img-src ${source} data:`,
    );
  });

  it('the page carries that CSP, a 24-character nonce, and one script with the nonce', () => {
    const webview = { cspSource: source, asWebviewUri: (u: { path: string }) => ({ toString: () => `${source}${u.path}` }) };
    const join = (base: { path: string }, ...p: string[]) => ({ path: [base.path, ...p].join('/') });
    const html = renderPanelHtml(webview as unknown as vscode.Webview, { path: '/ext/dist' } as vscode.Uri, join as never);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
    assert.equal(nonce.length, 24);
    assert.equal(csp, contentSecurityPolicy(source, nonce));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src="${source}/ext/dist/webview.js"></script>`));
  });

  it('only https documentation links are rendered as links', () => {
    assert.equal(safeHttpsUrl('https://www.rfc-editor.org/rfc/rfc7523#section-3'), 'https://www.rfc-editor.org/rfc/rfc7523#section-3');
    for (const bad of [
      'http://example.com/',
      'javascript:alert(1)',
      'data:text/html,<script>',
      'vscode://x',
      'command:oauthWorkbench.revoke',
      'not a url',
      '',
      null,
    ]) {
      assert.equal(safeHttpsUrl(bad), null, String(bad));
    }
  });
});
