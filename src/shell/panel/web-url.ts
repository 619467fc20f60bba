/**
 * Defence in depth for the panel's "open in browser": whatever the core produced
 * (authorization URL, device verification URI), the host hands only http(s) web
 * pages to vscode.env.openExternal — never `javascript:`, `file:`, `vscode:` or
 * another extension's URI handler. Pure (no vscode), tested in plain node.
 */

/** True when `url` is an absolute http: or https: URL with a host. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The scheme of `url` for a log line (never the whole address), e.g. "javascript:". */
export function schemeOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim());
  return m ? m[1]!.toLowerCase() : 'a relative or malformed address';
}
