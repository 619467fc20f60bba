/**
 * Registers every command of the extension (ids fixed in DESIGN.md, all
 * `oauthWorkbench.*`). The request panel registers its own `openRequestPanel`.
 */
import type * as vscode from 'vscode';
import type { ShellServices } from '../services';
import { registerAddProfile } from './add-profile';
import { registerClientFileCommands } from './client-file-commands';
import { registerCopyCommands } from './copy-commands';
import { registerInspectCommands } from './inspect-commands';
import { registerProfileCommands } from './profile-commands';
import { registerSecretCommands } from './secret-commands';
import { registerTokenCommands } from './token-commands';
import { registerApiCommands } from './api-commands';
import { registerTransferCommands } from './transfer-commands';
import { registerViewCommands } from './view-commands';

export function registerCommands(s: ShellServices, refreshTree: () => void): vscode.Disposable[] {
  return [
    ...registerAddProfile(s),
    ...registerProfileCommands(s),
    ...registerSecretCommands(s),
    ...registerTokenCommands(s),
    ...registerApiCommands(s),
    ...registerCopyCommands(s),
    ...registerInspectCommands(s),
    ...registerTransferCommands(s),
    ...registerClientFileCommands(s),
    ...registerViewCommands(s, refreshTree),
  ];
}
