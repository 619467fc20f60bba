/**
 * undici dispatchers: proxy (explicit or HTTPS_PROXY/HTTP_PROXY, with NO_PROXY),
 * extra CA certificates and per-dispatcher TLS strictness (SECURITY.md item 12).
 * TLS verification is only ever relaxed for proxied traffic of the dispatcher that
 * asks for it, never for direct connections and never process-wide (no
 * NODE_TLS_REJECT_UNAUTHORIZED, no global dispatcher change).
 */
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { ConfigError } from '../errors';

export interface DispatcherOptions {
  /** Proxy URL (VS Code `http.proxy`); default: HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string;
  /** Hosts that bypass the proxy, NO_PROXY syntax; default: NO_PROXY from the environment. */
  noProxy?: string;
  /**
   * VS Code's `http.proxyStrictSSL`; default true. `false` skips certificate
   * verification only on connections made because of the proxy: the connection to
   * an https proxy and the TLS to targets reached through it (a TLS-inspecting
   * corporate proxy). Direct connections — no proxy configured, or a host listed in
   * `noProxy` — are always verified; trust a private CA with `ca` instead.
   */
  strictSSL?: boolean;
  /** Extra CA certificates (PEM), added to Node's bundled roots. */
  ca?: string[];
  /** Connect timeout, default 10 s. */
  connectMs?: number;
  /**
   * mTLS (RFC 8705): the client certificate chain and key (PEM) presented to every
   * server that asks for one — directly and through a proxy (the TLS to the target).
   * Never presented to the proxy itself.
   */
  clientCertificate?: { cert: string; key: string };
}

/** Builds the dispatcher the shell passes as `HttpOptions.dispatcher`. */
export function createDispatcher(o: DispatcherOptions = {}): Dispatcher {
  if (o.proxy) {
    try {
      const u = new URL(o.proxy);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new ConfigError(
        'CONFIG_INVALID',
        `The proxy "${o.proxy.replace(/\/\/[^@/]*@/, '//***@')}" is not an http(s) URL, e.g. http://proxy.example.com:8080.`,
      );
    }
  }
  const ca = o.ca?.length ? { ca: [...rootCertificates, ...o.ca] } : {};
  const timeout = o.connectMs ?? 10_000;
  // EnvHttpProxyAgent hands `connect` to its direct agent (no proxy, NO_PROXY hosts)
  // and `proxyTls` / `requestTls` to its proxy agents only; so strictSSL: false
  // reaches nothing but proxied traffic.
  const proxied = { rejectUnauthorized: o.strictSSL ?? true, ...ca, timeout };
  const client = o.clientCertificate ? { cert: o.clientCertificate.cert, key: o.clientCertificate.key } : {};
  return new EnvHttpProxyAgent({
    ...(o.proxy ? { httpProxy: o.proxy, httpsProxy: o.proxy } : {}),
    ...(o.noProxy !== undefined ? { noProxy: o.noProxy } : {}),
    connect: { rejectUnauthorized: true, ...ca, timeout, ...client },
    requestTls: { ...proxied, ...client },
    proxyTls: proxied,
  });
}

const shared = new Map<number, Dispatcher>();

/** A shared plain agent per connect timeout, for calls without a dispatcher. */
export function defaultDispatcher(connectMs: number): Dispatcher {
  let d = shared.get(connectMs);
  if (!d) {
    d = new Agent({ connect: { timeout: connectMs } });
    shared.set(connectMs, d);
  }
  return d;
}
