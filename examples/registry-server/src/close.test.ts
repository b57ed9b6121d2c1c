import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REGISTRY = fileURLToPath(new URL('./registry.ts', import.meta.url));
const ROOT_TSCONFIG = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pollinate-close-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `close()` of a registry on a SQLite file awaits its checkpoint worker. The worker is
// unref'd while the registry runs, so a close() that forgot to ref() it left nothing alive:
// the event loop could empty and the process exit (code 0) in the middle of the await,
// before the caller's next line ran. The quickstart then printed nothing about half the time.
describe('startRegistry().close() on a SQLite file', () => {
  it('resolves, and the caller runs on, when nothing else keeps the process alive', () => {
    const script = `
      import { startRegistry } from ${JSON.stringify(REGISTRY)};
      for (let run = 0; run < 6; run++) {
        const registry = await startRegistry({ db: ${JSON.stringify(dir)} + '/registry-' + run + '.sqlite', port: 0 });
        await registry.close();
        process.stdout.write('closed ' + run + '\\n');
      }
    `;
    {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TSX_TSCONFIG_PATH: ROOT_TSCONFIG },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('closed 0\nclosed 1\nclosed 2\nclosed 3\nclosed 4\nclosed 5\n');
      expect(run.status).toBe(0);
    }
  }, 120_000);
});
