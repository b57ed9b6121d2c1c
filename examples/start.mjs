// `npm start`: runs the end-to-end marketplace job (examples/quickstart) once it exists.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./quickstart/src/main.ts', import.meta.url));
if (!existsSync(main)) {
  console.log(
    'The end-to-end job (examples/quickstart) is not built yet. Run `npm test` to see what exists.',
  );
  process.exit(0);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
