import { describe, expect, it } from 'vitest';
import { waitLine } from '../src/cli/progress.js';

/** A stand-in for process.stderr that keeps what was written. */
function stream(tty: boolean): NodeJS.WriteStream & { text: string } {
  const s = { text: '', isTTY: tty, write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('the wait line on stderr', () => {
  it('off a terminal, writes one line per step with the seconds, and a last line', () => {
    let now = 0;
    const err = stream(false);
    const wait = waitLine('loading the model…', err, () => now);
    wait.say('loading the model… 40%');
    now = 3000;
    wait.say('the model is checking 27 criteria…');
    wait.stop('The model checked 27 criteria and agrees on 25.');
    wait.stop();
    expect(err.text).toBe('coach: loading the model… 0 s\ncoach: the model is checking 27 criteria… 3 s\ncoach: The model checked 27 criteria and agrees on 25.\n');
  });

  it('on a terminal, rewrites one line in place and clears it at the end', () => {
    let now = 0;
    const err = stream(true);
    const wait = waitLine('loading the model…', err, () => now);
    now = 2000;
    wait.say('loading the model… 50%');
    wait.stop();
    expect(err.text).toBe('\rcoach: loading the model… 0 s\x1b[K\rcoach: loading the model… 50% 2 s\x1b[K\r\x1b[K');
  });
});
