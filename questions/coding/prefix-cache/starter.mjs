// Prefix-cache eviction. Run the visible tests with `t` in coach, submit with `s`.
export class PrefixCache {
  /** A cache of at most `capacity` KV blocks, empty. */
  constructor(capacity) {
    // TODO
  }

  /** Reference every block of the chain, inserting missing ones; the cache hit, or -1 if it cannot fit. */
  acquire(keys) {
    throw new Error('acquire is not written yet');
  }

  /** Drop one reference per cached key, last key first; how many blocks became evictable. */
  release(keys) {
    throw new Error('release is not written yet');
  }

  /** Whether the block is in the cache, referenced or not. */
  cached(key) {
    throw new Error('cached is not written yet');
  }

  /** How many requests hold the block: 0 if none or not cached. */
  refCount(key) {
    throw new Error('refCount is not written yet');
  }

  /** How many blocks are cached. */
  size() {
    throw new Error('size is not written yet');
  }

  /** How many cached blocks no request holds. */
  evictable() {
    throw new Error('evictable is not written yet');
  }

  /** The key the next eviction would take, or null. */
  nextVictim() {
    throw new Error('nextVictim is not written yet');
  }

  /** [hit blocks, looked-up blocks, evicted blocks] so far. */
  stats() {
    throw new Error('stats is not written yet');
  }
}
