// Rolling p95 and error-budget burn-rate alerts. Run the visible tests with `t` in coach, submit with `s`.
export class SloTracker {
  /** windowMs for p95 and errorRate; budgetPpm failed requests per million (1000 for 99.9%). */
  constructor(windowMs, budgetPpm) {
    // TODO
  }

  /** One finished request: latency in whole ms (above 60000 counts as 60000) and whether it succeeded. */
  record(nowMs, latencyMs, ok) {
    throw new Error('record is not written yet');
  }

  /** Nearest-rank 95th percentile of successful latencies in (nowMs - windowMs, nowMs], or null. */
  p95(nowMs) {
    throw new Error('p95 is not written yet');
  }

  /** Failed / all requests in the window; 0 when there are none. */
  errorRate(nowMs) {
    throw new Error('errorRate is not written yet');
  }

  /** (failed / all) / (budgetPpm / 1000000) over (nowMs - windowMs, nowMs]; 0 when there are none. */
  burnRate(nowMs, windowMs) {
    throw new Error('burnRate is not written yet');
  }

  /** "page", "ticket" or null, by the multiwindow burn-rate rules. */
  alert(nowMs) {
    throw new Error('alert is not written yet');
  }
}
