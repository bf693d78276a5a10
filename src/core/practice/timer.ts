/** A countdown driven by `now` values from a Clock: pure, so a test can jump time. */
export interface Countdown {
  readonly startedAt: number;
  readonly durationMs: number;
}

export function startCountdown(now: number, durationMs: number): Countdown {
  return { startedAt: now, durationMs: Math.max(0, durationMs) };
}

export function remainingMs(c: Countdown, now: number): number {
  return Math.max(0, c.startedAt + c.durationMs - now);
}

export function elapsedMs(c: Countdown, now: number): number {
  return Math.min(c.durationMs, Math.max(0, now - c.startedAt));
}

export function isExpired(c: Countdown, now: number): boolean {
  return remainingMs(c, now) === 0;
}

/** "mm:ss", rounding up so the clock shows 00:00 only once time is really up. */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
