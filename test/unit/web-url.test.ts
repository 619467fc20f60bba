/**
 * The panel host's last check before vscode.env.openExternal (src/shell/panel/web-url.ts):
 * only http(s) web pages are opened, whatever a server or the core produced.
 */
import assert from 'node:assert/strict';
import { isWebUrl, schemeOf } from '../../src/shell/panel/web-url';

describe('panel: only web pages are opened in the browser', () => {
  it('accepts absolute http and https URLs', () => {
    for (const u of ['https://as.example/device?user_code=AB-CD', 'http://127.0.0.1:8080/authorize', 'HTTPS://AS.EXAMPLE/x'])
      assert.equal(isWebUrl(u), true, u);
  });

  it('refuses javascript:, file:, vscode:, data:, command-like and relative addresses', () => {
    for (const u of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'file:///etc/passwd',
      'vscode://vscode.git/clone?url=x',
      'command:workbench.action.terminal.new',
      'data:text/html,<script>alert(1)</script>',
      '/device',
      '',
      'https//missing-colon',
    ]) {
      assert.equal(isWebUrl(u), false, u);
    }
  });

  it('names only the scheme for messages, never the whole address', () => {
    assert.equal(schemeOf('javascript:alert(document.cookie)'), 'javascript:');
    assert.equal(schemeOf('FILE:///etc/passwd'), 'file:');
    assert.equal(schemeOf('/relative'), 'a relative or malformed address');
  });
});
