/**
 * How a command tells apart its three kinds of invocation: from a tree node (the
 * node is the first argument), with an argument object (non-interactive: no UI,
 * returns a redacted summary), or with nothing (palette / keybinding: interactive).
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core';
import { EXCHANGE_SOURCES, type ExchangeSource } from '../history/history-record';
import { isRecord } from '../profiles/profile-schema';
import { ClientNode } from '../tree/clients-tree';

export interface Invocation {
  /** True when the command may show UI (palette, tree, status bar). */
  interactive: boolean;
  /** The argument object (empty when invoked without one). */
  args: Record<string, unknown>;
  /** The tree node the command was invoked on. */
  node?: ClientNode;
  /** Where it was invoked, for the history: the tree, `args.source` (status bar, notification), the palette, or a caller. */
  source: ExchangeSource;
}

/**
 * Classifies a command's first argument. An object with `interactive: true` (used by
 * the extension's own tree items and status bar) keeps the UI but still passes values.
 */
export function invocation(arg: unknown): Invocation {
  if (arg instanceof ClientNode) return { interactive: true, args: { profileId: arg.profileId }, node: arg, source: 'tree' };
  if (arg instanceof vscode.Uri || !isRecord(arg)) return { interactive: true, args: {}, source: 'palette' };
  const interactive = arg.interactive === true;
  const named = EXCHANGE_SOURCES.find((s) => s === arg.source);
  return { interactive, args: arg, source: named ?? (interactive ? 'palette' : 'command') };
}

/** A string argument, trimmed; undefined when absent. @throws ConfigError when of another type. */
export function str(args: Record<string, unknown>, name: string): string | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ConfigError('CONFIG_INVALID', `The argument "${name}" must be a string.`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

export function bool(args: Record<string, unknown>, name: string): boolean | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ConfigError('CONFIG_INVALID', `The argument "${name}" must be true or false.`);
  return v;
}
