// Free block ids live in a min-heap, so taking the lowest free id or returning one is O(log n);
// blocks are shared by reference count, and a shared, partly filled last block is copied before a write.
export class BlockAllocator {
  constructor(numBlocks, blockSize) {
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.refs = new Int32Array(numBlocks);
    this.heap = new Int32Array(numBlocks);
    this.size = 0;
    for (let id = 0; id < numBlocks; id++) this.heap[this.size++] = id; // ascending: already a heap
    this.seqs = new Map(); // seqId -> { table: block ids, tokens: token count }
  }

  take() {
    const h = this.heap;
    const top = h[0];
    const last = h[--this.size];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && h[l + 1] < h[l] ? l + 1 : l;
      if (h[c] >= last) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    this.refs[top] = 1;
    return top;
  }

  release(id) {
    if (--this.refs[id] > 0) return;
    const h = this.heap;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= id) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = id;
  }

  allocate(seqId, promptTokens) {
    const need = Math.ceil(promptTokens / this.blockSize);
    if (this.seqs.has(seqId) || need > this.size) return false;
    const table = [];
    for (let k = 0; k < need; k++) table.push(this.take());
    this.seqs.set(seqId, { table, tokens: promptTokens });
    return true;
  }

  append(seqId, tokens) {
    const seq = this.seqs.get(seqId);
    if (seq === undefined) return false;
    if (tokens === 0) return true;
    const { table } = seq;
    const used = seq.tokens % this.blockSize; // tokens in a partly filled last block, 0 if it is full
    const room = used === 0 ? 0 : this.blockSize - used;
    const copy = used > 0 && this.refs[table[table.length - 1]] > 1 ? 1 : 0;
    const fresh = Math.ceil(Math.max(0, tokens - room) / this.blockSize);
    if (copy + fresh > this.size) return false;
    if (copy === 1) {
      const shared = table[table.length - 1];
      table[table.length - 1] = this.take();
      this.release(shared);
    }
    for (let k = 0; k < fresh; k++) table.push(this.take());
    seq.tokens += tokens;
    return true;
  }

  fork(parentId, childId) {
    const parent = this.seqs.get(parentId);
    if (parent === undefined || this.seqs.has(childId)) return false;
    for (const id of parent.table) this.refs[id]++;
    this.seqs.set(childId, { table: parent.table.slice(), tokens: parent.tokens });
    return true;
  }

  free(seqId) {
    const seq = this.seqs.get(seqId);
    if (seq === undefined) return false;
    for (const id of seq.table) this.release(id);
    this.seqs.delete(seqId);
    return true;
  }

  freeBlocks() {
    return this.size;
  }

  blockTable(seqId) {
    const seq = this.seqs.get(seqId);
    return seq === undefined ? null : seq.table.slice();
  }

  refCount(blockId) {
    return Number.isInteger(blockId) && blockId >= 0 && blockId < this.numBlocks ? this.refs[blockId] : -1;
  }
}
