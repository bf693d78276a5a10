// Each stream keeps its pushes as chunks in a queue with a head index and an offset into the head
// chunk: a push costs only its own tokens and a read only the tokens it returns, whatever the backlog.
export class StreamBuffer {
  constructor(highWater, lowWater, totalCap) {
    this.highWater = highWater;
    this.lowWater = lowWater;
    this.totalCap = totalCap;
    this.streams = new Map(); // id -> stream
    this.count = 0; // tokens buffered across all streams
  }

  stream(id) {
    let s = this.streams.get(id);
    if (s === undefined) {
      s = { chunks: [], head: 0, offset: 0, size: 0, paused: false, state: 'open' }; // state: open, ended, gone
      this.streams.set(id, s);
    }
    return s;
  }

  drop(s) {
    this.count -= s.size;
    s.chunks = [];
    s.head = s.offset = s.size = 0;
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
    if (tokens.length > 0) s.chunks.push(tokens.slice()); // a copy: the caller may reuse its array
    s.size += tokens.length;
    this.count += tokens.length;
    if (s.size >= this.highWater) s.paused = true;
    return s.paused ? 'pause' : 'ok';
  }

  read(streamId, limit) {
    const s = this.streams.get(streamId);
    if (s === undefined) return [];
    if (s.state === 'gone' || (s.state === 'ended' && s.size === 0)) return null;
    const n = Math.min(limit, s.size);
    const out = new Array(n);
    for (let got = 0; got < n; ) {
      const chunk = s.chunks[s.head];
      const take = Math.min(chunk.length - s.offset, n - got);
      for (let i = 0; i < take; i++) out[got++] = chunk[s.offset + i];
      s.offset += take;
      if (s.offset === chunk.length) {
        s.head++;
        s.offset = 0;
      }
    }
    s.size -= n;
    this.count -= n;
    if (s.head === s.chunks.length) {
      s.chunks = [];
      s.head = 0;
    } else if (s.head >= 1024 && s.head * 2 >= s.chunks.length) {
      s.chunks = s.chunks.slice(s.head); // drop the consumed front once it is half the queue
      s.head = 0;
    }
    if (s.paused && s.size <= this.lowWater) s.paused = false;
    return out;
  }

  paused(streamId) {
    const s = this.streams.get(streamId);
    return s !== undefined && s.paused;
  }

  buffered(streamId) {
    const s = this.streams.get(streamId);
    return s === undefined ? 0 : s.size;
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
    const dropped = s.size;
    this.drop(s);
    return dropped;
  }
}
