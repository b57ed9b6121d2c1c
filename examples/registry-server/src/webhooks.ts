import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { RegistryStore, StoredNotification, WebhookDelivery } from './store.js';
import { publicOnlyFetch } from './webhook-targets.js';

/** Options of the registry's webhook deliveries ({@link createWebhookDispatcher}). */
export interface WebhookOptions {
  /** How often due deliveries are looked for, milliseconds (a new notification also wakes the dispatcher). @default 1000 */
  pollIntervalMs?: number;
  /** How long one attempt may take before it counts as failed, milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Attempts before a delivery is given up (`failed`). @default 8 */
  maxAttempts?: number;
  /** Delay before the first retry, milliseconds; each further retry doubles it. @default 5000 */
  backoffBaseMs?: number;
  /** Longest delay between attempts, milliseconds. @default 36000000 (10 hours) */
  backoffMaxMs?: number;
  /** Deliveries attempted at once per poll. @default 20 */
  batchSize?: number;
  /**
   * Accept `http:` webhook URLs. Off by default: a webhook is a request the registry makes to
   * a URL a publisher chose, so only `https:` is accepted unless the operator allows plain HTTP
   * (tests on loopback, private networks).
   * @default false
   */
  allowHttp?: boolean;
  /**
   * Deliver to loopback and private-network addresses. Off by default: every delivery then
   * connects only to public addresses, checked when the host is resolved (webhook-targets.ts),
   * so a publisher cannot make the registry post to a service inside the operator's network.
   * Turn it on for receivers on the operator's own network (and in tests on loopback).
   * @default false
   */
  allowPrivateNetworks?: boolean;
  /** Random numbers in [0, 1) for the backoff jitter. @default Math.random */
  random?: () => number;
  /**
   * `fetch` used for deliveries (it then decides alone where requests may go).
   * @default a `fetch` that connects to public addresses only, or `globalThis.fetch` with `allowPrivateNetworks`
   */
  fetch?: typeof fetch;
}

/** The running dispatcher. */
export interface WebhookDispatcher {
  /** Looks for due deliveries soon (after the current run, if one is running). */
  wake(): void;
  /** Runs one pass now: claims due deliveries and attempts each; resolves when they are done. */
  runOnce(): Promise<number>;
  /** Stops polling; resolves when the current pass ends. */
  stop(): Promise<void>;
}

/** The body POSTed to a webhook (Standard Webhooks payload structure: `type`, `timestamp`, `data`). */
export interface WebhookPayload {
  /** `pollinate.<kind>`, e.g. `pollinate.fork`. */
  type: string;
  /** When the notification was created, ISO 8601. */
  timestamp: string;
  /** The notification as the feed shows it. */
  data: StoredNotification;
}

/**
 * A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64.
 *
 * @returns the secret
 * @example
 * ```ts
 * newWebhookSecret(); // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…'
 * ```
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The delay before retry number `attempt` (1 for the first retry): exponential backoff,
 * `base · 2^(attempt − 1)` capped at `max`, with "equal jitter" (half fixed, half random) so
 * receivers that came back are not hit by every registry at once (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015).
 *
 * @param attempt - retries so far, ≥ 1
 * @param options - `baseMs`, `maxMs`, `random` in [0, 1)
 * @returns milliseconds, in [delay / 2, delay]
 * @example
 * ```ts
 * retryDelayMs(3, { baseMs: 5000, maxMs: 36e6, random: () => 0.5 }); // 15000
 * ```
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  const delay = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return delay / 2 + (delay / 2) * options.random();
}

/**
 * Starts the registry's webhook dispatcher: it claims due deliveries from the store (a lease,
 * so dispatchers of several instances on one PostgreSQL database never send the same attempt
 * twice at once), POSTs each notification signed per Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<HMAC-SHA256 in base64>` over
 * `id.timestamp.body`, by the `standardwebhooks` library), and records the outcome: a 2xx
 * answer is delivered; anything else (an error status, a timeout, a refused connection) is
 * retried with {@link retryDelayMs} until `maxAttempts`, then given up. The `webhook-id` is
 * the same for every attempt of a notification, so receivers can drop duplicates.
 *
 * @param store - the registry store
 * @param options - {@link WebhookOptions}, `now` (the clock) and `logError`
 * @returns a {@link WebhookDispatcher}; its timer does not keep the process alive
 */
export function createWebhookDispatcher(
  store: RegistryStore,
  options: WebhookOptions & { now: () => Date; logError: (error: unknown) => void },
): WebhookDispatcher {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const batchSize = options.batchSize ?? 20;
  const backoff = {
    baseMs: options.backoffBaseMs ?? 5000,
    maxMs: options.backoffMaxMs ?? 36_000_000,
    random: options.random ?? Math.random,
  };
  const send = options.fetch ?? (options.allowPrivateNetworks ? globalThis.fetch : publicOnlyFetch());
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const attempt = async (delivery: WebhookDelivery): Promise<void> => {
    const payload: WebhookPayload = {
      type: `pollinate.${delivery.notification.kind}`,
      timestamp: delivery.notification.createdAt,
      data: delivery.notification,
    };
    const body = JSON.stringify(payload);
    const messageId = `msg_pollinate_${delivery.notification.sequence}`;
    let error: string | undefined;
    try {
      const sentAt = options.now();
      const signature = new Webhook(delivery.secret).sign(messageId, sentAt, body);
      const response = await send(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'pollinate-registry-webhooks/0.1',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
    } catch (caught) {
      // undici reports every failed request (refused, DNS, TLS, a port fetch blocks, a private
      // address webhook-targets.ts refused) as `TypeError: fetch failed` with the reason as its
      // cause: the delivery records the reason.
      const reason = caught instanceof Error && caught.cause instanceof Error ? caught.cause : caught;
      error = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    }
    if (error === undefined) {
      await store.finishWebhookDelivery(delivery.id, { delivered: true });
      return;
    }
    const made = delivery.attempts + 1;
    await store.finishWebhookDelivery(delivery.id, {
      delivered: false,
      error,
      nextAttemptAtMs:
        made >= maxAttempts ? null : Math.round(options.now().getTime() + retryDelayMs(made, backoff)),
    });
  };

  const pass = async (): Promise<number> => {
    let attempted = 0;
    for (;;) {
      const due = await store.claimWebhookDeliveries(options.now().getTime(), timeoutMs * 2, batchSize);
      if (due.length === 0) return attempted;
      const outcomes = await Promise.allSettled(due.map((delivery) => attempt(delivery)));
      for (const outcome of outcomes) if (outcome.status === 'rejected') options.logError(outcome.reason);
      attempted += due.length;
      if (stopped || due.length < batchSize) return attempted;
    }
  };

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        // A closed store ends the dispatcher quietly (the app does not own the store's life).
        if ((error as { code?: unknown }).code === 'E_STORE_CLOSED') stopped = true;
        else options.logError(error);
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void runOnce();
        }
      });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, pollIntervalMs);
    timer.unref();
  };
  schedule();

  return {
    wake() {
      if (!stopped) void runOnce();
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
