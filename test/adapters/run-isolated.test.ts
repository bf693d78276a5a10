/**
 * The coding round's runner: whatever a candidate's code does, coach gets one line back and keeps
 * going, and the code never sees the user's environment.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runIsolated } from '../../src/adapters/coding/run-isolated.js';

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPython) console.warn('skipping the Python runner tests: python3 is not on this machine');

describe('running a candidate\'s Node code', () => {
  it('runs it in a directory of its own, with stdin, and returns what it printed', async () => {
    const r = await runIsolated({ language: 'node', files: { 'solution.js': 'module.exports = (a, b) => a + b;', 'main.js': "const add = require('./solution.js'); let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => console.log(add(...s.trim().split(' ').map(Number))));" }, entry: 'main.js', stdin: '2 40' });
    expect(r).toMatchObject({ outcome: 'ok', exitCode: 0, stdout: '42\n', line: 'ran and exited cleanly' });
  });

  it('stops an endless loop at the wall-clock limit and says so in one line', async () => {
    const started = Date.now();
    const r = await runIsolated({ language: 'node', files: { 'main.js': 'for (;;) {}' }, entry: 'main.js', limits: { wallMs: 1500 } });
    expect(r.outcome).toBe('timeout');
    expect(r.line).toBe('stopped after 1.5 s: it did not finish (an endless loop, or far too slow)');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('kills what the code started too: a child process it spawned does not outlive the limit', async () => {
    const code = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setTimeout(() => { for (;;) {} }, 100);";
    const r = await runIsolated({ language: 'node', files: { 'main.js': code }, entry: 'main.js', limits: { wallMs: 1500 } });
    expect(r.outcome).toBe('timeout');
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Gone, or a zombie waiting to be reaped (a container's init may never reap it): either way not running.
    let state = '';
    try {
      state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    } catch {
      state = '';
    }
    expect(state === '' || state.startsWith('Z')).toBe(true);
  });

  it('reports a thrown error by its message, not its stack', async () => {
    const r = await runIsolated({ language: 'node', files: { 'main.js': "function f(x) { return x.tokens.length; }\nf(undefined);" }, entry: 'main.js' });
    expect(r.outcome).toBe('failed');
    expect(r.line).toMatch(/^exited with code 1: TypeError: Cannot read properties of undefined \(reading 'tokens'\)$/);
  });

  it('stops output without end at the cap', async () => {
    const r = await runIsolated({ language: 'node', files: { 'main.js': "for (;;) process.stdout.write('x'.repeat(65536));" }, entry: 'main.js', limits: { outputBytes: 200_000 } });
    expect(r.outcome).toBe('output');
    expect(r.line).toBe('stopped: it printed more than 195 KB');
    expect(r.stdout.length).toBeLessThanOrEqual(200_000);
  });

  it('stops code that eats memory at its memory limit', async () => {
    const r = await runIsolated({ language: 'node', files: { 'main.js': 'const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random()));' }, entry: 'main.js', limits: { memoryMb: 64, wallMs: 30_000 } });
    expect(r.outcome).toBe('memory');
    expect(r.line).toBe('stopped: it used more than 64 MB of memory');
  }, 40_000);

  it('gives the code none of the user\'s environment', async () => {
    process.env['COACH_TEST_SECRET'] = 'hunter2';
    try {
      const r = await runIsolated({ language: 'node', files: { 'main.js': 'console.log(JSON.stringify(process.env));' }, entry: 'main.js' });
      expect(r.stdout).not.toContain('hunter2');
      expect(Object.keys(JSON.parse(r.stdout) as object).sort()).toEqual(['HOME', 'LANG', 'NODE_OPTIONS', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'TMPDIR']);
    } finally {
      delete process.env['COACH_TEST_SECRET'];
    }
  });

  it('refuses a file name that would reach outside its directory', async () => {
    await expect(runIsolated({ language: 'node', files: { '../escape.js': '1' }, entry: '../escape.js' })).rejects.toThrow(/not a path inside the run directory/);
  });
});

describe.skipIf(!hasPython)("running a candidate's Python code", () => {
  it('runs it and reports an exception by its message', async () => {
    const ok = await runIsolated({ language: 'python', files: { 'main.py': 'print(sum([1, 2, 39]))' }, entry: 'main.py' });
    expect(ok).toMatchObject({ outcome: 'ok', stdout: '42\n' });
    const bad = await runIsolated({ language: 'python', files: { 'main.py': 'def f(x):\n    return x["tokens"]\nf(None)\n' }, entry: 'main.py' });
    expect(bad.outcome).toBe('failed');
    expect(bad.line).toBe("exited with code 1: TypeError: 'NoneType' object is not subscriptable");
  });

  it('stops an endless loop and a memory eater', async () => {
    expect((await runIsolated({ language: 'python', files: { 'main.py': 'while True: pass' }, entry: 'main.py', limits: { wallMs: 1000 } })).outcome).toBe('timeout');
    const mem = await runIsolated({ language: 'python', files: { 'main.py': 'keep = []\nwhile True: keep.append(bytearray(10**6))' }, entry: 'main.py', limits: { memoryMb: 64, wallMs: 20_000 } });
    expect(mem.outcome).toBe('memory');
  }, 30_000);
});
