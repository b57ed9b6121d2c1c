import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'pollinate-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite checkpointer thread', () => {
  it('keeps an otherwise idle process alive until a file store has closed, so code after close() runs', async () => {
    // Before the fix the thread stayed unref'd while close() awaited its end: the process had
    // nothing left to wait for and exited in the middle of the await, silently.
    const store = fileURLToPath(new URL('./sqlite-store.ts', import.meta.url));
    const script = `
      import { openSqliteStore } from ${JSON.stringify(store)};
      const store = openSqliteStore(${JSON.stringify(join(dir, 'registry.db'))});
      await store.close();
      process.stdout.write('after close');
    `;
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      },
    );
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: 'after close' });
  }, 60_000);
});
