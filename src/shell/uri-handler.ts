/**
 * `vscode://oauth-workbench.oauth-workbench/<action>?...` links (docs, provider
 * consoles): `addProfile?issuer=&client_id=` opens the Add Client guide prefilled;
 * `open` shows the view. A link never carries secrets and never sends a request by
 * itself — the user always goes through the guide.
 */
import * as vscode from 'vscode';
import type { ExchangeLog } from './output/exchange-log';
import { isHttpUrl } from './profiles/profile-schema';

export function createUriHandler(log: ExchangeLog): vscode.UriHandler {
  return {
    handleUri(uri: vscode.Uri): void {
      const params = new URLSearchParams(uri.query);
      const action = uri.path.replace(/^\/+/, '');
      log.info(`Opened link: /${action}`);
      if (action === 'addProfile') {
        const issuer = params.get('issuer') ?? '';
        const clientId = params.get('client_id') ?? params.get('clientId') ?? '';
        void vscode.commands.executeCommand('oauthWorkbench.addProfile', {
          interactive: true,
          ...(isHttpUrl(issuer) ? { issuer } : {}),
          ...(/^[\x21-\x7e]{1,200}$/.test(clientId) ? { clientId } : {}),
        });
        return;
      }
      if (action === 'open' || action === '') {
        void vscode.commands.executeCommand('oauthWorkbench.clients.focus');
        return;
      }
      void vscode.window.showWarningMessage(
        `OAuth Workbench cannot open the link "/${action}". Supported: /addProfile?issuer=…&client_id=…, /open.`,
      );
    },
  };
}
