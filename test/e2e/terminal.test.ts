import { constants } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys, ptyUnavailableReason, spawnTerminal, splitKeystrokes } from './terminal.js';
import type { PtyTerminal } from './terminal.js';

if (ptyUnavailableReason !== undefined) console.warn(`skipping pseudo-terminal tests: ${ptyUnavailableReason}`);

const started: PtyTerminal[] = [];

/** Runs a Node one-liner in a fresh pseudo-terminal that is disposed after the test. */
function node(script: string, size: { cols?: number; rows?: number } = {}, env?: Record<string, string>): PtyTerminal {
  const terminal = spawnTerminal({ command: process.execPath, args: ['-e', script], ...size, ...(env ? { env } : {}) });
  started.push(terminal);
  return terminal;
}

/** Echoes each read from raw-mode stdin as one JSON line, so a test sees how keystrokes were chunked. */
const ECHO_KEYS = `
process.stdin.setRawMode(true);
process.stdin.on('data', (chunk) => {
  const text = String(chunk);
  process.stdout.write(JSON.stringify(text) + '\\n');
  if (text === 'q') process.exit(0);
});
process.stdout.write('ready\\n');
`;

afterEach(async () => {
  await Promise.all(started.splice(0).map((terminal) => terminal.dispose()));
  vi.unstubAllEnvs();
});

describe('splitKeystrokes', () => {
  it('keeps escape sequences and astral characters whole', () => {
    expect(splitKeystrokes(`aé😀${keys.up}${keys.delete}${keys.esc}x${keys.enter}`)).toEqual([
      'a',
      'é',
      '😀',
      keys.up,
      keys.delete,
      `${keys.esc}x`,
      keys.enter,
    ]);
  });
});

describe.skipIf(ptyUnavailableReason !== undefined)('pseudo-terminal harness', () => {
  it('type() delivers each keystroke as its own read, write() as one', async () => {
    const terminal = node(ECHO_KEYS);
    await terminal.waitFor('ready');

    await terminal.type('ab');
    // A key that must arrive alone waits for the echo of the one before (see type()): under load
    // the program can read "b" and the arrow together otherwise.
    await terminal.waitFor('"b"');
    await terminal.type(keys.up);
    await terminal.waitFor('"\\u001b[A"');
    terminal.write('xy');
    await terminal.waitFor('"xy"');
    expect(terminal.screen().split('\n').slice(0, 5)).toEqual(['ready', '"a"', '"b"', '"\\u001b[A"', '"xy"']);

    await terminal.type('q');
    await expect(terminal.exited).resolves.toEqual({ exitCode: 0 });
  });

  it('screen() shows cursor-positioned output where the cursor put it', async () => {
    const terminal = node(String.raw`process.stdout.write('\u001b[2J\u001b[5;10Hhello\u001b[1;1Htop')`);
    await terminal.exited;
    const rows = terminal.screen().split('\n');
    expect(rows).toHaveLength(24);
    expect(rows[0]).toBe('top');
    expect(rows[4]).toBe(`${' '.repeat(9)}hello`);
  });

  it('answers terminal queries such as the cursor position, as a real terminal does', async () => {
    const terminal = node(
      `process.stdin.setRawMode(true);
       process.stdin.once('data', (reply) => { console.log(JSON.stringify(String(reply))); process.exit(0); });
       process.stdout.write('\\u001b[3;5H\\u001b[6n');`,
    );
    await expect(terminal.waitFor('"\\u001b[3;5R"')).resolves.toContain('"\\u001b[3;5R"');
  });

  it('resize() reaches the program as a new size and resizes the screen', async () => {
    const terminal = node(
      `const size = () => console.log('size ' + process.stdout.columns + 'x' + process.stdout.rows);
       process.stdout.on('resize', size); size(); setInterval(() => {}, 1000);`,
    );
    await terminal.waitFor('size 80x24');
    terminal.resize(100, 30);
    await terminal.waitFor('size 100x30');
    expect(terminal.screen().split('\n')).toHaveLength(30);
  });

  it('kill() ends the program and exited reports the signal', async () => {
    const terminal = node(`console.log('running'); setInterval(() => {}, 1000);`);
    await terminal.waitFor('running');
    terminal.kill('SIGKILL');
    await expect(terminal.exited).resolves.toMatchObject({ signal: constants.signals.SIGKILL });
  });

  it('waitFor() fails on timeout with the screen in the message', async () => {
    const terminal = node(`console.log('hello there'); setInterval(() => {}, 1000);`);
    await terminal.waitFor(/hello/);
    await expect(terminal.waitFor('goodbye', 50)).rejects.toThrow(
      /waitFor "goodbye" did not hold within 50 ms\nscreen \(80x24\):\n-+\nhello there\n-+$/,
    );
  });

  it('waitFor() fails as soon as the program exits without showing the text', async () => {
    const terminal = node(`console.log('bye'); process.exitCode = 3;`);
    await expect(terminal.waitFor('never', 5_000)).rejects.toThrow(/exited \(code 3\)[\s\S]*\nbye\n/);
  });

  it('gives the program a colour terminal and only the environment it was given', async () => {
    vi.stubEnv('FORCE_COLOR', '1');
    vi.stubEnv('CI', 'true');
    const terminal = node(
      `console.log(JSON.stringify([process.stdout.isTTY, process.env.TERM, process.env.FORCE_COLOR ?? null, process.env.CI ?? null, process.env.COACH_TEST]))`,
      { cols: 120 },
      { COACH_TEST: 'passed' },
    );
    await terminal.exited;
    expect(terminal.screen().split('\n')[0]).toBe('[true,"xterm-256color",null,null,"passed"]');
  });
});
