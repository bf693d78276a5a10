// The scale test's calls: requests that share popular system prompts and continue earlier
// conversations, acquired and released while the cache stays full, with queries in between.
export function scale(n, random) {
  const capacity = 2000;
  const docs = 100; // system prompts of 2-12 blocks, a few of them far more popular than the rest
  const docLength = [];
  for (let d = 0; d < docs; d++) docLength.push(2 + Math.floor(random() * 11));
  const convs = []; // conversations: a system prompt and how many blocks of history so far
  const active = []; // chains acquired and not yet released
  const calls = [];
  const anyKey = () => {
    const c = convs.length > 0 && random() < 0.5 ? convs[Math.floor(random() * convs.length)] : null;
    return c !== null && c.blocks > 0 ? `d${c.doc}/c${c.id}.${Math.floor(random() * c.blocks)}` : `d${Math.floor(random() * docs)}.${Math.floor(random() * 12)}`;
  };
  const release = () => {
    const i = Math.floor(random() * active.length);
    calls.push(['release', [active[i]]]);
    active[i] = active[active.length - 1];
    active.pop();
  };
  while (calls.length < n) {
    const r = random();
    if (r < 0.25) {
      if (active.length >= 24) {
        release();
        continue;
      }
      let conv;
      if (convs.length === 0 || (convs.length < 400 && random() < 0.3)) {
        conv = { id: convs.length, doc: Math.floor(docs * random() * random() * random()), blocks: 0 };
        convs.push(conv);
      } else {
        conv = convs[Math.floor(random() * convs.length)];
        if (conv.blocks > 16) conv.blocks = 0; // the conversation starts over
      }
      conv.blocks += 1 + Math.floor(random() * 3);
      const chain = [];
      for (let i = 0; i < docLength[conv.doc]; i++) chain.push(`d${conv.doc}.${i}`);
      for (let i = 0; i < conv.blocks; i++) chain.push(`d${conv.doc}/c${conv.id}.${i}`);
      calls.push(['acquire', [chain]]);
      active.push(chain);
    } else if (r < 0.48 && active.length > 0) {
      release();
    } else if (r < 0.6) {
      calls.push(['cached', [anyKey()]]);
    } else if (r < 0.68) {
      calls.push(['refCount', [anyKey()]]);
    } else if (r < 0.83) {
      calls.push(['evictable', []]);
    } else if (r < 0.94) {
      calls.push(['nextVictim', []]);
    } else if (r < 0.98) {
      calls.push(['size', []]);
    } else {
      calls.push(['stats', []]);
    }
  }
  return { new: [capacity], calls };
}
