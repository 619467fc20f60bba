/**
 * The panel's HTML shell: a strict CSP (`default-src 'none'`, nonce-only scripts),
 * the bundled script and styles from dist/, codicons from dist/codicons. The page has
 * no content of its own; the webview script builds everything from validated data.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** A fresh, unguessable nonce for one rendering of the page. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The Content-Security-Policy of the panel. Styles: our own files plus the nonce;
 * @vscode-elements (lit) adopts constructed stylesheets, which need no 'unsafe-inline'.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** The full page for the webview; `dist` is the extension's bundle folder. */
export function renderPanelHtml(
  webview: vscode.Webview,
  dist: vscode.Uri,
  uriJoin: (base: vscode.Uri, ...p: string[]) => vscode.Uri,
  nonce = createNonce(),
): string {
  const asset = (...p: string[]): string => webview.asWebviewUri(uriJoin(dist, ...p)).toString();
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('codicons', 'codicon.css')}" nonce="${nonce}">
<link rel="stylesheet" href="${asset('webview.css')}" nonce="${nonce}">
<title>OAuth Request</title>
</head>
<body>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}
