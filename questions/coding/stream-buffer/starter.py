# Streaming token buffer with backpressure. Run the visible tests with `t` in coach, submit with `s`.


class StreamBuffer:
    def __init__(self, high_water, low_water, total_cap):
        """Per-stream pause at high_water, resume at low_water; at most total_cap tokens across all streams."""
        pass

    def push(self, stream_id, tokens):
        """Append a stream's new tokens: "ok", "pause" (hold off) or "abort" (ended, closed or cut)."""
        raise NotImplementedError("push is not written yet")

    def read(self, stream_id, limit):
        """Remove and return up to `limit` of the oldest tokens; None once the stream will yield nothing more."""
        raise NotImplementedError("read is not written yet")

    def paused(self, stream_id):
        """Whether the producer should hold off this stream."""
        raise NotImplementedError("paused is not written yet")

    def buffered(self, stream_id):
        """Tokens waiting for this stream's client."""
        raise NotImplementedError("buffered is not written yet")

    def total(self):
        """Tokens buffered across all streams."""
        raise NotImplementedError("total is not written yet")

    def end(self, stream_id):
        """The producer has sent the stream's last token."""
        raise NotImplementedError("end is not written yet")

    def close(self, stream_id):
        """The client has gone: drop its tokens and return how many there were."""
        raise NotImplementedError("close is not written yet")
