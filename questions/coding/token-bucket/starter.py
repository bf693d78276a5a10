# Per-tenant token bucket. Run the visible tests with `t` in coach, submit with `s`.


class TokenBucketLimiter:
    def __init__(self, tokens_per_minute, burst):
        """The default limit for every tenant; a tenant's bucket starts full."""
        pass

    def try_take(self, tenant, tokens, now_ms):
        """Refill for the time since the tenant's last call, then take `tokens` if there are enough."""
        raise NotImplementedError("try_take is not written yet")

    def available(self, tenant, now_ms):
        """Tokens in the tenant's bucket at now_ms."""
        raise NotImplementedError("available is not written yet")

    def retry_after_ms(self, tenant, tokens, now_ms):
        """Whole milliseconds until `tokens` could be taken: 0 now, -1 never."""
        raise NotImplementedError("retry_after_ms is not written yet")

    def set_limit(self, tenant, tokens_per_minute, burst):
        """This tenant's own limit from now on; its balance is capped at the new burst."""
        raise NotImplementedError("set_limit is not written yet")
