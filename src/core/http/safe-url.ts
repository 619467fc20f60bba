/**
 * Which URLs the core may send to: https anywhere; plain http only to loopback
 * (127.0.0.0/8, ::1, localhost) unless the profile explicitly allows it
 * (SECURITY.md item 7).
 */
import { ConfigError } from '../errors';

/** True for 127.0.0.0/8, ::1 and localhost (and *.localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

let lastText: string | undefined;
let lastUrl: URL | undefined;

/**
 * `new URL(text)`, remembered for the last text: a request's URL is checked when it is
 * prepared and parsed again by the transport right after, so the second parse is free.
 * The URL returned is shared: read it, never modify it.
 * @throws TypeError when `text` is not an absolute URL.
 */
export function parseUrl(text: string): URL {
  if (text !== lastText || lastUrl === undefined) {
    lastUrl = new URL(text);
    lastText = text;
  }
  return lastUrl;
}

/**
 * Throws unless `url` is https, or http to a loopback host, or `allowInsecureHttp`.
 * @throws ConfigError CONFIG_INVALID (not an absolute http(s) URL) | CONFIG_INSECURE_HTTP
 */
export function assertSafeUrl(url: string, allowInsecureHttp = false): void {
  let u: URL;
  try {
    u = parseUrl(url);
  } catch {
    throw new ConfigError(
      'CONFIG_INVALID',
      `"${url}" is not an absolute URL. Use the full address, e.g. https://login.example.com/oauth2/token.`,
    );
  }
  if (u.protocol === 'https:') return;
  if (u.protocol !== 'http:') {
    throw new ConfigError('CONFIG_INVALID', `${u.protocol} URLs are not supported (${u.origin}); use https://.`);
  }
  if (isLoopbackHost(u.hostname) || allowInsecureHttp) return;
  throw new ConfigError(
    'CONFIG_INSECURE_HTTP',
    `Refusing to send to ${u.origin} over plain http: credentials and tokens would travel unencrypted. ` +
      'Use https, or — only for a test server you control — enable "allow insecure http" in the profile.',
  );
}
