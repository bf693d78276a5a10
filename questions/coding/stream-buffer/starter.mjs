// Streaming token buffer with backpressure. Run the visible tests with `t` in coach, submit with `s`.
export class StreamBuffer {
  /** Per-stream pause at highWater, resume at lowWater; at most totalCap tokens across all streams. */
  constructor(highWater, lowWater, totalCap) {
    // TODO
  }

  /** Append a stream's new tokens: "ok", "pause" (hold off) or "abort" (ended, closed or cut). */
  push(streamId, tokens) {
    throw new Error('push is not written yet');
  }

  /** Remove and return up to `limit` of the oldest tokens; null once the stream will yield nothing more. */
  read(streamId, limit) {
    throw new Error('read is not written yet');
  }

  /** Whether the producer should hold off this stream. */
  paused(streamId) {
    throw new Error('paused is not written yet');
  }

  /** Tokens waiting for this stream's client. */
  buffered(streamId) {
    throw new Error('buffered is not written yet');
  }

  /** Tokens buffered across all streams. */
  total() {
    throw new Error('total is not written yet');
  }

  /** The producer has sent the stream's last token. */
  end(streamId) {
    throw new Error('end is not written yet');
  }

  /** The client has gone: drop its tokens and return how many there were. */
  close(streamId) {
    throw new Error('close is not written yet');
  }
}
