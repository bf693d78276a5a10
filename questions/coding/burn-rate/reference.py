# Counts of successful latencies in a Fenwick tree over 0..60000 ms give the k-th smallest in
# O(log M); samples leave it as the window slides. Error counts over any window come from a prefix
# count of errors and a binary search on the sample times.
from bisect import bisect_right

MAX_LATENCY = 60000
HOUR = 3600000
MINUTE = 60000
# (burn-rate threshold x10, long window, short window): the SRE workbook's multiwindow rules.
PAGE_RULES = [(144, HOUR, 5 * MINUTE), (60, 6 * HOUR, 30 * MINUTE)]
TICKET_RULES = [(10, 72 * HOUR, 6 * HOUR)]


class SloTracker:
    def __init__(self, window_ms, budget_ppm):
        self.window_ms = window_ms
        self.budget_ppm = budget_ppm
        self.times = []  # every sample's time, non-decreasing
        self.latencies = []  # -1 for a failed request
        self.errors_before = [0]  # errors_before[i]: failed requests among the first i samples
        self.tree = [0] * (MAX_LATENCY + 2)  # Fenwick tree over latency + 1
        self.in_window = 0  # successful samples counted in the tree
        self.head = 0  # first sample still in the p95 window
        self.latest = None

    def _clock(self, now_ms):
        if self.latest is None or now_ms > self.latest:
            self.latest = now_ms
        return self.latest

    def _add(self, latency, delta):
        tree, i, n = self.tree, latency + 1, len(self.tree)
        while i < n:
            tree[i] += delta
            i += i & -i
        self.in_window += delta

    def _slide(self, now):
        start = now - self.window_ms
        times, latencies = self.times, self.latencies
        while self.head < len(times) and times[self.head] <= start:
            if latencies[self.head] >= 0:
                self._add(latencies[self.head], -1)
            self.head += 1

    def _counts(self, now, window_ms):
        first = bisect_right(self.times, now - window_ms)
        last = len(self.times)
        return self.errors_before[last] - self.errors_before[first], last - first

    def record(self, now_ms, latency_ms, ok):
        now = self._clock(now_ms)
        latency = min(latency_ms, MAX_LATENCY)
        self.times.append(now)
        self.latencies.append(latency if ok else -1)
        self.errors_before.append(self.errors_before[-1] + (0 if ok else 1))
        if ok:
            self._add(latency, 1)
        self._slide(now)

    def p95(self, now_ms):
        self._slide(self._clock(now_ms))
        if self.in_window == 0:
            return None
        rank = (95 * self.in_window + 99) // 100
        # Walk down the tree to the smallest latency whose cumulative count reaches rank.
        tree, pos, step = self.tree, 0, 1 << 16
        while step:
            nxt = pos + step
            if nxt < len(tree) and tree[nxt] < rank:
                pos = nxt
                rank -= tree[nxt]
            step >>= 1
        return pos  # tree index pos + 1 holds latency pos

    def error_rate(self, now_ms):
        errors, total = self._counts(self._clock(now_ms), self.window_ms)
        return 0 if total == 0 else errors / total

    def burn_rate(self, now_ms, window_ms):
        errors, total = self._counts(self._clock(now_ms), window_ms)
        return 0 if total == 0 else errors * 1e6 / (total * self.budget_ppm)

    # Burning faster than x10/10 times the budget: compared in integers, never in floating point.
    def _burning(self, now, x10, window_ms):
        errors, total = self._counts(now, window_ms)
        return total > 0 and errors * 10000000 > x10 * total * self.budget_ppm

    def alert(self, now_ms):
        now = self._clock(now_ms)
        def fires(rules):
            return any(self._burning(now, x10, long) and self._burning(now, x10, short) for x10, long, short in rules)
        if fires(PAGE_RULES):
            return "page"
        if fires(TICKET_RULES):
            return "ticket"
        return None
