/**
 * Fault injection in a real terminal: the TUI is typed into, sometimes submits, and is sent
 * SIGTERM, SIGHUP or SIGKILL at a random moment. After each run the session file must hold every
 * character typed before SIGTERM/SIGHUP, all but at most 1.5 s of typing before SIGKILL, and every
 * answer whose grade was on screen. `npm test` runs a few; `npm run soak` runs 200 (SOAK_RUNS).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/schemas/session.js';
import { CLI, ROOT } from '../helpers.js';
import { keys, ptyUnavailableReason, spawnTerminal } from './terminal.js';

const RUNS = Number(process.env['SOAK_RUNS'] ?? 6);
const SEED = Number(process.env['SOAK_SEED'] ?? Date.now() % 100_000);
/** The most typing SIGKILL may cost: the autosave runs every second. */
const KILL_LOSS_MS = 1500;

function seeded(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const root = mkdtempSync(join(tmpdir(), 'coach-soak-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const WORDS = 'queue delay prefill decode p95 TTFT KV cache batch tenant canary rollback shed'.split(' ');

interface Outcome {
  readonly signal: 'SIGTERM' | 'SIGHUP' | 'SIGKILL';
  /** What the session file holds of the text being typed when the signal came. */
  readonly saved: string;
  readonly typed: string;
  /** For SIGKILL: how long before the kill the saved prefix had been typed. */
  readonly lostMs: number;
  readonly submitted: readonly string[];
  readonly answers: readonly string[];
}

async function oneRun(run: number, random: () => number): Promise<Outcome> {
  const dir = join(root, `run-${run}`);
  const env = { COACH_SESSIONS_DIR: join(dir, 'sessions'), COACH_CONFIG_DIR: join(dir, 'config'), COACH_CACHE_DIR: join(root, 'cache') };
  const t = spawnTerminal({ command: process.execPath, args: [CLI, 'round', '--question', 'q23', '--questions', '1'], cwd: ROOT, env, cols: 100, rows: 30 });
  try {
    await t.waitFor('Interviewer:', 20_000);
    const submitted: string[] = [];
    // Half the runs submit a first answer and are killed while typing a follow-up.
    if (random() < 0.5) {
      const first = `First answer ${run}: queue delay, then prefill and decode per stage.`;
      t.write(first);
      await t.waitFor((s) => s.replace(/\n\s*/g, ' ').includes(`${run}: queue delay`));
      t.write(keys.ctrlD);
      await t.waitFor('Enter answer the follow-up', 20_000);
      submitted.push(first);
      t.write(keys.enter);
      await t.waitFor('follow-up on');
    }
    const signal = (['SIGTERM', 'SIGHUP', 'SIGKILL'] as const)[Math.floor(random() * 3)] ?? 'SIGKILL';
    const typingMs = 300 + random() * 2500;
    const log: { at: number; text: string }[] = [];
    let typed = '';
    const start = Date.now();
    while (Date.now() - start < typingMs) {
      const word = `${WORDS[Math.floor(random() * WORDS.length)] ?? 'x'} `;
      t.write(word);
      typed += word;
      log.push({ at: Date.now(), text: typed });
      await new Promise((resolve) => setTimeout(resolve, 20 + random() * 60));
    }
    // A person's last keystrokes: for SIGTERM/SIGHUP wait until they are on screen (the program has
    // them), so every one must be saved; SIGKILL comes at once.
    if (signal !== 'SIGKILL') {
      const tail = typed.trimEnd().slice(-12);
      await t.waitFor((s) => s.replace(/\n\s*/g, ' ').includes(tail));
    }
    const killedAt = Date.now();
    t.kill(signal);
    await t.exited;
    const files = readdirSync(join(dir, 'sessions')).filter((f) => f.endsWith('.json'));
    const session = JSON.parse(readFileSync(join(dir, 'sessions', files[0] ?? ''), 'utf8')) as Session;
    const q = session.questions[0];
    const saved = q?.draft?.text ?? '';
    const whole = log.findLast((l) => l.text === saved) ?? (saved === '' ? { at: start } : undefined);
    const lostMs = saved === typed ? 0 : whole === undefined ? Infinity : killedAt - whole.at;
    return { signal, saved, typed, lostMs, submitted, answers: q?.answers.map((a) => a.text) ?? [] };
  } finally {
    await t.dispose();
  }
}

describe.skipIf(ptyUnavailableReason !== undefined)('signals at random moments', () => {
  it(`loses nothing to SIGTERM or SIGHUP, at most ${KILL_LOSS_MS / 1000} s of typing to SIGKILL, and never a submitted answer (${RUNS} runs, seed ${SEED})`, async () => {
    const random = seeded(SEED);
    const outcomes: Outcome[] = [];
    for (let run = 0; run < RUNS; run++) {
      const o = await oneRun(run, random);
      outcomes.push(o);
      const label = `run ${run} (seed ${SEED}), ${o.signal}`;
      for (const answer of o.submitted) expect(o.answers, label).toContain(answer);
      if (o.signal === 'SIGKILL') expect(o.lostMs, `${label}: saved ${o.saved.length} of ${o.typed.length} characters`).toBeLessThanOrEqual(KILL_LOSS_MS);
      else expect(o.saved, label).toBe(o.typed);
    }
    const kills = outcomes.filter((o) => o.signal === 'SIGKILL');
    console.log(`soak: ${RUNS} runs, seed ${SEED}: ${RUNS - kills.length} SIGTERM/SIGHUP lost 0 characters; SIGKILL lost at most ${Math.max(0, ...kills.map((o) => o.lostMs))} ms of typing`);
  }, 60_000 + RUNS * 15_000);
});
