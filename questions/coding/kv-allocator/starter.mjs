// Paged KV-cache block allocator. Run the visible tests with `t` in coach, submit with `s`.
export class BlockAllocator {
  /** A pool of numBlocks blocks (ids 0..numBlocks-1) of blockSize tokens each, all free. */
  constructor(numBlocks, blockSize) {
    // TODO
  }

  /** A new sequence of promptTokens tokens, in ceil(promptTokens / blockSize) blocks; all or nothing. */
  allocate(seqId, promptTokens) {
    throw new Error('allocate is not written yet');
  }

  /** Add tokens to a sequence: fill its last block (copying it first if shared), then take new blocks. */
  append(seqId, tokens) {
    throw new Error('append is not written yet');
  }

  /** childId shares every block of parentId; each block's refcount goes up. */
  fork(parentId, childId) {
    throw new Error('fork is not written yet');
  }

  /** Drop the sequence; a block whose refcount reaches 0 goes back to the pool. */
  free(seqId) {
    throw new Error('free is not written yet');
  }

  /** How many blocks are free. */
  freeBlocks() {
    throw new Error('freeBlocks is not written yet');
  }

  /** The sequence's block ids in token order, or null for an unknown sequence. */
  blockTable(seqId) {
    throw new Error('blockTable is not written yet');
  }

  /** How many sequences hold the block: 0 if free, -1 outside the pool. */
  refCount(blockId) {
    throw new Error('refCount is not written yet');
  }
}
