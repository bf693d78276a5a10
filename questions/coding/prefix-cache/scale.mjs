// The scale test's calls: a cache of 30,000 blocks, full from the start, and 900 conversations
// taking turns. Users reply after much the same think time, so a conversation comes back once most
// of the others have had a turn: each turn sends its system prompt and its whole history again
// plus 1-3 new blocks, so most of the chain is a hit on blocks released long ago, deep in the
// eviction order. A conversation ends after 5-24 turns and a new one starts with a first message
// of 2-21 blocks. The live conversations' blocks fill about four fifths of the cache and stay
// cached; the new blocks keep it evicting finished conversations. Requests are released in random
// order, at most 24 running at once, with queries in between, evictable() the most common.
export function scale(n, random) {
  const capacity = 30000;
  const docs = 100; // system prompts of 2-12 blocks, a few of them far more popular than the rest
  const docLength = [];
  for (let d = 0; d < docs; d++) docLength.push(2 + Math.floor(random() * 11));
  let nextId = 0;
  const conversation = () => ({ id: nextId++, doc: Math.floor(docs * random() * random() * random()), blocks: 2 + Math.floor(random() * 20), turns: 5 + Math.floor(random() * 20) });
  const chainOf = (c) => {
    const chain = [];
    for (let i = 0; i < docLength[c.doc]; i++) chain.push(`d${c.doc}.${i}`);
    for (let i = 0; i < c.blocks; i++) chain.push(`d${c.doc}/c${c.id}.${i}`);
    return chain;
  };
  const calls = [];
  // Before the first call the conversations are already under way, each some turns in; the cache
  // holds their history and, in front of it in the eviction order, finished conversations.
  const waiting = []; // live conversations, the one that replied longest ago first
  const keys = new Set();
  for (let i = 0; i < 900; i++) {
    const c = conversation();
    for (let age = Math.floor(random() * c.turns); age > 0; age--, c.turns--) c.blocks += 1 + Math.floor(random() * 3);
    waiting.push(c);
    for (const key of chainOf(c)) keys.add(key);
  }
  const finished = [];
  while (keys.size < capacity) {
    const c = conversation();
    c.blocks += 20;
    const chain = chainOf(c);
    for (const key of chain) keys.add(key);
    finished.push(chain);
  }
  for (const chain of [...finished, ...waiting.map(chainOf)]) calls.push(['acquire', [chain]], ['release', [chain]]);
  const active = []; // chains acquired and not yet released
  const anyKey = () => {
    const c = waiting[Math.floor(random() * waiting.length)];
    return random() < 0.5 ? `d${c.doc}/c${c.id}.${Math.floor(random() * c.blocks)}` : `d${Math.floor(random() * docs)}.${Math.floor(random() * 12)}`;
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
      // One of the 200 that have waited longest replies, and goes to the back of the queue.
      let [c] = waiting.splice(Math.floor(random() * 200), 1);
      if (--c.turns < 0) c = conversation(); // it ended: a new one starts
      else c.blocks += 1 + Math.floor(random() * 3);
      waiting.push(c);
      const chain = chainOf(c);
      calls.push(['acquire', [chain]]);
      active.push(chain);
    } else if (r < 0.48) {
      if (active.length > 0) release();
    } else if (r < 0.56) {
      calls.push(['cached', [anyKey()]]);
    } else if (r < 0.62) {
      calls.push(['refCount', [anyKey()]]);
    } else if (r < 0.92) {
      calls.push(['evictable', []]);
    } else if (r < 0.95) {
      calls.push(['nextVictim', []]);
    } else if (r < 0.98) {
      calls.push(['size', []]);
    } else {
      calls.push(['stats', []]);
    }
  }
  return { new: [capacity], calls: calls.slice(0, n) };
}
