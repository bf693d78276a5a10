# Paged KV-cache block allocator. Run the visible tests with `t` in coach, submit with `s`.


class BlockAllocator:
    def __init__(self, num_blocks, block_size):
        """A pool of num_blocks blocks (ids 0..num_blocks-1) of block_size tokens each, all free."""
        pass

    def allocate(self, seq_id, prompt_tokens):
        """A new sequence of prompt_tokens tokens, in ceil(prompt_tokens / block_size) blocks; all or nothing."""
        raise NotImplementedError("allocate is not written yet")

    def append(self, seq_id, tokens):
        """Add tokens to a sequence: fill its last block (copying it first if shared), then take new blocks."""
        raise NotImplementedError("append is not written yet")

    def fork(self, parent_id, child_id):
        """child_id shares every block of parent_id; each block's refcount goes up."""
        raise NotImplementedError("fork is not written yet")

    def free(self, seq_id):
        """Drop the sequence; a block whose refcount reaches 0 goes back to the pool."""
        raise NotImplementedError("free is not written yet")

    def free_blocks(self):
        """How many blocks are free."""
        raise NotImplementedError("free_blocks is not written yet")

    def block_table(self, seq_id):
        """The sequence's block ids in token order, or None for an unknown sequence."""
        raise NotImplementedError("block_table is not written yet")

    def ref_count(self, block_id):
        """How many sequences hold the block: 0 if free, -1 outside the pool."""
        raise NotImplementedError("ref_count is not written yet")
