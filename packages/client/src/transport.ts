import { ValidationError } from '@pollinate/core';
import type { z } from 'zod';

/** One request as a client sends it (internal: how method modules such as `catalog.ts` reach the transport). */
export interface RequestSpec<S extends z.core.$ZodType> {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  /** Path under `/api/v1/`, without a leading slash. */
  path: string;
  /** The response body's schema. */
  schema: S;
  searchParams?: Record<string, string | number | string[] | undefined>;
  json?: unknown;
  signal?: AbortSignal | undefined;
  idempotencyKey?: string | undefined;
}

/** The transport of one client: its request function (retries, ETags, typed errors) and path builder. */
export interface ClientTransport {
  request<S extends z.core.$ZodType>(spec: RequestSpec<S>): Promise<z.output<S>>;
  /** `patterns/{scope}/{name}` for a pattern id (validated). */
  patternPath(id: string): string;
}

const transports = new WeakMap<object, ClientTransport>();

/** Remembers a client's transport (called by `createRegistryClient`). */
export function attachRequest(client: object, transport: ClientTransport): void {
  transports.set(client, transport);
}

/**
 * The transport of a client made by `createRegistryClient`.
 *
 * @throws {ValidationError} when `client` was not made by `createRegistryClient`
 */
export function transportOf(client: object): ClientTransport {
  const transport = typeof client === 'object' && client !== null ? transports.get(client) : undefined;
  if (!transport) {
    throw new ValidationError(
      [{ path: ['client'], message: 'must be a client made by createRegistryClient' }],
      'client',
    );
  }
  return transport;
}
