// The one Markdown reader of core: the importer (import-markdown.ts) and the publish quality
// gates (quality-gates.ts) both read documents through it, so they agree on what a heading, a
// section, a list or a table is. Parsing is CommonMark + GitHub Flavored Markdown by micromark
// (mdast-util-from-markdown with micromark-extension-gfm / mdast-util-gfm): fenced code (backtick
// and tilde, any length, nested), indented code, setext and ATX headings, HTML blocks and GFM
// tables are recognised the way GitHub and every CommonMark renderer recognise them.
import type { Heading, Link, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/**
 * One section of a Markdown document: a top-level heading and everything after it up to the
 * next heading of the same or a higher level (so a section holds its sub-sections).
 *
 * @example
 * ```ts
 * const [section] = markdownSections(parseMarkdown('## Usage\n\nRun it.\n'));
 * section.depth; // 2
 * section.title; // 'Usage'
 * section.nodes.length; // 1 (the paragraph)
 * ```
 */
export interface MarkdownSection {
  /** Heading level, 1 (`#`, or text underlined with `===`) to 6. */
  depth: 1 | 2 | 3 | 4 | 5 | 6;
  /** The heading as plain text: formatting removed, a trailing `{#anchor}` dropped, whitespace collapsed. */
  title: string;
  /** The heading node itself. */
  heading: Heading;
  /** The nodes after the heading up to the next heading of depth ≤ `depth`, sub-headings included. */
  nodes: RootContent[];
}

/**
 * Parses Markdown (CommonMark with the GitHub Flavored Markdown extensions: tables,
 * strikethrough, task lists, autolink literals, footnotes) into an mdast syntax tree.
 * Total over strings: any text gives a tree, nothing throws. Cost is linear in the length of
 * the text (micromark's state machines).
 *
 * @param markdown - the Markdown text (without YAML front matter)
 * @returns the mdast `Root` node
 * @example
 * ```ts
 * const tree = parseMarkdown('Title\n=====\n\n~~~\n# not a heading\n~~~\n');
 * tree.children.map((node) => node.type); // ['heading', 'code']
 * ```
 */
export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/**
 * The sections of a parsed document: one per top-level heading (headings inside block quotes
 * or list items do not open sections), in document order.
 *
 * @param root - a tree from {@link parseMarkdown}
 * @returns the sections, each with its heading's depth, plain-text title and content nodes
 * @example
 * ```ts
 * markdownSections(parseMarkdown('# A\n\ntext\n\n## B\n\nmore\n')).map((s) => [s.title, s.nodes.length]);
 * // [['A', 3], ['B', 1]]  (A holds its text, B's heading and B's text)
 * ```
 */
export function markdownSections(root: Root): MarkdownSection[] {
  const children = root.children;
  const sections: MarkdownSection[] = [];
  const open: { section: MarkdownSection; start: number }[] = [];
  const close = (entry: { section: MarkdownSection; start: number }, end: number) => {
    entry.section.nodes = children.slice(entry.start, end);
  };
  children.forEach((node, index) => {
    if (node.type !== 'heading') return;
    while (open.length > 0 && (open[open.length - 1] as (typeof open)[number]).section.depth >= node.depth) {
      close(open.pop() as (typeof open)[number], index);
    }
    const section: MarkdownSection = {
      depth: node.depth,
      title: headingText(node),
      heading: node,
      nodes: [],
    };
    sections.push(section);
    open.push({ section, start: index + 1 });
  });
  for (const entry of open) close(entry, children.length);
  return sections;
}

/**
 * The headings of a Markdown text — ATX (`## Usage`) and setext (text underlined with `===` or
 * `---`) alike, never a `#` line inside fenced or indented code or an HTML block — as plain
 * text, in document order. Only top-level headings count (not those inside block quotes or
 * list items).
 *
 * @param markdown - Markdown text
 * @returns heading texts in document order
 * @example
 * ```ts
 * markdownHeadings('# Retry\n\nQuick start\n-----------\n```sh\n# not a heading\n```'); // ['Retry', 'Quick start']
 * ```
 */
export function markdownHeadings(markdown: string): string[] {
  return parseMarkdown(markdown)
    .children.filter((node): node is Heading => node.type === 'heading')
    .map(headingText);
}

/**
 * The plain text of a node or nodes: what a reader sees, without Markdown syntax. Code blocks
 * and raw HTML are left out; inline code and link texts are kept; whitespace runs (line breaks
 * included) become one space.
 *
 * @param nodes - an mdast node or a list of them
 * @returns the text, trimmed
 * @example
 * ```ts
 * plainTextOf(parseMarkdown('**Use** [retries](./retry.md) <b>now</b>')); // 'Use retries now'
 * ```
 */
export function plainTextOf(nodes: Nodes | readonly Nodes[]): string {
  const parts: string[] = [];
  collectText(nodes, parts);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The items a section lists, in document order: the first cell of every GFM table body row
 * (the header row is not an item) and the first paragraph of every list item, nested lists
 * included. Code blocks and HTML are not searched.
 *
 * @param nodes - the nodes to search, e.g. a {@link MarkdownSection}'s `nodes`
 * @returns the plain-text items, empty ones left out
 * @example
 * ```ts
 * listOrTableItems(parseMarkdown('| Case | Why |\n|---|---|\n| **A** | x |\n\n- B\n  - C\n').children); // ['A', 'B', 'C']
 * ```
 */
export function listOrTableItems(nodes: readonly RootContent[]): string[] {
  const items: string[] = [];
  visitItems(nodes, {
    row: (cells) => {
      const text = plainTextOf(cells[0] ?? []);
      if (text) items.push(text);
    },
    item: (item) => {
      const text = plainTextOf(firstParagraph(item) ?? []);
      if (text) items.push(text);
    },
  });
  return items;
}

/**
 * An entry that names another page: a table body row or a list item whose first paragraph holds a
 * link. `note` is the rest of the entry: for a table row, the second cell; for a list item, the
 * text after the link with a leading `-`, `:`, `–` or `—` separator removed.
 *
 * @example
 * ```ts
 * // from '- [Retry](./retry.md) - retries first' under '### Complementary'
 * const entry: LinkEntry = { heading: 'Complementary', url: './retry.md', text: 'Retry', note: 'retries first' };
 * ```
 */
export interface LinkEntry {
  /** The title of the nearest heading above the entry inside the searched nodes; `undefined` before any. */
  heading: string | undefined;
  /** The link destination as written (`./retry.md#usage`, `https://…`). */
  url: string;
  /** The link's text. */
  text: string;
  /** What the entry says besides the link (plain text, possibly empty). */
  note: string;
}

/**
 * The link entries of a run of nodes — table body rows and list items whose first paragraph
 * holds a link — each with the first link, the rest of the entry and the heading above it.
 *
 * @param nodes - the nodes to search, e.g. a {@link MarkdownSection}'s `nodes`
 * @returns the entries in document order
 * @example
 * ```ts
 * linkEntries(parseMarkdown('### Alternatives\n\n- [Rate limiting](../scaling/rate-limiting.md): caps traffic\n').children);
 * // [{ heading: 'Alternatives', url: '../scaling/rate-limiting.md', text: 'Rate limiting', note: 'caps traffic' }]
 * ```
 */
export function linkEntries(nodes: readonly RootContent[]): LinkEntry[] {
  const entries: LinkEntry[] = [];
  let heading: string | undefined;
  for (const node of nodes) {
    if (node.type === 'heading') {
      heading = headingText(node);
      continue;
    }
    visitItems([node], {
      row: (cells) => {
        const link = cells.map((cell) => firstLink(cell)).find((found) => found !== undefined);
        if (link)
          entries.push({
            heading,
            url: link.url,
            text: plainTextOf(link),
            note: plainTextOf(cells[1] ?? []),
          });
      },
      item: (item) => {
        const paragraph = firstParagraph(item);
        if (!paragraph) return;
        const index = paragraph.children.findIndex((child) => firstLink(child) !== undefined);
        if (index < 0) return;
        const link = firstLink(paragraph.children[index] as Nodes) as Link;
        const note = plainTextOf(paragraph.children.slice(index + 1)).replace(/^[-:–—]\s*/, '');
        entries.push({ heading, url: link.url, text: plainTextOf(link), note });
      },
    });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------

function headingText(heading: Heading): string {
  return plainTextOf(heading)
    .replace(/\s*\{#[^}]*\}$/, '')
    .trim();
}

function collectText(nodes: Nodes | readonly Nodes[], parts: string[]): void {
  if (Array.isArray(nodes)) {
    for (const node of nodes as readonly Nodes[]) collectText(node, parts);
    return;
  }
  const node = nodes as Nodes;
  switch (node.type) {
    case 'code':
    case 'html':
    case 'yaml':
    case 'definition':
    case 'footnoteDefinition':
      return;
    case 'text':
    case 'inlineCode':
      parts.push(node.value);
      return;
    case 'break':
      parts.push(' ');
      return;
    case 'image':
    case 'imageReference':
      parts.push(node.alt ?? '');
      return;
    default:
      if ('children' in node) {
        // Blocks are separated by a space so words of adjacent paragraphs or cells do not merge.
        for (const child of node.children) {
          collectText(child as Nodes, parts);
          if (isBlock(child as Nodes)) parts.push(' ');
        }
      }
  }
}

function isBlock(node: Nodes): boolean {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
    case 'list':
    case 'listItem':
    case 'blockquote':
    case 'table':
    case 'tableRow':
    case 'tableCell':
      return true;
    default:
      return false;
  }
}

function firstParagraph(item: ListItem) {
  const first = item.children[0];
  return first?.type === 'paragraph' ? first : undefined;
}

function firstLink(node: Nodes): Link | undefined {
  if (node.type === 'link') return node;
  if (node.type === 'code' || node.type === 'html') return undefined;
  if ('children' in node) {
    for (const child of node.children) {
      const found = firstLink(child as Nodes);
      if (found) return found;
    }
  }
  return undefined;
}

/** Calls `row` for every table body row (its cells) and `item` for every list item, depth first in document order. */
function visitItems(
  nodes: readonly Nodes[],
  visit: { row: (cells: Table['children'][number]['children']) => void; item: (item: ListItem) => void },
): void {
  for (const node of nodes) {
    if (node.type === 'table') {
      for (const row of node.children.slice(1)) visit.row(row.children);
    } else if (node.type === 'listItem') {
      visit.item(node);
      visitItems(node.children, visit);
    } else if (node.type === 'list' || node.type === 'blockquote') {
      visitItems(node.children, visit);
    }
  }
}
