/**
 * Runs a candidate's code where it can do no harm to coach (issue 16, the coding round): a child
 * process in a fresh temporary directory, with a wall-clock limit, a memory limit, a cap on what
 * it prints, and an environment that carries nothing of the user's (no tokens, no keys). Whatever
 * the code does (crash, loop forever, print without end, eat memory) the result is one line
 * saying so, and the caller keeps the code: nothing here deletes or rewrites the source it got.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, isAbsolute } from 'node:path';

export type RunLanguage = 'node' | 'python';

export interface RunLimits {
  /** Wall-clock time before the process group is killed. */
  readonly wallMs: number;
  /** Heap for Node (--max-old-space-size), address space for Python (ulimit -v). */
  readonly memoryMb: number;
  /** Bytes of stdout and stderr together before the process is killed. */
  readonly outputBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = { wallMs: 10_000, memoryMb: 256, outputBytes: 1024 * 1024 };

export type RunOutcome = 'ok' | 'failed' | 'timeout' | 'memory' | 'output' | 'crash';

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** What happened, in one line a user can read: "stopped after 5 s: it did not finish (an endless loop?)". */
  readonly line: string;
}

export interface RunRequest {
  readonly language: RunLanguage;
  /** Relative path → contents; written into a fresh directory that is removed afterwards. */
  readonly files: Readonly<Record<string, string>>;
  /** The file to run, one of `files`. */
  readonly entry: string;
  readonly stdin?: string;
  readonly limits?: Partial<RunLimits>;
}

/** Only what a program needs to start: no variable of the user's reaches the candidate's code. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, LANG: 'C.UTF-8', NODE_OPTIONS: '', PYTHONDONTWRITEBYTECODE: '1' };
}

function inside(dir: string, file: string): string {
  const path = join(dir, file);
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${file} is not a path inside the run directory`);
  return path;
}

/** The first line of an error worth showing: the exception itself, not the stack under it. */
function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const error = lines.find((l) => /^(?:[A-Z]\w*(?:Error|Exception)|Error)\b.*:/.test(l)) ?? lines.find((l) => /Error|Exception/.test(l)) ?? lines.at(-1) ?? '';
  return error.length > 200 ? `${error.slice(0, 199)}…` : error;
}

function describe(outcome: RunOutcome, limits: RunLimits, exitCode: number | null, stderr: string): string {
  switch (outcome) {
    case 'ok':
      return 'ran and exited cleanly';
    case 'failed':
      return `exited with code ${exitCode ?? '?'}${firstErrorLine(stderr) === '' ? '' : `: ${firstErrorLine(stderr)}`}`;
    case 'timeout':
      return `stopped after ${(limits.wallMs / 1000).toFixed(limits.wallMs % 1000 === 0 ? 0 : 1)} s: it did not finish (an endless loop, or far too slow)`;
    case 'memory':
      return `stopped: it used more than ${limits.memoryMb} MB of memory`;
    case 'output':
      return `stopped: it printed more than ${Math.round(limits.outputBytes / 1024)} KB`;
    case 'crash':
      return `crashed${firstErrorLine(stderr) === '' ? '' : `: ${firstErrorLine(stderr)}`}`;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

const OUT_OF_MEMORY = /heap out of memory|JavaScript heap|MemoryError|Cannot allocate memory|std::bad_alloc/;

/** Runs the code once; never throws for anything the code does, only for a request that cannot be run at all. */
export async function runIsolated(request: RunRequest): Promise<RunResult> {
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...request.limits };
  const dir = await mkdtemp(join(tmpdir(), 'coach-run-'));
  try {
    for (const [file, text] of Object.entries(request.files)) {
      const path = inside(dir, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
    const entry = inside(dir, request.entry);
    const [command, args] =
      request.language === 'node'
        ? [process.execPath, [`--max-old-space-size=${limits.memoryMb}`, '--stack-size=984', entry]]
        : // ulimit -v is in KiB of address space, and Python's own start needs some of it. Where the
          // shell cannot set it (macOS), Python runs without a memory limit; the clock still holds.
          ['/bin/sh', ['-c', `ulimit -v ${(limits.memoryMb + 64) * 1024} 2>/dev/null; exec python3 -B "$0"`, entry]];
    const started = performance.now();
    return await new Promise<RunResult>((resolve) => {
      // Its own process group, so a kill takes whatever it started too.
      const child = spawn(command, args, { cwd: dir, env: cleanEnv(dir), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let bytes = 0;
      let stopped: RunOutcome | undefined;
      const kill = (why: RunOutcome): void => {
        if (stopped !== undefined) return;
        stopped = why;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => kill('timeout'), limits.wallMs);
      const take = (chunk: Buffer, into: 'out' | 'err'): void => {
        bytes += chunk.length;
        if (bytes > limits.outputBytes) {
          kill('output');
          return;
        }
        if (into === 'out') stdout += chunk.toString('utf8');
        else stderr += chunk.toString('utf8');
      };
      child.stdout.on('data', (c: Buffer) => take(c, 'out'));
      child.stderr.on('data', (c: Buffer) => take(c, 'err'));
      child.stdin.on('error', () => undefined);
      child.stdin.end(request.stdin ?? '');
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
        clearTimeout(timer);
        const ms = performance.now() - started;
        let outcome: RunOutcome;
        if (stopped !== undefined) outcome = stopped;
        else if (spawnError !== undefined) outcome = 'crash';
        else if (OUT_OF_MEMORY.test(stderr)) outcome = 'memory';
        else if (signal !== null) outcome = 'crash';
        else outcome = exitCode === 0 ? 'ok' : 'failed';
        const err = spawnError === undefined ? stderr : `${stderr}\nError: ${spawnError.message}`;
        resolve({ outcome, exitCode, stdout, stderr: err, ms, line: describe(outcome, limits, exitCode, err) });
      };
      child.on('error', (e) => finish(null, null, e));
      child.on('close', (code, signal) => finish(code, signal));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
