// Counts of successful latencies in a Fenwick tree over 0..60000 ms give the k-th smallest in
// O(log M); samples leave it as the window slides. Error counts over any window come from a prefix
// count of errors and a binary search on the sample times.
const MAX_LATENCY = 60000;
const HOUR = 3600000;
const MINUTE = 60000;
// [burn-rate threshold x10, long window, short window]: the SRE workbook's multiwindow rules.
const PAGE_RULES = [
  [144, HOUR, 5 * MINUTE],
  [60, 6 * HOUR, 30 * MINUTE],
];
const TICKET_RULES = [[10, 72 * HOUR, 6 * HOUR]];

export class SloTracker {
  constructor(windowMs, budgetPpm) {
    this.windowMs = windowMs;
    this.budgetPpm = budgetPpm;
    this.times = []; // every sample's time, non-decreasing
    this.latencies = []; // -1 for a failed request
    this.errorsBefore = [0]; // errorsBefore[i]: failed requests among the first i samples
    this.tree = new Int32Array(MAX_LATENCY + 2); // Fenwick tree over latency + 1
    this.inWindow = 0; // successful samples counted in the tree
    this.head = 0; // first sample still in the p95 window
    this.latest = -Infinity;
  }

  clock(nowMs) {
    if (nowMs > this.latest) this.latest = nowMs;
    return this.latest;
  }

  add(latency, delta) {
    for (let i = latency + 1; i < this.tree.length; i += i & -i) this.tree[i] += delta;
    this.inWindow += delta;
  }

  slide(now) {
    const start = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= start) {
      const latency = this.latencies[this.head++];
      if (latency >= 0) this.add(latency, -1);
    }
  }

  // Index of the first sample newer than now - windowMs.
  firstAfter(t) {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  counts(now, windowMs) {
    const from = this.firstAfter(now - windowMs);
    const to = this.times.length;
    return [this.errorsBefore[to] - this.errorsBefore[from], to - from];
  }

  record(nowMs, latencyMs, ok) {
    const now = this.clock(nowMs);
    const latency = Math.min(latencyMs, MAX_LATENCY);
    this.times.push(now);
    this.latencies.push(ok ? latency : -1);
    this.errorsBefore.push(this.errorsBefore[this.errorsBefore.length - 1] + (ok ? 0 : 1));
    if (ok) this.add(latency, 1);
    this.slide(now);
  }

  p95(nowMs) {
    this.slide(this.clock(nowMs));
    if (this.inWindow === 0) return null;
    let rank = Math.floor((95 * this.inWindow + 99) / 100);
    // Walk down the tree to the smallest latency whose cumulative count reaches rank.
    let pos = 0;
    for (let step = 1 << 16; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next] < rank) {
        pos = next;
        rank -= this.tree[next];
      }
    }
    return pos; // tree index pos + 1 holds latency pos
  }

  errorRate(nowMs) {
    const [errors, total] = this.counts(this.clock(nowMs), this.windowMs);
    return total === 0 ? 0 : errors / total;
  }

  burnRate(nowMs, windowMs) {
    const [errors, total] = this.counts(this.clock(nowMs), windowMs);
    return total === 0 ? 0 : (errors * 1e6) / (total * this.budgetPpm);
  }

  // Burning faster than x10/10 times the budget: compared in integers, never in floating point.
  burning(now, x10, windowMs) {
    const [errors, total] = this.counts(now, windowMs);
    return total > 0 && errors * 10000000 > x10 * total * this.budgetPpm;
  }

  alert(nowMs) {
    const now = this.clock(nowMs);
    const fires = (rules) => rules.some(([x10, long, short]) => this.burning(now, x10, long) && this.burning(now, x10, short));
    if (fires(PAGE_RULES)) return 'page';
    if (fires(TICKET_RULES)) return 'ticket';
    return null;
  }
}
