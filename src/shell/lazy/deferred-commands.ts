/**
 * Stand-ins for the commands until the workbench is loaded: activation registers one
 * per command the manifest declares; the first call loads the workbench (which
 * disposes the stand-ins, then registers the real commands) and replays the call.
 */
import * as vscode from 'vscode';

/** Command ids declared in the manifest (`contributes.commands`). */
export function manifestCommands(extension: vscode.Extension<unknown>): string[] {
  const contributes = (extension.packageJSON as { contributes?: { commands?: Array<{ command?: unknown }> } }).contributes;
  return (contributes?.commands ?? []).map((c) => c.command).filter((id): id is string => typeof id === 'string');
}

/** Registers the stand-ins; `load` must dispose the returned disposable before it registers the real commands. */
export function registerDeferredCommands(ids: readonly string[], load: () => Promise<unknown>): vscode.Disposable {
  return vscode.Disposable.from(
    ...ids.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        await load();
        return vscode.commands.executeCommand(id, ...args);
      }),
    ),
  );
}
