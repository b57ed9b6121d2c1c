// Simulated time: the registry and the simulation read the same clock, which only moves
// when the simulation moves it, so a run is reproducible and weeks pass in milliseconds.

/** The instant every run starts from (a Monday). */
export const SIMULATION_START = '2026-09-14T08:00:00.000Z';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A settable clock. */
export interface SimulatedClock {
  /** The current simulated instant (a fresh `Date`). */
  now(): Date;
  /** The current simulated instant as ISO 8601. */
  iso(): string;
  /** Moves to an instant (may go backwards only through `set`, used to publish at historical dates). */
  set(instant: string | Date): void;
  /** Moves forward by hours (fractions allowed). */
  advanceHours(hours: number): void;
  /** Moves forward by days (fractions allowed). */
  advanceDays(days: number): void;
}

/** Creates a clock that starts at `start` (default {@link SIMULATION_START}). */
export function createClock(start: string = SIMULATION_START): SimulatedClock {
  let current = Date.parse(start);
  if (!Number.isFinite(current)) throw new RangeError(`not an instant: ${start}`);
  return {
    now: () => new Date(current),
    iso: () => new Date(current).toISOString(),
    set(instant) {
      const next = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
      if (!Number.isFinite(next)) throw new RangeError(`not an instant: ${String(instant)}`);
      current = next;
    },
    advanceHours(hours) {
      current += Math.round(hours * HOUR_MS);
    },
    advanceDays(days) {
      current += Math.round(days * DAY_MS);
    },
  };
}
