import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where a {@link Loader} is: nothing asked yet, waiting, done, or failed. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * A Lit reactive controller that runs one async task at a time for its element: a new
 * `load()` aborts the previous one (its late answer is ignored), disconnecting the element
 * aborts the running one, and every change of status re-renders the element.
 *
 * @typeParam T - what the task resolves with
 * @example
 * ```ts
 * import type { Stats } from '@pollinate/client';
 * import { LitElement } from 'lit';
 *
 * class MyElement extends LitElement {
 *   private data = new Loader<Stats>(this);
 *   override connectedCallback() { super.connectedCallback(); this.data.load((signal) => client.stats({ signal })); }
 * }
 * ```
 */
export class Loader<T> implements ReactiveController {
  /** Current status. */
  status: LoadStatus = 'idle';
  /** The last successful value (kept while a newer load runs). */
  value: T | undefined;
  /** The last failure. */
  error: unknown;
  private controller: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Starts a task, aborting the running one.
   *
   * @param task - receives an `AbortSignal` to pass to the client call
   * @returns resolves when this task settled (never rejects; see `status` and `error`)
   */
  async load(task: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'loading';
    this.host.requestUpdate();
    try {
      const value = await task(controller.signal);
      if (controller.signal.aborted) return;
      this.value = value;
      this.status = 'ready';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }

  /** @internal Lit calls it when the element leaves the document. */
  hostDisconnected(): void {
    this.controller?.abort();
    this.controller = undefined;
    if (this.status === 'loading') this.status = 'idle';
  }
}

/**
 * A one-line, user-facing message for a failed load: the registry's problem detail when
 * there is one, else the error's message.
 *
 * @param error - what the loader caught
 * @returns the message
 */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const problem = (error as { problem?: { detail?: unknown } }).problem;
    if (problem && typeof problem.detail === 'string') return problem.detail;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return String(error);
}
