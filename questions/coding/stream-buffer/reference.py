# Each stream's tokens sit in a deque: append on the right, popleft on a read, so a read costs
# only the tokens it returns, however long the stream's backlog is.
from collections import deque


class _Stream:
    __slots__ = ("q", "paused", "state")

    def __init__(self):
        self.q = deque()
        self.paused = False
        self.state = "open"  # "open", "ended" or "gone" (closed by the client or cut)


class StreamBuffer:
    def __init__(self, high_water, low_water, total_cap):
        self.high_water = high_water
        self.low_water = low_water
        self.total_cap = total_cap
        self.streams = {}
        self.count = 0  # tokens buffered across all streams

    def _stream(self, stream_id):
        s = self.streams.get(stream_id)
        if s is None:
            s = self.streams[stream_id] = _Stream()
        return s

    def _drop(self, s):
        self.count -= len(s.q)
        s.q = deque()
        s.paused = False
        s.state = "gone"

    def push(self, stream_id, tokens):
        s = self._stream(stream_id)
        if s.state != "open":
            return "abort"
        if self.count + len(tokens) > self.total_cap:
            self._drop(s)
            return "abort"
        s.q.extend(tokens)
        self.count += len(tokens)
        if len(s.q) >= self.high_water:
            s.paused = True
        return "pause" if s.paused else "ok"

    def read(self, stream_id, limit):
        s = self.streams.get(stream_id)
        if s is None:
            return []
        if s.state == "gone" or (s.state == "ended" and not s.q):
            return None
        n = min(limit, len(s.q))
        popleft = s.q.popleft
        out = [popleft() for _ in range(n)]
        self.count -= n
        if s.paused and len(s.q) <= self.low_water:
            s.paused = False
        return out

    def paused(self, stream_id):
        s = self.streams.get(stream_id)
        return s is not None and s.paused

    def buffered(self, stream_id):
        s = self.streams.get(stream_id)
        return 0 if s is None else len(s.q)

    def total(self):
        return self.count

    def end(self, stream_id):
        s = self._stream(stream_id)
        if s.state == "open":
            s.state = "ended"

    def close(self, stream_id):
        s = self._stream(stream_id)
        if s.state == "gone":
            return 0
        dropped = len(s.q)
        self._drop(s)
        return dropped
