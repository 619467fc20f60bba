/**
 * Test helpers for the diagnosis suites: send a parsed curl draft to the real server
 * exactly as pasted (through the core's transport), and check findings for leaks.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  errorFromResponse,
  sendHttp,
  toErrorInfo,
  TransportError,
  type DraftRequest,
  type Exchange,
  type Finding,
  type Operation,
} from '../../src/core';

/** Sends a draft as-is (no client authentication added) and records an Exchange like the engine does. */
export async function sendDraft(draft: DraftRequest, operation: Operation): Promise<Exchange> {
  const q = (draft.query ?? []).map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value)}`).join('&');
  const method = draft.method.toUpperCase() === 'GET' ? 'GET' : 'POST';
  const request = {
    method,
    url: q ? `${draft.url}?${q}` : draft.url,
    headers: draft.headers,
    ...(method === 'POST' ? { form: draft.form } : {}),
  } as const;
  const base = { id: randomUUID(), operation, attempts: 1 };
  if (draft.bodyFormat === 'json') return sendJson(draft, request.url, base);
  try {
    const r = await sendHttp(request);
    const ok = r.response.status >= 200 && r.response.status < 300;
    return {
      ...base,
      request: r.request,
      response: r.response,
      timings: r.timings,
      ...(ok ? {} : { error: toErrorInfo(errorFromResponse(r.response, operation)) }),
    };
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    return { ...base, request: e.request, ...(e.response ? { response: e.response } : {}), timings: e.timings, error: toErrorInfo(e) };
  }
}

export const codes = (f: Finding[]): string[] => f.map((x) => x.code);

export function find(f: Finding[], code: string): Finding {
  const hit = f.find((x) => x.code === code);
  assert.ok(hit, `expected finding ${code}; got ${JSON.stringify(codes(f))}`);
  return hit;
}

export function absent(f: Finding[], code: string): void {
  assert.ok(
    !f.some((x) => x.code === code),
    `did not expect ${code}; got ${JSON.stringify(
      f.filter((x) => x.code === code),
      null,
      1,
    )}`,
  );
}

/** No finding text (title, evidence, fix, action) contains any of the secret values. */
export function assertNoSecrets(f: Finding[], secrets: Array<string | undefined>): void {
  const text = JSON.stringify(f);
  for (const s of secrets) {
    if (!s || s.length < 8) continue;
    assert.ok(!text.includes(s), `a secret value (${s.slice(0, 4)}…) leaked into findings`);
  }
}

/** The transport only sends form bodies; a pasted JSON body goes out with fetch, recorded the same way. */
async function sendJson(draft: DraftRequest, url: string, base: { id: string; operation: Operation; attempts: number }): Promise<Exchange> {
  const started = Date.now();
  const body = JSON.stringify(Object.fromEntries(draft.form.map((p) => [p.name, p.value])));
  const res = await fetch(url, { method: draft.method, headers: draft.headers.map((h) => [h.name, h.value] as [string, string]), body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const response = {
    status: res.status,
    headers: Object.fromEntries(res.headers.entries()),
    body: text,
    ...(json !== undefined ? { json } : {}),
  };
  const ok = res.status >= 200 && res.status < 300;
  return {
    ...base,
    request: { method: 'POST', url, headers: draft.headers },
    response,
    timings: { startedAt: new Date(started).toISOString(), totalMs: Date.now() - started },
    ...(ok ? {} : { error: toErrorInfo(errorFromResponse(response, base.operation)) }),
  };
}
