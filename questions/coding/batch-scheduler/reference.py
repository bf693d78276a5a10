# Requests in a dict by id, the waiting queue a deque, the batch a list in admission order: a step
# touches only the running sequences and the requests it admits, never the whole queue or history.
from collections import deque


class _Request:
    __slots__ = ("id", "prompt", "max", "generated", "blocks", "skips", "state")

    def __init__(self, req_id, prompt, max_new):
        self.id = req_id
        self.prompt = prompt
        self.max = max_new
        self.generated = 0
        self.blocks = 0
        self.skips = 0
        self.state = "waiting"


class BatchScheduler:
    def __init__(self, token_budget, num_blocks, block_size, max_skips):
        self.token_budget = token_budget
        self.num_blocks = num_blocks
        self.block_size = block_size
        self.max_skips = max_skips
        self.free = num_blocks
        self.requests = {}
        self.queue = deque()
        self.batch = []  # running, oldest admission first
        self.done = []
        self.done_read = 0
        self.preempted = 0

    def _blocks_for(self, tokens):
        return -(-tokens // self.block_size)

    def _needs_block(self, r):
        # A sequence whose last block is full needs a new one for its next token.
        return (r.prompt + r.generated) % self.block_size == 0

    def submit(self, req_id, prompt_tokens, max_new_tokens):
        if req_id in self.requests or prompt_tokens < 1 or max_new_tokens < 1:
            return False
        total = prompt_tokens + max_new_tokens
        if total > self.token_budget or self._blocks_for(total) > self.num_blocks:
            return False
        r = _Request(req_id, prompt_tokens, max_new_tokens)
        self.requests[req_id] = r
        self.queue.append(r)
        return True

    def step(self):
        ran = []
        # 1. Decode. Preempt the newest until the new blocks fit; each goes to the front, so several end up oldest first.
        need = sum(1 for r in self.batch if self._needs_block(r))
        while need > self.free:
            r = self.batch.pop()
            if self._needs_block(r):
                need -= 1
            self.free += r.blocks
            r.blocks = 0
            r.state = "waiting"
            self.queue.appendleft(r)
            self.preempted += 1
        still = []
        for r in self.batch:
            if self._needs_block(r):
                r.blocks += 1
                self.free -= 1
            r.generated += 1
            ran.append(r.id)
            if r.generated == r.max:
                self.free += r.blocks
                r.blocks = 0
                r.state = "finished"
                self.done.append(r.id)
            else:
                still.append(r)
        self.batch = still

        # 2. Admit while the head fits; a recomputed sequence costs its prompt plus what it had generated.
        left = self.token_budget
        q = self.queue
        while q and self._fits(q[0], left):
            left -= self._admit(q.popleft(), ran)
        # Only the head may be overtaken, and only max_skips times: after that it reserves the next admission.
        if len(q) > 1 and q[0].skips < self.max_skips:
            head = q.popleft()
            overtaken = False
            while q and self._fits(q[0], left):
                left -= self._admit(q.popleft(), ran)
                overtaken = True
            if overtaken:
                head.skips += 1
            q.appendleft(head)
        return ran

    def _fits(self, r, left):
        cost = r.prompt + r.generated
        return cost <= left and self._blocks_for(cost) <= self.free

    def _admit(self, r, ran):
        # Prefills r: takes its blocks, makes it the newest running sequence, and returns the tokens it cost.
        cost = r.prompt + r.generated
        r.blocks = self._blocks_for(cost)
        self.free -= r.blocks
        r.skips = 0
        r.state = "running"
        self.batch.append(r)
        ran.append(r.id)
        return cost

    def finished(self):
        out = self.done[self.done_read:]
        self.done_read = len(self.done)
        return out

    def status(self, req_id):
        r = self.requests.get(req_id)
        return "unknown" if r is None else r.state

    def waiting(self):
        return len(self.queue)

    def running(self):
        return len(self.batch)

    def free_blocks(self):
        return self.free

    def preemptions(self):
        return self.preempted
