// A Map from key to block, and the unreferenced blocks on a doubly linked list in release
// order (a linked hash map): the LRU victim is the list's head, and every step is O(1).
export class PrefixCache {
  constructor(capacity) {
    this.capacity = capacity;
    this.blocks = new Map(); // key -> { key, refs, prev, next }, for every cached block
    this.head = { prev: null, next: null }; // sentinel: head.next is the least recently released
    this.head.prev = this.head.next = this.head;
    this.unreferenced = 0;
    this.hits = 0;
    this.lookups = 0;
    this.evictions = 0;
  }

  unlink(b) {
    b.prev.next = b.next;
    b.next.prev = b.prev;
    this.unreferenced--;
  }

  pushBack(b) {
    b.prev = this.head.prev;
    b.next = this.head;
    this.head.prev.next = b;
    this.head.prev = b;
    this.unreferenced++;
  }

  acquire(keys) {
    let hits = 0;
    while (hits < keys.length && this.blocks.has(keys[hits])) hits++;
    let missing = 0;
    let pinned = 0; // cached, unreferenced blocks of this chain: they stop being evictable
    for (const key of keys) {
      const b = this.blocks.get(key);
      if (b === undefined) missing++;
      else if (b.refs === 0) pinned++;
    }
    if (missing > this.capacity - this.blocks.size + this.unreferenced - pinned) return -1;
    for (const key of keys) {
      const b = this.blocks.get(key);
      if (b !== undefined && b.refs++ === 0) this.unlink(b);
    }
    for (const key of keys) {
      if (this.blocks.has(key)) continue;
      if (this.blocks.size === this.capacity) {
        const victim = this.head.next;
        this.unlink(victim);
        this.blocks.delete(victim.key);
        this.evictions++;
      }
      this.blocks.set(key, { key, refs: 1, prev: null, next: null });
    }
    this.hits += hits;
    this.lookups += keys.length;
    return hits;
  }

  release(keys) {
    let freed = 0;
    // Last key first: a chain's tail becomes evictable, and so is evicted, before its head.
    for (let i = keys.length - 1; i >= 0; i--) {
      const b = this.blocks.get(keys[i]);
      if (b === undefined || b.refs === 0) continue;
      if (--b.refs === 0) {
        this.pushBack(b);
        freed++;
      }
    }
    return freed;
  }

  cached(key) {
    return this.blocks.has(key);
  }

  refCount(key) {
    return this.blocks.get(key)?.refs ?? 0;
  }

  size() {
    return this.blocks.size;
  }

  evictable() {
    return this.unreferenced;
  }

  nextVictim() {
    return this.unreferenced === 0 ? null : this.head.next.key;
  }

  stats() {
    return [this.hits, this.lookups, this.evictions];
  }
}
