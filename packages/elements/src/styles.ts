import { css } from 'lit';

/**
 * Styles every element shares. Everything lives in the element's shadow root, so nothing
 * leaks into the page; the page themes the elements through these CSS custom properties
 * (set them on the element or any ancestor) and through `::part(…)`:
 *
 * | property | default |
 * | --- | --- |
 * | `--pollinate-font` | `system-ui, sans-serif` |
 * | `--pollinate-color-text` | `#1f2933` |
 * | `--pollinate-color-muted` | `#52606d` |
 * | `--pollinate-color-accent` | `#0b5cad` |
 * | `--pollinate-color-surface` | `#ffffff` |
 * | `--pollinate-color-border` | `#cbd2d9` |
 * | `--pollinate-color-error` | `#a61b1b` |
 * | `--pollinate-radius` | `6px` |
 * | `--pollinate-gap` | `0.75rem` |
 */
export const baseStyles = css`
  :host {
    display: block;
    font-family: var(--pollinate-font, system-ui, sans-serif);
    color: var(--pollinate-color-text, #1f2933);
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  a {
    color: var(--pollinate-color-accent, #0b5cad);
  }
  button,
  input,
  select {
    font: inherit;
  }
  button {
    cursor: pointer;
    color: var(--pollinate-color-accent, #0b5cad);
    background: var(--pollinate-color-surface, #ffffff);
    border: 1px solid var(--pollinate-color-border, #cbd2d9);
    border-radius: var(--pollinate-radius, 6px);
    padding: 0.3rem 0.7rem;
  }
  button[disabled] {
    cursor: default;
    color: var(--pollinate-color-muted, #52606d);
  }
  :focus-visible {
    outline: 3px solid var(--pollinate-color-accent, #0b5cad);
    outline-offset: 2px;
  }
  .muted {
    color: var(--pollinate-color-muted, #52606d);
  }
  .status {
    color: var(--pollinate-color-muted, #52606d);
    padding: 0.5rem 0;
  }
  .error {
    color: var(--pollinate-color-error, #a61b1b);
    padding: 0.5rem 0;
  }
  .item {
    display: block;
    width: 100%;
    text-align: left;
    text-decoration: none;
    color: inherit;
    background: var(--pollinate-color-surface, #ffffff);
    border: 1px solid var(--pollinate-color-border, #cbd2d9);
    border-radius: var(--pollinate-radius, 6px);
    padding: 0.6rem 0.8rem;
  }
  .item:hover {
    border-color: var(--pollinate-color-accent, #0b5cad);
  }
  .item strong {
    color: var(--pollinate-color-accent, #0b5cad);
  }
  ul.list,
  ol.list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.9em;
  }
`;
