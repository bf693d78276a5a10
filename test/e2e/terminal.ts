/**
 * A real pseudo-terminal for end-to-end tests: the program runs under node-pty exactly as it
 * would in a person's terminal (isTTY, raw mode, SIGWINCH), and its output is parsed by a
 * headless xterm so tests read the screen a person would see, not the raw escape codes.
 */
import xterm from '@xterm/headless';
import type { IPty } from 'node-pty';

// @xterm/headless is CommonJS whose exports Node's ESM loader cannot detect, so only the default import works.
const { Terminal: Xterm } = xterm;

type NodePty = typeof import('node-pty');

/** node-pty is a native addon; loaded lazily so a missing build skips e2e tests instead of crashing the suite. */
const loadedPty: NodePty | Error = await import('node-pty').then(
  // Vitest hands the CommonJS exports over as `default`; tsx (the benchmarks) as the namespace itself.
  (module) => ((module as { default?: NodePty }).default ?? (module as unknown as NodePty)),
  (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
);

/** Why pseudo-terminal tests cannot run here, or undefined when they can; pass to `describe.skipIf`. */
export const ptyUnavailableReason: string | undefined =
  loadedPty instanceof Error ? `node-pty could not be loaded: ${loadedPty.message}` : undefined;

import { keys } from '../keys.js';

export { keys };

export interface SpawnOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Added to PATH and HOME; nothing else is inherited from the test runner (see `childEnv`). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cols?: number;
  readonly rows?: number;
}

export interface Exit {
  readonly exitCode: number;
  /** The signal number that ended the program, when one did. */
  readonly signal?: number;
}

export interface TypeOptions {
  /** Longest wait for the program to answer one keystroke before the next is sent. */
  readonly maxKeyGapMs?: number;
}

export type ScreenPredicate = RegExp | string | ((screen: string) => boolean);

export interface PtyTerminal {
  readonly pid: number;
  readonly keys: typeof keys;
  /** Resolves once the program has exited and all of its output is on the screen. */
  readonly exited: Promise<Exit>;
  /** Sends raw bytes at once, as a paste would arrive (one read for the program). */
  write(data: string): void;
  /** Sends text one keystroke at a time (escape sequences kept whole), as a person types. */
  type(text: string, options?: TypeOptions): Promise<void>;
  /** The visible screen: one line per row, trailing spaces trimmed, rows joined by '\n'. */
  screen(): string;
  /** Resolves with the screen once the predicate holds; rejects with the screen on timeout or exit. */
  waitFor(predicate: ScreenPredicate, timeoutMs?: number): Promise<string>;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  /** Kills the program if it still runs, waits for it, and frees the emulator. */
  dispose(): Promise<void>;
}

/** A terminal's keystroke: one escape sequence (CSI, SS3 or Alt+key) or one code point. */
const KEYSTROKE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|O[@-~]|[\s\S])?|[\s\S]/gu;

export function splitKeystrokes(text: string): string[] {
  return text.match(KEYSTROKE) ?? [];
}

/**
 * The program's environment is built, not inherited: FORCE_COLOR, NO_COLOR or CI from the test
 * runner would change what the program draws (Ink renders only the last frame when CI is set).
 */
function childEnv(extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME'] as const) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, TERM: 'xterm-256color', ...extra };
}

function describePredicate(predicate: ScreenPredicate): string {
  if (typeof predicate === 'string') return JSON.stringify(predicate);
  if (predicate instanceof RegExp) return String(predicate);
  return predicate.name === '' ? 'predicate' : predicate.name;
}

function holds(predicate: ScreenPredicate, screen: string): boolean {
  if (typeof predicate === 'string') return screen.includes(predicate);
  // search() ignores lastIndex, so a /g regex gives the same answer on every check.
  if (predicate instanceof RegExp) return screen.search(predicate) !== -1;
  return predicate(screen);
}

/** The screen framed for an error message, trailing blank rows dropped so the message stays short. */
function framed(screen: string, cols: number, rows: number): string {
  const rule = '-'.repeat(Math.min(cols, 40));
  return `screen (${cols}x${rows}):\n${rule}\n${screen.replace(/\n+$/, '')}\n${rule}`;
}

export function spawnTerminal(options: SpawnOptions): PtyTerminal {
  if (loadedPty instanceof Error) throw new Error(ptyUnavailableReason);
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  // @xterm/headless guards `buffer`, which screen() reads, behind the proposed-API flag.
  const emulator = new Xterm({ cols, rows, allowProposedApi: true });
  const child: IPty = loadedPty.spawn(options.command, [...options.args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? process.cwd(),
    env: childEnv(options.env),
  });

  /** Called after each chunk of output has been parsed, and once after exit. */
  const onScreenChange = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...onScreenChange]) listener();
  };
  let disposed = false;
  let exit: Exit | undefined;

  child.onData((data) => {
    if (disposed) return;
    // The callback runs once xterm has parsed the chunk, so the buffer shows it.
    emulator.write(data, notify);
  });
  // Replies to the program's terminal queries (cursor position, device attributes), as a real terminal would.
  const replies = emulator.onData((data) => {
    if (exit === undefined) child.write(data);
  });

  const exited = new Promise<Exit>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      const result: Exit = signal === undefined || signal === 0 ? { exitCode } : { exitCode, signal };
      const settle = (): void => {
        exit = result;
        resolve(result);
        notify();
      };
      // An empty write completes after every earlier chunk, so the final frame is on screen first.
      emulator.write('', settle);
    });
  });

  const screen = (): string => {
    const buffer = emulator.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < emulator.rows; row++) {
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  };

  /** Resolves at the next parsed output or after `ms`, whichever is first. */
  const nextOutputOr = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        onScreenChange.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      onScreenChange.add(done);
    });

  function waitFor(predicate: ScreenPredicate, timeoutMs = 10_000): Promise<string> {
    // Created here, minus this frame, so the stack points at the test's waitFor call, not at a timer.
    const failure = new Error();
    Error.captureStackTrace(failure, waitFor);
    return new Promise<string>((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        onScreenChange.delete(check);
      };
      const fail = (reason: string): void => {
        stop();
        failure.message = `waitFor ${describePredicate(predicate)} ${reason}\n${framed(screen(), emulator.cols, emulator.rows)}`;
        reject(failure);
      };
      function check(): void {
        const current = screen();
        if (holds(predicate, current)) {
          stop();
          resolve(current);
        } else if (exit !== undefined) {
          const by = exit.signal === undefined ? `code ${exit.exitCode}` : `signal ${exit.signal}`;
          fail(`can no longer hold: the program exited (${by})`);
        }
      }
      const timer = setTimeout(() => fail(`did not hold within ${timeoutMs} ms`), timeoutMs);
      onScreenChange.add(check);
      check();
    });
  }

  return {
    pid: child.pid,
    keys,
    exited,
    write(data) {
      child.write(data);
    },
    async type(text, { maxKeyGapMs = 20 } = {}) {
      // Bytes written before the program reads are delivered as one chunk, and Ink parses a chunk
      // like "a\r" as one input (no Enter). Nothing outside the program shows when it has read, so
      // each keystroke waits for the program's answer on screen or, if it draws nothing, a short gap.
      // Output drawn late for an earlier key can let the next through early, so before a key that
      // must arrive alone (Enter after text), waitFor the text first when the program echoes it.
      for (const key of splitKeystrokes(text)) {
        if (exit !== undefined) {
          throw new Error(`type: the program exited (code ${exit.exitCode}) before ${JSON.stringify(key)} was sent`);
        }
        const answered = nextOutputOr(maxKeyGapMs);
        child.write(key);
        await answered;
      }
    },
    screen,
    waitFor,
    resize(newCols, newRows) {
      emulator.resize(newCols, newRows);
      // The pty resize sends SIGWINCH; a program that has exited has no pty left to resize.
      if (exit === undefined) child.resize(newCols, newRows);
    },
    kill(signal) {
      if (exit === undefined) child.kill(signal);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (exit === undefined) child.kill('SIGKILL');
      await exited;
      onScreenChange.clear();
      replies.dispose();
      emulator.dispose();
    },
  };
}
