// The scale test's calls: a pool of 100,000 blocks (an 80 GB GPU's worth for a small model) under a
// serving mix of prompts arriving, decode steps appending a token or a few, parallel-sampling forks
// and finished requests; tens of thousands of blocks free at a time, so a free list searched or
// counted per call shows.
export function scale(n, random) {
  const numBlocks = 100000;
  const blockSize = 16;
  const target = 1500; // live sequences: the pool swings between half full and full
  const live = [];
  let next = 0;
  const pick = () => live[Math.floor(random() * live.length)];
  const calls = [];
  while (calls.length < n) {
    const r = random();
    if (live.length === 0 || r < 0.1 * (target / Math.max(live.length, 1))) {
      const id = `s${next++}`;
      live.push(id);
      calls.push(['allocate', [id, Math.floor(random() * 1200)]]);
    } else if (r < 0.55) {
      const tokens = random() < 0.8 ? 1 : 1 + Math.floor(random() * 48);
      calls.push(['append', [pick(), tokens]]);
    } else if (r < 0.6) {
      const id = `s${next++}`;
      calls.push(['fork', [pick(), id]]);
      live.push(id);
    } else if (r < 0.72) {
      const i = Math.floor(random() * live.length);
      calls.push(['free', [live[i]]]);
      live[i] = live[live.length - 1];
      live.pop();
    } else if (r < 0.8) {
      calls.push(['freeBlocks', []]);
    } else if (r < 0.9) {
      calls.push(['blockTable', [pick()]]);
    } else {
      calls.push(['refCount', [Math.floor(random() * numBlocks)]]);
    }
  }
  return { new: [numBlocks, blockSize], calls };
}
