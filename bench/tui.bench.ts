/**
 * First frames of the TUI in a real pseudo-terminal, against a bare node start, in one run.
 * Targets (DESIGN §7, issue 3): the home screen close to a bare `node` start; history over
 * 1,000 sessions loaded and drawn in under 1 s.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBank } from '../src/adapters/fs-bank.js';
import { spawnTerminal } from '../test/e2e/terminal.js';
import { writeSessions } from './sessions.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'coach-bench-tui-'));
const env = { COACH_CONFIG_DIR: join(work, 'config'), COACH_CACHE_DIR: join(work, 'cache') };
const many = join(work, 'sessions-1000');
writeSessions(await loadBank(), many, 1000);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Milliseconds from spawning in a pty until the screen shows `ready`. */
async function toScreen(args: readonly string[], ready: RegExp, extraEnv: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const t = spawnTerminal({ command: process.execPath, args: [...args], cwd: root, env: { ...env, ...extraEnv } });
  try {
    await t.waitFor(ready, 20_000);
    return performance.now() - t0;
  } finally {
    await t.dispose();
  }
}

/** A bare `node -e 0` in the same kind of pseudo-terminal, spawn to exit: the yardstick. */
async function nodeE0(): Promise<number> {
  const t0 = performance.now();
  const t = spawnTerminal({ command: process.execPath, args: ['-e', '0'], cwd: root, env });
  await t.exited;
  const ms = performance.now() - t0;
  await t.dispose();
  return ms;
}

const runs = 7;
const base: number[] = [];
const home: number[] = [];
const homeLoaded: number[] = [];
const historyFirst: number[] = [];
const historyCold: number[] = [];
const historyWarm: number[] = [];
// Warm the bank cache and the OS file cache once, as a second start would find them.
await toScreen([cli, 'history'], /1000 sessions/, { COACH_SESSIONS_DIR: many });
for (let i = 0; i < runs; i++) {
  base.push(await nodeE0());
  home.push(await toScreen([cli], /Timed round/, { COACH_SESSIONS_DIR: join(work, 'empty') }));
  homeLoaded.push(await toScreen([cli], /History\s+h\s+1000 sessions/, { COACH_SESSIONS_DIR: many }));
  historyFirst.push(await toScreen([cli, 'history'], /History/, { COACH_SESSIONS_DIR: many }));
  historyWarm.push(await toScreen([cli, 'history'], /1000 sessions[\s\S]*❯ 2026/, { COACH_SESSIONS_DIR: many }));
  // No history index yet (the bank cache stays warm): every session file is read and validated.
  for (const f of readdirSync(join(work, 'cache')).filter((f) => f.startsWith('sessions-'))) rmSync(join(work, 'cache', f));
  historyCold.push(await toScreen([cli, 'history'], /1000 sessions[\s\S]*❯ 2026/, { COACH_SESSIONS_DIR: many }));
}
const nodeMs = median(base);
const rows: [string, string, string, string][] = [
  ['node -e 0 (spawn to exit)', `${nodeMs.toFixed(0)} ms`, '1.00x', ''],
  ['home screen, first frame', `${median(home).toFixed(0)} ms`, `${(median(home) / nodeMs).toFixed(2)}x`, ''],
  ['home screen with 1,000 sessions counted', `${median(homeLoaded).toFixed(0)} ms`, `${(median(homeLoaded) / nodeMs).toFixed(2)}x`, ''],
  ['history, first frame', `${median(historyFirst).toFixed(0)} ms`, `${(median(historyFirst) / nodeMs).toFixed(2)}x`, ''],
  ['history, 1,000 sessions listed (index warm)', `${median(historyWarm).toFixed(0)} ms`, `${(median(historyWarm) / nodeMs).toFixed(2)}x`, median(historyWarm) < 1000 ? 'ok (< 1 s)' : 'MISS (< 1 s)'],
  ['history, 1,000 sessions listed (no index)', `${median(historyCold).toFixed(0)} ms`, `${(median(historyCold) / nodeMs).toFixed(2)}x`, median(historyCold) < 1000 ? 'ok (< 1 s)' : 'MISS (< 1 s)'],
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['measure', 'median', 'vs node -e 0', 'target'][i]?.length ?? 0));
const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(`\nTUI first frames (median of ${runs}, spawn to text on an 80x24 pseudo-terminal)`);
console.log(line(['measure', 'median', 'vs node -e 0', 'target']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
rmSync(work, { recursive: true, force: true });
