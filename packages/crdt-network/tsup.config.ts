import { packageBuild } from '../../tsup.base';

export default packageBuild(
  { index: 'src/index.ts', 'anonymize/index': 'src/anonymize.ts', testing: 'src/testing.ts' },
  { external: ['vitest'] },
);
