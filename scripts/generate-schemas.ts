/**
 * Writes the JSON schemas generated from the one profile definition: the settings schema
 * in package.json and schemas/oauth-clients.schema.json. Run `npm run schemas` after
 * changing src/core/profile/definition.ts (a unit test fails until you do).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { clientFileSchema, settingsItemsSchema } from './profile-schemas';

const root = path.join(__dirname, '..');
const pkgPath = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { items?: unknown }> } };
};
const setting = pkg.contributes.configuration.properties['oauthWorkbench.profiles'];
if (!setting) throw new Error('package.json has no oauthWorkbench.profiles setting');
setting.items = settingsItemsSchema();
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(path.join(root, 'schemas', 'oauth-clients.schema.json'), `${JSON.stringify(clientFileSchema(), null, 2)}\n`);
console.log('wrote package.json (oauthWorkbench.profiles items) and schemas/oauth-clients.schema.json');
