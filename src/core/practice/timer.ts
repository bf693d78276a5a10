/** A countdown driven by `now` values from a Clock: pure, so a test can jump time. */
export interface Countdown {
  readonly startedAt: number;
  readonly durationMs: number;
  /** Set while the clock is stopped (the leave question is up): time stands still from here. */
  readonly pausedAt?: number;
}

export function startCountdown(now: number, durationMs: number): Countdown {
  return { startedAt: now, durationMs: Math.max(0, durationMs) };
}

/** The moment the clock reads: now, or when it was stopped. */
function reading(c: Countdown, now: number): number {
  return c.pausedAt === undefined ? now : Math.min(now, c.pausedAt);
}

export function remainingMs(c: Countdown, now: number): number {
  return Math.max(0, c.startedAt + c.durationMs - reading(c, now));
}

export function elapsedMs(c: Countdown, now: number): number {
  return Math.min(c.durationMs, Math.max(0, reading(c, now) - c.startedAt));
}

/** Stops the clock at `now`; a stopped clock stays as it is. */
export function pauseCountdown(c: Countdown, now: number): Countdown {
  return c.pausedAt === undefined ? { ...c, pausedAt: now } : c;
}

/** Starts a stopped clock again at `now`, with the time it had left when it stopped. */
export function resumeCountdown(c: Countdown, now: number): Countdown {
  if (c.pausedAt === undefined) return c;
  return { startedAt: c.startedAt + Math.max(0, now - c.pausedAt), durationMs: c.durationMs };
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
