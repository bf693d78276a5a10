// Per-tenant token bucket. Run the visible tests with `t` in coach, submit with `s`.
export class TokenBucketLimiter {
  /** The default limit for every tenant; a tenant's bucket starts full. */
  constructor(tokensPerMinute, burst) {
    // TODO
  }

  /** Refill for the time since the tenant's last call, then take `tokens` if there are enough. */
  tryTake(tenant, tokens, nowMs) {
    throw new Error('tryTake is not written yet');
  }

  /** Tokens in the tenant's bucket at nowMs. */
  available(tenant, nowMs) {
    throw new Error('available is not written yet');
  }

  /** Whole milliseconds until `tokens` could be taken: 0 now, -1 never. */
  retryAfterMs(tenant, tokens, nowMs) {
    throw new Error('retryAfterMs is not written yet');
  }

  /** This tenant's own limit from now on; its balance is capped at the new burst. */
  setLimit(tenant, tokensPerMinute, burst) {
    throw new Error('setLimit is not written yet');
  }
}
