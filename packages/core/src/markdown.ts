// The one Markdown reader of core: the importer (import-markdown.ts) and the publish quality
// gates (quality-gates.ts) both read documents through it, so they agree on what a heading, a
// section, a list or a table is. Parsing is CommonMark + the GitHub Flavored Markdown tables,
// strikethrough and autolink literals by markdown-it (a CommonMark-compliant parser): fenced code
// (backtick and tilde, any length, nested), indented code, setext and ATX headings, HTML blocks
// and GFM tables are recognised the way GitHub and every CommonMark renderer recognise them.
// markdown-it's token stream is turned into an mdast tree (the unified syntax tree format) in one
// linear pass, so the rest of this module walks standard mdast nodes.
//
// micromark (mdast-util-from-markdown + micromark-extension-gfm) was used first: same trees, but
// about 0.8 MB/s, 20-25x slower than markdown-it on the DStudio library (see bench/README.md).

import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type {
  Blockquote,
  Heading,
  Link,
  List,
  ListItem,
  Nodes,
  Parent,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
} from 'mdast';

// Built once: markdown-it compiles its rule chains at construction.
const markdownIt = new MarkdownIt('commonmark', { linkify: true }).enable([
  'table',
  'strikethrough',
  'linkify',
]);
// Keep link destinations as written (mdast's convention; the importer resolves relative paths
// itself) instead of markdown-it's percent-encoding, and keep every link (nothing is rendered).
markdownIt.normalizeLink = (url) => url;
markdownIt.validateLink = () => true;

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
 * Parses Markdown (CommonMark with the GitHub Flavored Markdown tables, strikethrough, task list
 * markers and autolink literals) into an mdast syntax tree: root, headings, paragraphs, lists,
 * block quotes, tables, code, HTML, thematic breaks and their inline content. Positions are not
 * recorded. Total over strings: any text gives a tree, nothing throws. Cost is linear in the
 * length of the text (markdown-it's rules, then one pass over its tokens).
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
  return toMdast(markdownIt.parse(markdown, {}));
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

/** Builds an mdast tree from markdown-it's block tokens (nesting +1 opens, -1 closes, 0 is a leaf). */
function toMdast(tokens: readonly Token[]): Root {
  const root: Root = { type: 'root', children: [] };
  const stack: Parent[] = [root];
  const add = (node: Nodes) => {
    (stack[stack.length - 1] as Parent).children.push(node as RootContent);
  };
  const open = (node: Parent) => {
    add(node as Nodes);
    stack.push(node);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'heading_open':
        open({
          type: 'heading',
          depth: Number(token.tag.slice(1)) as Heading['depth'],
          children: [],
        } as Heading);
        break;
      case 'paragraph_open':
        open({ type: 'paragraph', children: [] });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const start = token.attrGet('start');
        open({
          type: 'list',
          ordered: token.type === 'ordered_list_open',
          start: token.type === 'ordered_list_open' ? (start === null ? 1 : Number(start)) : null,
          spread: false,
          children: [],
        } as List);
        break;
      }
      case 'list_item_open':
        open({ type: 'listItem', spread: false, checked: null, children: [] } as ListItem);
        break;
      case 'blockquote_open':
        open({ type: 'blockquote', children: [] } as Blockquote);
        break;
      case 'table_open':
        open({ type: 'table', align: [], children: [] } as Table);
        break;
      case 'tr_open':
        open({ type: 'tableRow', children: [] } as TableRow);
        break;
      case 'th_open':
      case 'td_open':
        open({ type: 'tableCell', children: [] } as TableCell);
        break;
      case 'heading_close':
      case 'paragraph_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'blockquote_close':
      case 'table_close':
      case 'tr_close':
      case 'th_close':
      case 'td_close':
        stack.pop();
        break;
      case 'list_item_close': {
        const item = stack.pop() as ListItem;
        taskListMarker(item);
        break;
      }
      case 'fence':
        add({
          type: 'code',
          lang: token.info.trim().split(/\s+/)[0] || null,
          meta: null,
          value: trimFinalNewline(token.content),
        });
        break;
      case 'code_block':
        add({ type: 'code', lang: null, meta: null, value: trimFinalNewline(token.content) });
        break;
      case 'html_block':
        add({ type: 'html', value: trimFinalNewline(token.content) });
        break;
      case 'hr':
        add({ type: 'thematicBreak' });
        break;
      case 'inline':
        for (const node of inlineNodes(token.children ?? [])) add(node);
        break;
      default:
        // thead/tbody wrappers: mdast puts the rows straight under the table.
        break;
    }
  }
  return root;
}

/** mdast (after GFM) takes `[ ]`/`[x]` at the start of a list item as its checkbox, not text. */
function taskListMarker(item: ListItem): void {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return;
  const text = first.children[0];
  if (text?.type !== 'text') return;
  const match = /^\[([ xX])\](?:[ \t]+|$)/.exec(text.value);
  if (!match || (match[0].length === text.value.length && first.children.length === 1)) return;
  item.checked = match[1] !== ' ';
  text.value = text.value.slice(match[0].length);
}

function trimFinalNewline(value: string): string {
  return value.endsWith('\n') ? value.slice(0, -1) : value;
}

/** Builds mdast phrasing nodes from markdown-it's inline tokens; adjacent text runs are merged. */
function inlineNodes(tokens: readonly Token[]): PhrasingContent[] {
  const root: { children: PhrasingContent[] } = { children: [] };
  const stack: { children: PhrasingContent[] }[] = [root];
  const add = (node: PhrasingContent) => {
    const children = (stack[stack.length - 1] as { children: PhrasingContent[] }).children;
    const last = children[children.length - 1];
    if (node.type === 'text' && last?.type === 'text') last.value += node.value;
    else children.push(node);
  };
  const open = (node: PhrasingContent & { children: PhrasingContent[] }) => {
    add(node);
    stack.push(node);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        add({ type: 'text', value: token.content });
        break;
      case 'softbreak':
        add({ type: 'text', value: '\n' });
        break;
      case 'hardbreak':
        add({ type: 'break' });
        break;
      case 'code_inline':
        add({ type: 'inlineCode', value: token.content });
        break;
      case 'html_inline':
        add({ type: 'html', value: token.content });
        break;
      case 'image':
        add({
          type: 'image',
          url: token.attrGet('src') ?? '',
          title: token.attrGet('title'),
          alt: token.content,
        });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 's_open':
        open({ type: 'delete', children: [] });
        break;
      case 'link_open':
        open({ type: 'link', url: token.attrGet('href') ?? '', title: token.attrGet('title'), children: [] });
        break;
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        break;
    }
  }
  return root.children;
}
