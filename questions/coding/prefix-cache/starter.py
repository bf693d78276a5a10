# Prefix-cache eviction. Run the visible tests with `t` in coach, submit with `s`.


class PrefixCache:
    def __init__(self, capacity):
        """A cache of at most `capacity` KV blocks, empty."""
        pass

    def acquire(self, keys):
        """Reference every block of the chain, inserting missing ones; the cache hit, or -1 if it cannot fit."""
        raise NotImplementedError("acquire is not written yet")

    def release(self, keys):
        """Drop one reference per cached key, last key first; how many blocks became evictable."""
        raise NotImplementedError("release is not written yet")

    def cached(self, key):
        """Whether the block is in the cache, referenced or not."""
        raise NotImplementedError("cached is not written yet")

    def ref_count(self, key):
        """How many requests hold the block: 0 if none or not cached."""
        raise NotImplementedError("ref_count is not written yet")

    def size(self):
        """How many blocks are cached."""
        raise NotImplementedError("size is not written yet")

    def evictable(self):
        """How many cached blocks no request holds."""
        raise NotImplementedError("evictable is not written yet")

    def next_victim(self):
        """The key the next eviction would take, or None."""
        raise NotImplementedError("next_victim is not written yet")

    def stats(self):
        """[hit blocks, looked-up blocks, evicted blocks] so far."""
        raise NotImplementedError("stats is not written yet")
