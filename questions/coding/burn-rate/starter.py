# Rolling p95 and error-budget burn-rate alerts. Run the visible tests with `t` in coach, submit with `s`.


class SloTracker:
    def __init__(self, window_ms, budget_ppm):
        """window_ms for p95 and error_rate; budget_ppm failed requests per million (1000 for 99.9%)."""
        pass

    def record(self, now_ms, latency_ms, ok):
        """One finished request: latency in whole ms (above 60000 counts as 60000) and whether it succeeded."""
        raise NotImplementedError("record is not written yet")

    def p95(self, now_ms):
        """Nearest-rank 95th percentile of successful latencies in (now_ms - window_ms, now_ms], or None."""
        raise NotImplementedError("p95 is not written yet")

    def error_rate(self, now_ms):
        """Failed / all requests in the window; 0 when there are none."""
        raise NotImplementedError("error_rate is not written yet")

    def burn_rate(self, now_ms, window_ms):
        """(failed / all) / (budget_ppm / 1000000) over (now_ms - window_ms, now_ms]; 0 when there are none."""
        raise NotImplementedError("burn_rate is not written yet")

    def alert(self, now_ms):
        """Returns "page", "ticket" or None, by the multiwindow burn-rate rules."""
        raise NotImplementedError("alert is not written yet")
