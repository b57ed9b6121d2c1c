import { packageBuild } from '../../tsup.base';

// Code splitting: the entry points share one copy of each module (one `ValidationError`
// class, one schema instance), so `instanceof` and parsed-listing checks hold across them.
export default packageBuild(
  {
    index: 'src/index.ts',
    model: 'src/index-model.ts',
    rdf: 'src/index-rdf.ts',
    import: 'src/index-import.ts',
    helpers: 'src/index-helpers.ts',
  },
  { splitting: true },
);
