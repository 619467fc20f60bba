/**
 * The request panel's serializer must be registered at activation (VS Code restores
 * panels through it after a reload, and its onWebviewPanel event activates us); the
 * panel host itself is loaded only when a panel is actually restored.
 */
import * as vscode from 'vscode';
import type { RequestPanels } from '../panel';
import { VIEW_TYPE } from '../panel/view-type';

/** Registers the serializer; RequestPanels.revive, reached through `load`, restores the panel. */
export function registerDeferredPanelSerializer(load: () => Promise<RequestPanels>): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state: unknown) => (await load()).revive(panel, state),
  });
}
