import { posix, win32 } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackageFilePathSchema, SourceFileSchema } from './pattern-package.js';

const accepts = (path: string) => PackageFilePathSchema.safeParse(path).success;

/** Whether joining `path` to a package folder stays inside it, as POSIX and as Windows resolve it. */
function staysInside(path: string): boolean {
  const posixRoot = '/pkg/root';
  const resolvedPosix = posix.resolve(posixRoot, path);
  const windowsRoot = 'C:\\pkg\\root';
  const resolvedWindows = win32.resolve(windowsRoot, path);
  return (
    resolvedPosix.startsWith(`${posixRoot}/`) &&
    resolvedWindows.toLowerCase().startsWith(`${windowsRoot.toLowerCase()}\\`)
  );
}

/** Segments a real package uses: letters, digits, `-`, `_`, and dots inside a name. */
const safeSegment = fc
  .stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,15}$/)
  .filter((segment) => !segment.endsWith('.') && !/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(segment));
const safePath = fc.array(safeSegment, { minLength: 1, maxLength: 6 }).map((segments) => segments.join('/'));

/** Text that makes a path unsafe wherever it appears, even inside a segment. */
const hostileAnywhere = fc.constantFrom(
  '\\',
  '..\\..',
  'C:',
  'c:\\Windows',
  '\\\\server\\share',
  '\u0000',
  '\n',
  '\u007f',
  '%2e%2e',
  '%2F',
  '%5c',
  '／',
  '＼',
  '∕',
  '¥',
  'file:',
  'a:b',
  '<',
  '|',
);
/** Segments that are unsafe on their own (traversal, empty, names Windows rewrites or reserves). */
const hostileSegment = fc.oneof(
  hostileAnywhere,
  fc.constantFrom('..', '.', '', '...', '.. ', '．．', 'x.', 'x ', 'CON', 'nul.txt', 'com1', 'LPT9.log'),
);

describe('PackageFilePathSchema', () => {
  it('refuses the reported traversal forms', () => {
    for (const path of [
      '..\\..\\evil.ps1',
      '../secret',
      'src/../../x',
      '/etc/passwd',
      'C:/Windows/evil.dll',
      'C:evil.dll',
      'c:\\evil.dll',
      '\\\\server\\share\\x',
      'src/\u0000.ts',
      'src//x.ts',
      'src/',
      './x',
      '．．／．．／evil',
      'src/..%2f..%2fevil',
      'x/... /y',
      'src/aux.ts',
      'readme.md:hidden',
    ]) {
      expect(accepts(path), path).toBe(false);
    }
    const result = SourceFileSchema.safeParse({ path: '..\\..\\evil.ps1', content: '' });
    expect(result.success ? [] : result.error.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['path'], 'must use "/" as separator, not "\\"'],
    ]);
  });

  it('accepts ordinary package paths', () => {
    for (const path of [
      'src/retry.ts',
      'README.md',
      '.github/workflows/ci.yml',
      'docs/a.b.c/x-y_z.md',
      'é/ü.ts',
    ]) {
      expect(accepts(path), path).toBe(true);
    }
  });

  it('property: every path built from safe segments is accepted and stays inside the package folder', () => {
    fc.assert(
      fc.property(safePath, (path) => {
        expect(accepts(path)).toBe(true);
        expect(staysInside(path)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a hostile part anywhere in a safe path is refused', () => {
    fc.assert(
      fc.property(
        fc.array(safeSegment, { maxLength: 4 }),
        fc.oneof(
          hostileSegment.map((part) => ({ part, asSegment: true })),
          hostileAnywhere.map((part) => ({ part, asSegment: false })),
        ),
        fc.nat(),
        (segments, { part, asSegment }, at) => {
          const index = at % (segments.length + 1);
          const parts = [...segments];
          if (asSegment || parts.length === 0) parts.splice(index, 0, part);
          else parts[Math.min(index, parts.length - 1)] += part;
          const path = parts.join('/');
          expect(accepts(path), JSON.stringify(path)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: whatever the schema accepts stays inside the package folder on POSIX and Windows', () => {
    const hostileText = fc
      .array(
        fc.constantFrom(
          'a',
          'b',
          '.',
          '/',
          '\\',
          ':',
          'C',
          ' ',
          '%',
          '2',
          'e',
          'f',
          '\u0000',
          '．',
          '／',
          '＼',
        ),
        {
          maxLength: 12,
        },
      )
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ maxLength: 12 }), safePath), (path) => {
        if (accepts(path)) expect(staysInside(path), JSON.stringify(path)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
