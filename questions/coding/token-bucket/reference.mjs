// One bucket per tenant in a Map: every call is O(1), whatever the number of tenants.
export class TokenBucketLimiter {
  constructor(tokensPerMinute, burst) {
    this.defaultLimit = { perMs: tokensPerMinute / 60000, burst };
    this.limits = new Map();
    this.buckets = new Map();
  }

  bucket(tenant, nowMs) {
    const limit = this.limits.get(tenant) ?? this.defaultLimit;
    let b = this.buckets.get(tenant);
    if (b === undefined) {
      b = { tokens: limit.burst, last: nowMs };
      this.buckets.set(tenant, b);
    } else if (nowMs > b.last) {
      // A clock that steps back counts as no time passing; the later timestamp is kept.
      b.tokens = Math.min(limit.burst, b.tokens + (nowMs - b.last) * limit.perMs);
      b.last = nowMs;
    }
    return { b, limit };
  }

  tryTake(tenant, tokens, nowMs) {
    const { b } = this.bucket(tenant, nowMs);
    if (b.tokens < tokens) return false;
    b.tokens -= tokens;
    return true;
  }

  available(tenant, nowMs) {
    return this.bucket(tenant, nowMs).b.tokens;
  }

  retryAfterMs(tenant, tokens, nowMs) {
    const { b, limit } = this.bucket(tenant, nowMs);
    if (tokens > limit.burst) return -1;
    if (b.tokens >= tokens) return 0;
    return Math.ceil((tokens - b.tokens) / limit.perMs);
  }

  setLimit(tenant, tokensPerMinute, burst) {
    this.limits.set(tenant, { perMs: tokensPerMinute / 60000, burst });
    const b = this.buckets.get(tenant);
    if (b !== undefined) b.tokens = Math.min(b.tokens, burst);
  }
}
