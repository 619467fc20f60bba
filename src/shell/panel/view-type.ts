/** The request panel's webview type (the manifest's onWebviewPanel activation event names it). */
export const VIEW_TYPE = 'oauthWorkbench.requestPanel';
