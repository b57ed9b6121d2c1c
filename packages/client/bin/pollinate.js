#!/usr/bin/env node
// The `pollinate` command. This launcher is committed (not built) so that npm links the
// bin when it installs the package, before any build has run; it starts the built CLI.
// A published package always ships dist/; in a clone of the repository, `npm ci` builds it.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('pollinate: the CLI is not built yet. Run `npm run build` in the Pollinate repository.');
    process.exitCode = 1;
    return;
  }
  throw error;
});
