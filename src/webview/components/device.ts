/** The device flow's user code and verification URI while the host polls. */
import { button, h } from '../dom';

export interface DeviceInfo {
  requestId: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | null;
  expiresAt: number | null;
}

export function deviceBox(d: DeviceInfo, act: (action: 'copyUserCode' | 'openVerificationUri') => void): HTMLElement {
  const expires = d.expiresAt ? new Date(d.expiresAt * 1000).toLocaleTimeString() : null;
  return h(
    'section',
    { class: 'device', attrs: { 'data-testid': 'device-code' } },
    h('div', {}, 'Enter this code at the verification page:'),
    h('div', { class: 'user-code mono', attrs: { 'data-testid': 'user-code' } }, d.userCode),
    h('div', { class: 'mono' }, d.verificationUriComplete ?? d.verificationUri),
    h(
      'div',
      { class: 'actions' },
      button('Copy code', () => act('copyUserCode'), { icon: 'copy', secondary: true, testId: 'device-copy' }),
      button('Open verification page', () => act('openVerificationUri'), { icon: 'link-external', testId: 'device-open' }),
    ),
    expires ? h('div', { class: 'muted' }, `Polling… the code expires at ${expires}.`) : h('div', { class: 'muted' }, 'Polling…'),
  );
}
