// The scale test's calls: waves of arrivals (mostly short chats, some long documents) that outpace the
// batch, so tens of thousands wait while the KV cache stays full and sequences are preempted, then drain.
export function scale(n, random) {
  const budget = 4096;
  const blockSize = 16;
  const calls = [];
  let submitted = 0;
  const pick = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  for (let i = 0; i < n; i++) {
    const busy = i % 140000 < 60000;
    const r = random();
    if (r < (busy ? 0.55 : 0.2)) {
      const k = random();
      const prompt = k < 0.75 ? pick(8, 400) : k < 0.95 ? pick(400, 1500) : pick(2000, 3800);
      const maxNew = Math.min(budget - prompt, k < 0.8 ? pick(1, 16) : pick(16, 96));
      // Now and then a client retries with an id already taken: it must be refused.
      if (random() < 0.01 && submitted > 0) calls.push(['submit', [`r${pick(0, submitted - 1)}`, prompt, maxNew]]);
      else calls.push(['submit', [`r${submitted++}`, prompt, maxNew]]);
    } else if (r < (busy ? 0.58 : 0.32)) calls.push(['step', []]);
    else if (r < 0.9) calls.push(['status', [`r${submitted > 0 && random() < 0.97 ? pick(0, submitted - 1) : pick(submitted, submitted + 100)}`]]);
    else if (r < 0.93) calls.push(['finished', []]);
    else if (r < 0.95) calls.push(['waiting', []]);
    else if (r < 0.97) calls.push(['running', []]);
    else if (r < 0.99) calls.push(['freeBlocks', []]);
    else calls.push(['preemptions', []]);
  }
  return { new: [budget, 6144, blockSize, 4], calls };
}
