import { html, type TemplateResult } from 'lit';
import { PollinateSelectEvent } from './events.js';
import { patternHref } from './registry.js';

/**
 * Renders a selectable pattern: a link when the element has an `item-href` template, else a
 * button. Either way, choosing it fires {@link PollinateSelectEvent} from `host`; when the
 * page cancels that event, the link is not followed.
 *
 * @param host - the element that fires the event
 * @param patternId - the pattern's id
 * @param hrefTemplate - the element's `item-href`, or empty for buttons
 * @param content - what the item shows
 * @param version - the version shown, if any (goes into the event detail)
 * @returns the template
 */
export function patternItem(
  host: HTMLElement,
  patternId: string,
  hrefTemplate: string | undefined,
  content: TemplateResult,
  version?: string,
): TemplateResult {
  const select = (event: Event) => {
    const chosen = new PollinateSelectEvent({ patternId, ...(version ? { version } : {}) });
    host.dispatchEvent(chosen);
    if (chosen.defaultPrevented) event.preventDefault();
  };
  if (hrefTemplate) {
    return html`<a class="item" part="item" data-nav href=${patternHref(hrefTemplate, patternId)} @click=${select}
      >${content}</a
    >`;
  }
  return html`<button type="button" class="item" part="item" data-nav @click=${select}>${content}</button>`;
}
