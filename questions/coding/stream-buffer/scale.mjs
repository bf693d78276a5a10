// The scale test's calls. First a rush of short chats, a quarter of the calls: 32 at a time, each
// pushed a short answer in one or two pushes that a client reads as it comes, then ended and read
// until read returns null; one in five clients vanishes instead (close), some before the first
// token. Thousands of streams come and go. Then four live streams at a time, most read a few
// tokens per call by stalled clients, so backlogs run to tens of thousands of tokens. The generator
// mirrors each backlog so that producers honour pause and stop on abort, and clients drain an
// ended stream before it is replaced.
export function scale(n, random) {
  const high = 50000;
  const low = 30000;
  const cap = 170000;
  const vocab = Array.from({ length: 1000 }, (_, i) => `w${i}`);
  const tokens = (k) => {
    const out = [];
    for (let j = 0; j < k; j++) out.push(vocab[Math.floor(random() * vocab.length)]);
    return out;
  };
  let next = 0;
  let total = 0;
  const calls = [];
  const chat = () => ({ id: `s${next++}`, backlog: 0, ended: false, pushes: 1 + Math.floor(random() * 2), vanishes: random() < 0.2 });
  const chats = Array.from({ length: 32 }, chat);
  while (calls.length < n / 4) {
    const i = Math.floor(random() * chats.length);
    const c = chats[i];
    if (c.vanishes && random() < 0.5) {
      calls.push(['close', [c.id]]); // the client has gone, maybe before the first token
      total -= c.backlog;
      chats[i] = chat();
    } else if (!c.ended && c.pushes > 0 && (c.backlog === 0 || random() < 0.5)) {
      const k = 1 + Math.floor(random() * 32);
      calls.push(['push', [c.id, tokens(k)]]);
      c.backlog += k;
      total += k;
      c.pushes--;
    } else if (!c.ended && c.pushes === 0) {
      calls.push(['end', [c.id]]);
      c.ended = true;
    } else {
      const limit = 16 + Math.floor(random() * 256);
      calls.push(['read', [c.id, limit]]);
      if (c.ended && c.backlog === 0) {
        chats[i] = chat(); // the read returned null: the client has everything
        continue;
      }
      const got = Math.min(limit, c.backlog);
      c.backlog -= got;
      total -= got;
    }
  }
  const fresh = () => ({ id: `s${next++}`, backlog: 0, paused: false, ended: false, slow: random() < 0.85 });
  const live = Array.from({ length: 4 }, fresh);
  while (calls.length < n) {
    const i = Math.floor(random() * live.length);
    const s = live[i];
    const r = random();
    if (r < 0.2 && !s.ended) {
      if (s.paused && random() < 0.97) {
        calls.push(['paused', [s.id]]);
        continue;
      }
      const k = 1 + Math.floor(random() * 128);
      calls.push(['push', [s.id, tokens(k)]]);
      if (total + k > cap) {
        total -= s.backlog; // cut: the producer sees abort and the stream is replaced
        live[i] = fresh();
        continue;
      }
      s.backlog += k;
      total += k;
      if (s.backlog >= high) s.paused = true;
    } else if (r < 0.95) {
      const limit = s.slow ? 1 + Math.floor(random() * 4) : 1 + Math.floor(random() * 1024);
      calls.push(['read', [s.id, limit]]);
      if (s.ended && s.backlog === 0) {
        live[i] = fresh(); // the read returned null: the client has everything
        continue;
      }
      const got = Math.min(limit, s.backlog);
      s.backlog -= got;
      total -= got;
      if (s.paused && s.backlog <= low) s.paused = false;
    } else if (r < 0.97) {
      calls.push(['buffered', [s.id]]);
    } else if (r < 0.9997) {
      calls.push(['total', []]);
    } else if (random() < 0.5) {
      calls.push(['end', [s.id]]);
      s.ended = true;
    } else {
      calls.push(['close', [s.id]]);
      total -= s.backlog;
      live[i] = fresh();
    }
  }
  return { new: [high, low, cap], calls };
}
