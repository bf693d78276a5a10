// Requests in a Map by id, the waiting queue a deque, the batch an array in admission order: a step
// touches only the running sequences and the requests it admits, never the whole queue or history.

// The waiting queue: a stack for what goes back on the front, an array with a read index for the rest.
class Deque {
  constructor() {
    this.front = [];
    this.back = [];
    this.head = 0;
  }
  get size() {
    return this.front.length + this.back.length - this.head;
  }
  peek() {
    return this.front.length > 0 ? this.front[this.front.length - 1] : this.back[this.head];
  }
  shift() {
    if (this.front.length > 0) return this.front.pop();
    const r = this.back[this.head++];
    if (this.head >= 1024 && this.head * 2 >= this.back.length) {
      this.back = this.back.slice(this.head);
      this.head = 0;
    }
    return r;
  }
  unshift(r) {
    this.front.push(r);
  }
  push(r) {
    this.back.push(r);
  }
}

export class BatchScheduler {
  constructor(tokenBudget, numBlocks, blockSize, maxSkips) {
    this.tokenBudget = tokenBudget;
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.maxSkips = maxSkips;
    this.free = numBlocks;
    this.requests = new Map();
    this.queue = new Deque();
    this.batch = []; // running, oldest admission first
    this.done = [];
    this.doneRead = 0;
    this.preempted = 0;
  }

  blocksFor(tokens) {
    return Math.ceil(tokens / this.blockSize);
  }

  // A sequence whose last block is full needs a new one for its next token.
  needsBlock(r) {
    return (r.prompt + r.generated) % this.blockSize === 0;
  }

  submit(reqId, promptTokens, maxNewTokens) {
    if (this.requests.has(reqId) || promptTokens < 1 || maxNewTokens < 1) return false;
    const total = promptTokens + maxNewTokens;
    if (total > this.tokenBudget || this.blocksFor(total) > this.numBlocks) return false;
    const r = { id: reqId, prompt: promptTokens, max: maxNewTokens, generated: 0, blocks: 0, skips: 0, state: 'waiting' };
    this.requests.set(reqId, r);
    this.queue.push(r);
    return true;
  }

  step() {
    const ran = [];
    // 1. Decode. Preempt the newest until the new blocks fit; each goes to the front, so several end up oldest first.
    let need = 0;
    for (const r of this.batch) if (this.needsBlock(r)) need++;
    while (need > this.free) {
      const r = this.batch.pop();
      if (this.needsBlock(r)) need--;
      this.free += r.blocks;
      r.blocks = 0;
      r.state = 'waiting';
      this.queue.unshift(r);
      this.preempted++;
    }
    let kept = 0;
    for (const r of this.batch) {
      if (this.needsBlock(r)) {
        r.blocks++;
        this.free--;
      }
      r.generated++;
      ran.push(r.id);
      if (r.generated === r.max) {
        this.free += r.blocks;
        r.blocks = 0;
        r.state = 'finished';
        this.done.push(r.id);
      } else this.batch[kept++] = r;
    }
    this.batch.length = kept;

    // 2. Admit while the head fits; a recomputed sequence costs its prompt plus what it had generated.
    let left = this.tokenBudget;
    const q = this.queue;
    while (q.size > 0 && this.fits(q.peek(), left)) left -= this.admit(q.shift(), ran);
    // Only the head may be overtaken, and only maxSkips times: after that it reserves the next admission.
    if (q.size > 1 && q.peek().skips < this.maxSkips) {
      const head = q.shift();
      let overtaken = false;
      while (q.size > 0 && this.fits(q.peek(), left)) {
        left -= this.admit(q.shift(), ran);
        overtaken = true;
      }
      if (overtaken) head.skips++;
      q.unshift(head);
    }
    return ran;
  }

  fits(r, left) {
    const cost = r.prompt + r.generated;
    return cost <= left && this.blocksFor(cost) <= this.free;
  }

  // Prefills r: takes its blocks, makes it the newest running sequence, and returns the tokens it cost.
  admit(r, ran) {
    const cost = r.prompt + r.generated;
    r.blocks = this.blocksFor(cost);
    this.free -= r.blocks;
    r.skips = 0;
    r.state = 'running';
    this.batch.push(r);
    ran.push(r.id);
    return cost;
  }

  finished() {
    const out = this.done.slice(this.doneRead);
    this.doneRead = this.done.length;
    return out;
  }

  status(reqId) {
    return this.requests.get(reqId)?.state ?? 'unknown';
  }

  waiting() {
    return this.queue.size;
  }

  running() {
    return this.batch.length;
  }

  freeBlocks() {
    return this.free;
  }

  preemptions() {
    return this.preempted;
  }
}
