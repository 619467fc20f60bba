/**
 * History files: one JSON file per client in a folder of the extension's global
 * storage (globalStorageUri), the place VS Code gives an extension for its data —
 * never settings, globalState or the workspace. Writes are atomic (temp file, then
 * rename), so a crash never leaves half a file.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { HistoryStorage } from './exchange-history';

export class FileHistoryStorage implements HistoryStorage {
  constructor(private readonly dir: string) {}

  /** Profile ids are `[A-Za-z0-9_-]`; encoding keeps any other id inside the folder. */
  private file(profileId: string): string {
    return path.join(this.dir, `${encodeURIComponent(profileId)}.json`);
  }

  async read(profileId: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(profileId), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async write(profileId: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(profileId);
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, text, { encoding: 'utf8', mode: 0o600 });
    await rename(tmp, target);
  }

  async remove(profileId: string): Promise<void> {
    await rm(this.file(profileId), { force: true });
  }
}
