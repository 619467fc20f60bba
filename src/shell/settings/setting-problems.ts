/**
 * Where a problem with a setting is reported: the log and one warning per distinct
 * message (settings are read on every request; the user is told once, not every time).
 * The sink is set by activate() and released with the extension.
 */
import type * as vscode from 'vscode';

let sink: ((message: string) => void) | undefined;
const reported = new Set<string>();

/** Sends setting problems to `report` until the returned disposable is disposed. */
export function setSettingProblemSink(report: (message: string) => void): vscode.Disposable {
  sink = report;
  reported.clear();
  return {
    dispose: () => {
      if (sink === report) sink = undefined;
    },
  };
}

/** Reports `message` once (nothing when undefined). */
export function reportSettingProblem(message: string | undefined): void {
  if (!message || reported.has(message)) return;
  reported.add(message);
  sink?.(message);
}
