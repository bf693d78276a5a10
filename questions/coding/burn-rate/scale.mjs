// The scale test's calls: about three hours of traffic at some twenty requests a second, so the
// one-hour p95 window holds tens of thousands of samples; a fast burn (a bad rollout) and a slow one
// (a flaky dependency) partway through; the odd late timestamp; and frequent queries.
export function scale(n, random) {
  const calls = [];
  let now = 0;
  const windows = [300000, 1800000, 3600000, 21600000, 259200000, 1 + Math.floor(random() * 7200000)];
  for (let i = 0; i < n; i++) {
    now += Math.floor(random() * 108);
    const errorP = i >= 0.3 * n && i < 0.4 * n ? 0.04 : i >= 0.6 * n && i < 0.85 * n ? 0.008 : 0.0003;
    const r = random();
    if (r < 0.9) {
      // Mostly 100 ms to a few seconds, a long tail, and the odd request past the 60 s cap.
      const latency = random() < 0.001 ? 60000 + Math.floor(random() * 30000) : Math.floor(80 + 400 * Math.exp(4 * random() * random()));
      const t = random() < 0.005 ? now - Math.floor(random() * 1000) : now; // a late, out-of-order sample
      calls.push(['record', [t, latency, random() >= errorP]]);
    } else if (r < 0.92) {
      calls.push(['p95', [now]]);
    } else if (r < 0.98) {
      calls.push(['errorRate', [now]]);
    } else if (r < 0.997) {
      calls.push(['burnRate', [now, windows[Math.floor(random() * windows.length)]]]);
    } else {
      calls.push(['alert', [now]]);
    }
  }
  return { new: [3600000, 1000], calls };
}
