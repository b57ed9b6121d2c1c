import { describe, expect, it } from 'vitest';
import { importMarkdownPattern } from './import-markdown.js';
import {
  linkEntries,
  listOrTableItems,
  markdownHeadings,
  markdownSections,
  parseMarkdown,
  plainTextOf,
} from './markdown.js';
import { checkPublishable } from './quality-gates.js';

describe('markdownHeadings', () => {
  it('ignores # lines inside backtick, tilde, longer and nested fences', () => {
    const text = [
      '# Real',
      '',
      '````md',
      '```sh',
      '# inside a nested fence',
      '```',
      '# still inside the outer fence',
      '````',
      '',
      '~~~',
      '# inside a tilde fence',
      '```',
      '# a backtick line does not close a tilde fence',
      '~~~',
      '',
      '## After',
    ].join('\n');
    expect(markdownHeadings(text)).toEqual(['Real', 'After']);
  });

  it('ignores indented code, HTML blocks and headings inside block quotes', () => {
    const text = [
      'Intro',
      '',
      '    # indented code',
      '',
      '<div>',
      '# inside an HTML block',
      '</div>',
      '',
      '> ## quoted',
      '',
      '### Kept ###',
    ].join('\n');
    expect(markdownHeadings(text)).toEqual(['Kept']);
  });

  it('reads setext headings, and a --- after a list item as a rule', () => {
    expect(markdownHeadings('When to Use\n===========\n\nText\n\n- item\n---\n\nUsage\n-----\n')).toEqual([
      'When to Use',
      'Usage',
    ]);
  });

  it('gives plain text: formatting and {#anchors} removed', () => {
    expect(markdownHeadings('## **Quick** `start` [here](x.md) {#qs}\n')).toEqual(['Quick start here']);
  });
});

describe('sections, items and links', () => {
  const text = [
    '# Title',
    '',
    '## When to Use',
    '',
    '| Scenario | Example |',
    '| --- | --- |',
    '| **Remote calls** | HTTP |',
    '| `pools` | DB |',
    '',
    '- Batch',
    '  - Nested',
    '',
    '```',
    '- not an item',
    '```',
    '',
    '## Related Patterns',
    '',
    '### Alternatives',
    '',
    '- **[Rate Limiting](../scaling/rate-limiting.md)** - caps traffic',
    '- no link here',
    '',
    '| Pattern | Why |',
    '|---|---|',
    '| [Retry](./retry.md#top) | retries first |',
  ].join('\n');

  it('splits sections by heading depth, sub-sections included', () => {
    const sections = markdownSections(parseMarkdown(text));
    expect(sections.map((section) => [section.depth, section.title])).toEqual([
      [1, 'Title'],
      [2, 'When to Use'],
      [2, 'Related Patterns'],
      [3, 'Alternatives'],
    ]);
    const related = sections[2]!;
    expect(related.nodes[0]?.type).toBe('heading');
  });

  it('lists first table cells (no header) and list items, not code', () => {
    const [, whenToUse] = markdownSections(parseMarkdown(text));
    expect(listOrTableItems(whenToUse!.nodes)).toEqual(['Remote calls', 'pools', 'Batch', 'Nested']);
  });

  it('finds link entries with the heading above and the note', () => {
    const related = markdownSections(parseMarkdown(text))[2]!;
    expect(linkEntries(related.nodes)).toEqual([
      {
        heading: 'Alternatives',
        url: '../scaling/rate-limiting.md',
        text: 'Rate Limiting',
        note: 'caps traffic',
      },
      { heading: 'Alternatives', url: './retry.md#top', text: 'Retry', note: 'retries first' },
    ]);
  });

  it('plain text leaves out code blocks and raw HTML', () => {
    expect(plainTextOf(parseMarkdown('**Use** [it](x.md) <b>now</b>\n\n```\ncode\n```\n'))).toBe(
      'Use it now',
    );
  });
  it('builds mdast: task-list markers, autolinks, ~~strikethrough~~, links kept as written', () => {
    const tree = parseMarkdown(
      '- [x] done\n- [ ] todo\n- [Café](../café/page.md) ~~old~~ see https://example.com/x\n',
    );
    const list = tree.children[0];
    expect(list?.type).toBe('list');
    if (list?.type !== 'list') return;
    expect(list.children.map((item) => item.checked)).toEqual([true, false, null]);
    expect(listOrTableItems(tree.children)).toEqual(['done', 'todo', 'Café old see https://example.com/x']);
    expect(linkEntries(tree.children)).toEqual([
      { heading: undefined, url: '../café/page.md', text: 'Café', note: 'old see https://example.com/x' },
    ]);
    const third = list.children[2]?.children[0];
    expect(third?.type === 'paragraph' && third.children.map((node) => node.type)).toEqual([
      'link',
      'text',
      'delete',
      'text',
      'link',
    ]);
  });
});

describe('importer and gates agree (one reader)', () => {
  const setextBody = ['When to Use', '-----------', '', '- Remote calls', '- Shared pools', ''].join('\n');

  it('imports a setext "When to Use" section like an ATX one', () => {
    const page = (body: string) =>
      `---\ntitle: Circuit Breaker\ntype: pattern\n---\n\nCircuit Breaker\n===============\n\n${body}`;
    const setext = importMarkdownPattern(page(setextBody), { path: 'resilience/circuit-breaker.md' });
    const atx = importMarkdownPattern(page('## When to Use\n\n- Remote calls\n- Shared pools\n'), {
      path: 'resilience/circuit-breaker.md',
    });
    expect(setext.listing?.metadata.whenToUse).toEqual(['Remote calls', 'Shared pools']);
    expect(setext.listing).toEqual(atx.listing);
    expect(markdownHeadings(setextBody)).toEqual(['When to Use']);
  });

  it('ignores a "When to Use" heading inside a fence in both', () => {
    const fenced = '~~~md\n## When to Use\n\n- not real\n~~~\n';
    const result = importMarkdownPattern(`---\ntitle: X\ntype: pattern\n---\n\n${fenced}`, {
      path: 'scaling/x.md',
    });
    expect(result.listing?.metadata.whenToUse).toEqual([]);
    expect(markdownHeadings(fenced)).toEqual([]);
  });

  it('the quick-start gate sees a setext heading and not a fenced one', () => {
    const pkg = (readme: string) => ({
      listing: {
        id: 'acme/retry',
        name: 'Retry',
        version: '1.0.0',
        publisher: { id: 'acme', name: 'Acme' },
        category: 'resilience',
        license: 'MIT',
        publishedAt: '2026-01-01T00:00:00Z',
      },
      documentation: { readme },
      examples: [{ title: 'x', language: 'ts', code: 'retry()' }],
      files: [],
    });
    const gate = (readme: string) =>
      checkPublishable(pkg(readme)).gates.find((found) => found.id === 'readme-quick-start')?.passed;
    expect(gate('# Retry\n\nQuick start\n-----------\n\nnpm i retry\n')).toBe(true);
    expect(gate('# Retry\n\n```md\n## Quick start\n```\n')).toBe(false);
  });
});
