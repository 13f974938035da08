import type { Clock } from '../../src/services/clock.js';

/** A clock that moves only when told: expiry tests without sleeping. */
export class ManualClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
