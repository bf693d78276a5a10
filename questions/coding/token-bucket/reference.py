# One bucket per tenant in a dict: every call is O(1), whatever the number of tenants.
import math


class TokenBucketLimiter:
    def __init__(self, tokens_per_minute, burst):
        self.default_limit = (tokens_per_minute / 60000, burst)
        self.limits = {}
        self.buckets = {}

    def _bucket(self, tenant, now_ms):
        limit = self.limits.get(tenant, self.default_limit)
        b = self.buckets.get(tenant)
        if b is None:
            b = [limit[1], now_ms]
            self.buckets[tenant] = b
        elif now_ms > b[1]:
            # A clock that steps back counts as no time passing; the later timestamp is kept.
            b[0] = min(limit[1], b[0] + (now_ms - b[1]) * limit[0])
            b[1] = now_ms
        return b, limit

    def try_take(self, tenant, tokens, now_ms):
        b, _ = self._bucket(tenant, now_ms)
        if b[0] < tokens:
            return False
        b[0] -= tokens
        return True

    def available(self, tenant, now_ms):
        return self._bucket(tenant, now_ms)[0][0]

    def retry_after_ms(self, tenant, tokens, now_ms):
        b, limit = self._bucket(tenant, now_ms)
        if tokens > limit[1]:
            return -1
        if b[0] >= tokens:
            return 0
        return math.ceil((tokens - b[0]) / limit[0])

    def set_limit(self, tenant, tokens_per_minute, burst):
        self.limits[tenant] = (tokens_per_minute / 60000, burst)
        b = self.buckets.get(tenant)
        if b is not None:
            b[0] = min(b[0], burst)
