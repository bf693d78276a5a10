/**
 * A wait the user would otherwise sit through in silence, said on stderr: one line rewritten in
 * place each second on a terminal; off a terminal, a line for each new step and every ten seconds.
 * Stdout stays the report alone, so `--json` output is never mixed with it.
 */
export interface WaitLine {
  /** Replaces what the line says; the seconds are added by the line itself. */
  say(text: string): void;
  /** Clears the line (on a terminal) and, if given, leaves one final line. */
  stop(last?: string): void;
}

export function waitLine(first: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): WaitLine {
  const tty = stream.isTTY === true;
  const started = now();
  let text = first;
  const line = (): string => `coach: ${text} ${Math.floor((now() - started) / 1000)} s`;
  const draw = (): void => {
    stream.write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
  };
  draw();
  const timer = setInterval(draw, tty ? 1000 : 10_000);
  timer.unref();
  let stopped = false;
  return {
    say(next: string): void {
      if (next === text || stopped) return;
      // Off a terminal, a new step gets its own line; a new percentage of the same step waits for the next tick.
      const newStep = next.split('…')[0] !== text.split('…')[0];
      text = next;
      if (tty || newStep) draw();
    },
    stop(last?: string): void {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (tty) stream.write('\r\x1b[K');
      if (last !== undefined) stream.write(`coach: ${last}\n`);
    },
  };
}
