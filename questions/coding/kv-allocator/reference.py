# Free block ids live in a min-heap, so taking the lowest free id or returning one is O(log n);
# blocks are shared by reference count, and a shared, partly filled last block is copied before a write.
import heapq


class BlockAllocator:
    def __init__(self, num_blocks, block_size):
        self.num_blocks = num_blocks
        self.block_size = block_size
        self.refs = [0] * num_blocks
        self.free_ids = list(range(num_blocks))  # ascending: already a heap
        self.seqs = {}  # seq_id -> [block table, token count]

    def _take(self):
        block = heapq.heappop(self.free_ids)
        self.refs[block] = 1
        return block

    def _release(self, block):
        self.refs[block] -= 1
        if self.refs[block] == 0:
            heapq.heappush(self.free_ids, block)

    def allocate(self, seq_id, prompt_tokens):
        need = -(-prompt_tokens // self.block_size)
        if seq_id in self.seqs or need > len(self.free_ids):
            return False
        self.seqs[seq_id] = [[self._take() for _ in range(need)], prompt_tokens]
        return True

    def append(self, seq_id, tokens):
        seq = self.seqs.get(seq_id)
        if seq is None:
            return False
        if tokens == 0:
            return True
        table = seq[0]
        used = seq[1] % self.block_size  # tokens in a partly filled last block, 0 if it is full
        room = self.block_size - used if used else 0
        copy = 1 if used and self.refs[table[-1]] > 1 else 0
        fresh = -(-max(0, tokens - room) // self.block_size)
        if copy + fresh > len(self.free_ids):
            return False
        if copy:
            shared = table[-1]
            table[-1] = self._take()
            self._release(shared)
        for _ in range(fresh):
            table.append(self._take())
        seq[1] += tokens
        return True

    def fork(self, parent_id, child_id):
        parent = self.seqs.get(parent_id)
        if parent is None or child_id in self.seqs:
            return False
        for block in parent[0]:
            self.refs[block] += 1
        self.seqs[child_id] = [list(parent[0]), parent[1]]
        return True

    def free(self, seq_id):
        seq = self.seqs.pop(seq_id, None)
        if seq is None:
            return False
        for block in seq[0]:
            self._release(block)
        return True

    def free_blocks(self):
        return len(self.free_ids)

    def block_table(self, seq_id):
        seq = self.seqs.get(seq_id)
        return None if seq is None else list(seq[0])

    def ref_count(self, block_id):
        if isinstance(block_id, int) and 0 <= block_id < self.num_blocks:
            return self.refs[block_id]
        return -1
