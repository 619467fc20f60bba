/**
 * What the user sees, observed from a test: the "OAuth Workbench" log file and the
 * notifications the extension shows. Observation only: the real functions still run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';

/** Every file under `dir` (recursively). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * The text of the "OAuth Workbench" log file(s). The channel writes asynchronously:
 * waits (up to 5 s) until `until` matches, then returns whatever is there.
 */
export async function outputLog(api: TestingApi, until?: RegExp | string): Promise<string> {
  const root = path.dirname(api.services.context.logUri.fsPath);
  let text = '';
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const logs = filesUnder(root).filter((f) => path.basename(f).includes('OAuth Workbench'));
    text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    if (until === undefined ? logs.length > 0 : typeof until === 'string' ? text.includes(until) : until.test(text)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return text;
}

export interface ShownMessage {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** Button titles (string items or MessageItem titles) and the modal detail, if any. */
  items: string[];
}

type ShowFn = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Records every showInformationMessage / showWarningMessage / showErrorMessage call
 * and calls through to the original. `answer`, when given, picks the item to resolve
 * with instead of showing the message (for flows that wait on a button).
 * Call `dispose()` to restore the originals.
 */
export function recordMessages(answer?: (m: ShownMessage) => string | undefined): { messages: ShownMessage[]; dispose(): void } {
  const messages: ShownMessage[] = [];
  const win = vscode.window as unknown as Record<string, ShowFn>;
  const names = { showInformationMessage: 'info', showWarningMessage: 'warning', showErrorMessage: 'error' } as const;
  const originals = new Map<string, ShowFn>();
  for (const [name, level] of Object.entries(names)) {
    const original = win[name]!;
    originals.set(name, original);
    win[name] = function (message: string, ...rest: unknown[]): Thenable<unknown> {
      const items: string[] = [];
      for (const r of rest) {
        if (typeof r === 'string') items.push(r);
        else if (r && typeof r === 'object' && 'title' in r && typeof r.title === 'string') items.push((r as { title: string }).title);
        else if (r && typeof r === 'object' && 'detail' in r && typeof r.detail === 'string') items.push((r as { detail: string }).detail);
      }
      const shown: ShownMessage = { level, message, items };
      messages.push(shown);
      const picked = answer?.(shown);
      if (picked !== undefined) {
        const item = rest.find((r) => r === picked || (r && typeof r === 'object' && (r as { title?: unknown }).title === picked));
        return Promise.resolve(item);
      }
      return original.call(vscode.window, message, ...rest);
    };
  }
  return {
    messages,
    dispose() {
      for (const [name, original] of originals) win[name] = original;
    },
  };
}
