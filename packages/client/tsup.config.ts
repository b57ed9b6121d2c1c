import { packageBuild } from '../../tsup.base';

export default packageBuild(
  {
    index: 'src/index.ts',
    'pattern-folder': 'src/pattern-folder.ts',
    install: 'src/install.ts',
    cli: 'src/cli.ts',
    testing: 'src/testing.ts',
  },
  { external: ['vitest'] },
);
