/**
 * A minimal "browser" for tests: undici fetch with a cookie jar, manual redirects and
 * HTML form submission — enough to drive oidc-provider's dev login/consent pages and
 * its device-flow pages the way a user would. Not a general HTML parser.
 */
import { fetch } from 'undici';

export interface Page {
  url: string;
  status: number;
  html: string;
}

export interface Form {
  action: string;
  method: string;
  fields: Record<string, string>;
}

const decode = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x2F;/g, '/')
    .replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][\w:.-]*)\s*=\s*"([^"]*)"/g)) out[m[1]!.toLowerCase()] = decode(m[2]!);
  return out;
}

/** The first form of the page (with its named inputs' values), or undefined. */
export function findForm(page: Page): Form | undefined {
  const m = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(page.html);
  if (!m) return undefined;
  const a = attrs(m[1]!);
  const fields: Record<string, string> = {};
  for (const input of m[2]!.matchAll(/<input\b([^>]*)>/gi)) {
    const ia = attrs(input[1]!);
    if (ia['name']) fields[ia['name']] = ia['value'] ?? '';
  }
  return { action: new URL(a['action'] ?? page.url, page.url).toString(), method: (a['method'] ?? 'get').toUpperCase(), fields };
}

export class TestBrowser {
  private readonly jar = new Map<string, string>();
  /** Every URL the browser requested, in order. */
  readonly visited: string[] = [];

  /**
   * @param rewrite lets a test tamper with a URL before it is requested (e.g. the redirect
   *   to the loopback listener), like an attacker or a stale tab would.
   */
  constructor(private readonly rewrite: (url: string) => string = (u) => u) {}

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(setCookies: string[]): void {
    for (const c of setCookies) {
      const [pair, ...attributes] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired =
        attributes.some((x) => /^\s*expires=/i.test(x) && Date.parse(x.split('=')[1]!) < Date.now()) ||
        attributes.some((x) => /^\s*max-age=0/i.test(x));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** One request, following redirects (GET) until a non-3xx answer. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let current = this.rewrite(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 20; hops++) {
      this.visited.push(current);
      const headers: Record<string, string> = { accept: 'text/html' };
      const cookie = this.cookieHeader();
      if (cookie) headers['cookie'] = cookie;
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(current, { method, headers, body, redirect: 'manual' });
      this.store(res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        current = this.rewrite(new URL(location, current).toString());
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: res.status, html: await res.text() };
    }
    throw new Error('too many redirects');
  }

  /** Submits the page's first form with `overrides` merged into its fields. */
  async submit(page: Page, overrides: Record<string, string> = {}, drop: string[] = []): Promise<Page> {
    const form = findForm(page);
    if (!form) throw new Error(`no form on ${page.url} (HTTP ${page.status}): ${page.html.slice(0, 300)}`);
    const fields = { ...form.fields, ...overrides };
    for (const d of drop) delete fields[d];
    return this.request(form.action, { method: form.method, form: fields });
  }

  /**
   * Plays the user through oidc-provider's dev interactions from `page`: signs in as
   * `login` and confirms consent until a page without a login/consent form is reached.
   */
  async loginAndConsent(page: Page, login = 'alice'): Promise<Page> {
    let p = page;
    for (let step = 0; step < 6; step++) {
      const form = findForm(p);
      if (!form || !('prompt' in form.fields)) return p;
      p = form.fields['prompt'] === 'login' ? await this.submit(p, { login, password: 'any' }) : await this.submit(p);
    }
    return p;
  }
}
