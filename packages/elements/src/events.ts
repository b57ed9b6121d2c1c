/** Name of the event every element fires when the user picks a pattern. */
export const SELECT_EVENT = 'pollinate-select';

/** Detail of {@link PollinateSelectEvent}. */
export interface PollinateSelectDetail {
  /** The chosen pattern's id, `scope/name`. */
  patternId: string;
  /** The chosen version, when the element shows one. */
  version?: string;
}

/**
 * Fired (`pollinate-select`) when the user picks a pattern in any Pollinate element, by
 * click, Enter or Space. It bubbles out of the shadow root (`composed`) and is cancelable:
 * when the element renders links (`item-href`), `preventDefault()` keeps the page from
 * following the link, so a single-page app can route itself.
 *
 * @example
 * ```ts no-run
 * document.addEventListener('pollinate-select', (event) => {
 *   event.preventDefault();
 *   router.go(`/patterns/${event.detail.patternId}`);
 * });
 * ```
 */
export class PollinateSelectEvent extends CustomEvent<PollinateSelectDetail> {
  constructor(detail: PollinateSelectDetail) {
    super(SELECT_EVENT, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'pollinate-select': PollinateSelectEvent;
  }
}
