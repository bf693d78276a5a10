# A dict from key to refcount, plus an OrderedDict of the unreferenced keys in release order
# (a linked hash map): the LRU victim is its first key, and every step is O(1).
from collections import OrderedDict


class PrefixCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.refs = {}  # key -> refcount, for every cached block
        self.lru = OrderedDict()  # unreferenced keys, least recently released first
        self.hits = 0
        self.lookups = 0
        self.evictions = 0

    def acquire(self, keys):
        refs = self.refs
        hits = 0
        while hits < len(keys) and keys[hits] in refs:
            hits += 1
        missing = pinned = 0  # pinned: cached, unreferenced blocks of this chain stop being evictable
        for key in keys:
            r = refs.get(key)
            if r is None:
                missing += 1
            elif r == 0:
                pinned += 1
        if missing > self.capacity - len(refs) + len(self.lru) - pinned:
            return -1
        for key in keys:
            r = refs.get(key)
            if r is not None:
                if r == 0:
                    del self.lru[key]
                refs[key] = r + 1
        for key in keys:
            if key in refs:
                continue
            if len(refs) == self.capacity:
                victim, _ = self.lru.popitem(last=False)
                del refs[victim]
                self.evictions += 1
            refs[key] = 1
        self.hits += hits
        self.lookups += len(keys)
        return hits

    def release(self, keys):
        freed = 0
        # Last key first: a chain's tail becomes evictable, and so is evicted, before its head.
        for key in reversed(keys):
            r = self.refs.get(key)
            if not r:
                continue
            self.refs[key] = r - 1
            if r == 1:
                self.lru[key] = True
                freed += 1
        return freed

    def cached(self, key):
        return key in self.refs

    def ref_count(self, key):
        return self.refs.get(key, 0)

    def size(self):
        return len(self.refs)

    def evictable(self):
        return len(self.lru)

    def next_victim(self):
        return next(iter(self.lru), None)

    def stats(self):
        return [self.hits, self.lookups, self.evictions]
