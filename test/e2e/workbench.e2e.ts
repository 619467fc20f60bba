/** The packaged extension in the real workbench: its activity-bar icon opens its view. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startWorkbench, type Workbench } from './harness';

interface Manifest {
  displayName: string;
  contributes?: {
    viewsContainers?: { activitybar?: Array<{ id: string; title: string }> };
    views?: Record<string, Array<{ id: string; name: string }>>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('workbench (e2e)', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await startWorkbench({ name: 'e2e-workbench' });
  });
  after(async () => {
    await wb?.stop();
  });

  it('lists the extension as installed and enabled', async () => {
    assert.ok(wb);
    await wb.runCommand('Extensions: Show Enabled Extensions');
    const entry = wb.page.locator('.extensions-viewlet .extension-list-item .name', { hasText: manifest.displayName });
    await entry.first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('e2e-workbench-installed');
  });

  it("shows the extension's activity-bar icon, which opens its view", async () => {
    assert.ok(wb);
    const container = manifest.contributes?.viewsContainers?.activitybar?.[0];
    assert.ok(container, 'package.json contributes no activity-bar view container');
    const view = manifest.contributes?.views?.[container.id]?.[0];
    assert.ok(view, `package.json contributes no view in the container ${container.id}`);
    const icon = wb.page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${container.title}"]`);
    await icon.first().waitFor({ state: 'visible', timeout: 30_000 });
    await icon.first().click();
    const header = wb.page.locator('.part.sidebar .pane-header, .part.sidebar .composite.title', { hasText: view.name });
    await header.first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('e2e-workbench-activity-bar');
  });
});
