/**
 * The loopback redirect receiver for the authorization code flow (RFC 8252 §7.3):
 * an HTTP server on 127.0.0.1 (or [::1]) that waits for ONE callback on the redirect
 * path, answers with a static page that reflects nothing from the request, and closes
 * after the callback, the timeout or a cancel.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, FlowError } from '../errors';

/** What the authorization server sent to the redirect URI. */
export interface CallbackParams {
  /** All query parameters of the callback, as received. */
  params: URLSearchParams;
}

export interface LoopbackListener {
  /** The exact redirect URI to send in the authorization request (with the bound port). */
  redirectUri: string;
  port: number;
  /** Resolves with the first callback; rejects with FLOW_TIMEOUT or FLOW_CANCELLED. Closes the server either way. */
  callback: Promise<CallbackParams>;
  /** Stops listening and drops open connections (idempotent). */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** Default `http://127.0.0.1:0/callback` (a free port). A fixed port in the URI is honoured. */
  redirectUri?: string;
  /** Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:0/callback';
export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;

const PAGE_SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

// Static pages: nothing from the request is ever written into them (no reflected input).
const page = (title: string, text: string): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p><p>You can close this tab.</p></body></html>`;
const DONE_PAGE = page('OAuth Workbench', 'The authorization response was received. Return to VS Code to see the result.');
const ERROR_PAGE = page('OAuth Workbench', 'The authorization server returned an error. Return to VS Code to see the details.');

function parseRedirect(uri: string): { host: string; port: number; path: string; hostname: string } {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new ConfigError('CONFIG_INVALID', `The redirect URI "${uri}" is not an absolute URL.`);
  }
  const hostname = u.hostname.replace(/^\[|\]$/g, '');
  const loopback = hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '::1';
  if (u.protocol !== 'http:' || !loopback) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `The workbench receives the authorization code on a loopback redirect URI (http://127.0.0.1:<port>/<path>); "${u.origin}" is not one. ` +
        "Register http://127.0.0.1/callback (any port) for the client, or clear the profile's redirect URI to use the default.",
    );
  }
  if (u.search || u.hash) throw new ConfigError('CONFIG_INVALID', 'The redirect URI must not contain a query or fragment.');
  // `localhost` may resolve to ::1 or 127.0.0.1; listen on the IPv4 literal (RFC 8252 §8.3 prefers literals).
  const host = hostname === '::1' ? '::1' : '127.0.0.1';
  return { host, hostname: u.hostname, port: u.port ? Number(u.port) : 0, path: u.pathname || '/' };
}

/**
 * Starts listening and returns the redirect URI to use.
 * @throws ConfigError CONFIG_INVALID for a non-loopback redirect URI; FlowError FLOW_CANCELLED if already cancelled
 */
export async function startLoopbackListener(o: LoopbackOptions = {}): Promise<LoopbackListener> {
  const target = parseRedirect(o.redirectUri ?? DEFAULT_REDIRECT_URI);
  if (o.signal?.aborted) throw new FlowError('FLOW_CANCELLED', 'The authorization was cancelled.');
  const timeoutMs = o.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;

  let settle!: { resolve: (v: CallbackParams) => void; reject: (e: unknown) => void };
  const callback = new Promise<CallbackParams>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may attach its handler later (after opening the browser).
  callback.catch(() => undefined);

  let done = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== target.path || done) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('Not found');
      return;
    }
    const params = url.searchParams;
    const isError = params.has('error');
    res.writeHead(200, { ...PAGE_SECURITY_HEADERS, connection: 'close' }).end(isError ? ERROR_PAGE : DONE_PAGE);
    finish(() => settle.resolve({ params }));
  });

  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Keep-alive sockets from the browser would otherwise hold the port open.
      server.closeIdleConnections();
      setImmediate(() => server.closeAllConnections());
    });

  // eslint-disable-next-line prefer-const -- assigned below, after finish() (which clears it) is defined
  let timer: NodeJS.Timeout | undefined;
  const onAbort = (): void =>
    finish(() => settle.reject(new FlowError('FLOW_CANCELLED', 'The authorization was cancelled; the redirect listener is closed.')));
  function finish(action: () => void): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    action();
    void close();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new ConfigError(
              'CONFIG_INVALID',
              `Port ${target.port} of the redirect URI is in use. Close what uses it, or use a redirect URI without a port (a free one is picked).`,
            )
          : e,
      );
    });
    server.listen(target.port, target.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  timer = setTimeout(
    () =>
      finish(() =>
        settle.reject(
          new FlowError(
            'FLOW_TIMEOUT',
            `No authorization response arrived within ${Math.round(timeoutMs / 1000)} s; the redirect listener is closed. Start the flow again.`,
          ),
        ),
      ),
    timeoutMs,
  );
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const hostForUri = target.hostname.includes(':') && !target.hostname.startsWith('[') ? `[${target.hostname}]` : target.hostname;
  return {
    redirectUri: `http://${hostForUri}:${port}${target.path}`,
    port,
    callback,
    close: () => {
      finish(() => settle.reject(new FlowError('FLOW_CANCELLED', 'The redirect listener was closed before a response arrived.')));
      return close();
    },
  };
}
