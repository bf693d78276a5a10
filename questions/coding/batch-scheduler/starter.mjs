// Continuous-batching scheduler. Run the visible tests with `t` in coach, submit with `s`.
export class BatchScheduler {
  /** A prefill budget per step, a KV cache of numBlocks blocks of blockSize tokens, and how often a head may be overtaken. */
  constructor(tokenBudget, numBlocks, blockSize, maxSkips) {
    // TODO
  }

  /** Queue a request at the back; false for a repeated id or one that could never run to the end. */
  submit(reqId, promptTokens, maxNewTokens) {
    throw new Error('submit is not written yet');
  }

  /** One iteration: decode (preempting the newest if blocks run out), then admit; the ids that ran. */
  step() {
    throw new Error('step is not written yet');
  }

  /** Ids finished since the previous call, in finishing order. */
  finished() {
    throw new Error('finished is not written yet');
  }

  /** "waiting", "running", "finished" or "unknown". */
  status(reqId) {
    throw new Error('status is not written yet');
  }

  /** Requests waiting, preempted ones included. */
  waiting() {
    throw new Error('waiting is not written yet');
  }

  /** Sequences running now. */
  running() {
    throw new Error('running is not written yet');
  }

  /** Free KV blocks now. */
  freeBlocks() {
    throw new Error('freeBlocks is not written yet');
  }

  /** Preemptions so far. */
  preemptions() {
    throw new Error('preemptions is not written yet');
  }
}
