// Each stream is an array with a head index: a read slices from the head and moves it, and the
// array is compacted only once the consumed front is at least half of it, so every token is copied O(1) times.
export class StreamBuffer {
  constructor(highWater, lowWater, totalCap) {
    this.highWater = highWater;
    this.lowWater = lowWater;
    this.totalCap = totalCap;
    this.streams = new Map(); // id -> { q, head, paused, state: 'open' | 'ended' | 'gone' }
    this.count = 0; // tokens buffered across all streams
  }

  stream(id) {
    let s = this.streams.get(id);
    if (s === undefined) {
      s = { q: [], head: 0, paused: false, state: 'open' };
      this.streams.set(id, s);
    }
    return s;
  }

  drop(s) {
    this.count -= s.q.length - s.head;
    s.q = [];
    s.head = 0;
    s.paused = false;
    s.state = 'gone';
  }

  push(streamId, tokens) {
    const s = this.stream(streamId);
    if (s.state !== 'open') return 'abort';
    if (this.count + tokens.length > this.totalCap) {
      this.drop(s);
      return 'abort';
    }
    for (const t of tokens) s.q.push(t);
    this.count += tokens.length;
    if (s.q.length - s.head >= this.highWater) s.paused = true;
    return s.paused ? 'pause' : 'ok';
  }

  read(streamId, max) {
    const s = this.streams.get(streamId);
    if (s === undefined) return [];
    const left = s.q.length - s.head;
    if (s.state === 'gone' || (s.state === 'ended' && left === 0)) return null;
    const n = Math.min(max, left);
    const out = s.q.slice(s.head, s.head + n);
    s.head += n;
    this.count -= n;
    if (s.head === s.q.length) {
      s.q = [];
      s.head = 0;
    } else if (s.head >= 1024 && s.head * 2 >= s.q.length) {
      s.q = s.q.slice(s.head);
      s.head = 0;
    }
    if (s.paused && s.q.length - s.head <= this.lowWater) s.paused = false;
    return out;
  }

  paused(streamId) {
    const s = this.streams.get(streamId);
    return s !== undefined && s.paused;
  }

  buffered(streamId) {
    const s = this.streams.get(streamId);
    return s === undefined ? 0 : s.q.length - s.head;
  }

  total() {
    return this.count;
  }

  end(streamId) {
    const s = this.stream(streamId);
    if (s.state === 'open') s.state = 'ended';
  }

  close(streamId) {
    const s = this.stream(streamId);
    if (s.state === 'gone') return 0;
    const dropped = s.q.length - s.head;
    this.drop(s);
    return dropped;
  }
}
