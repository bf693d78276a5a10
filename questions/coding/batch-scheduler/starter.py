# Continuous-batching scheduler. Run the visible tests with `t` in coach, submit with `s`.


class BatchScheduler:
    def __init__(self, token_budget, num_blocks, block_size, max_skips):
        """A prefill budget per step, a KV cache of num_blocks blocks of block_size tokens, and how often a head may be overtaken."""
        pass

    def submit(self, req_id, prompt_tokens, max_new_tokens):
        """Queue a request at the back; False for a repeated id or one that could never run to the end."""
        raise NotImplementedError("submit is not written yet")

    def step(self):
        """One iteration: decode (preempting the newest if blocks run out), then admit; the ids that ran."""
        raise NotImplementedError("step is not written yet")

    def finished(self):
        """Ids finished since the previous call, in finishing order."""
        raise NotImplementedError("finished is not written yet")

    def status(self, req_id):
        """The state: "waiting", "running", "finished" or "unknown"."""
        raise NotImplementedError("status is not written yet")

    def waiting(self):
        """Requests waiting, preempted ones included."""
        raise NotImplementedError("waiting is not written yet")

    def running(self):
        """Sequences running now."""
        raise NotImplementedError("running is not written yet")

    def free_blocks(self):
        """Free KV blocks now."""
        raise NotImplementedError("free_blocks is not written yet")

    def preemptions(self):
        """Preemptions so far."""
        raise NotImplementedError("preemptions is not written yet")
