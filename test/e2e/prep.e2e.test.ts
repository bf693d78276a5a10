/**
 * The five preparation drills, each started from the home screen in a real terminal as a person
 * would: p, then its number; one answer typed and graded with its problems and the strong answer
 * shown; left; saved in history with its kind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/schemas/session.js';
import { DRILL_NAMES, PREP_KINDS } from '../../src/schemas/constants.js';
import { CLI, ROOT, runCli } from '../helpers.js';
import { keys, ptyUnavailableReason, spawnTerminal, type PtyTerminal } from './terminal.js';

if (ptyUnavailableReason !== undefined) console.warn(`skipping the real-terminal tests: ${ptyUnavailableReason}`);

let dir: string;
let env: Record<string, string>;
const started: PtyTerminal[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coach-e2e-prep-'));
  env = { COACH_SESSIONS_DIR: join(dir, 'sessions'), COACH_CONFIG_DIR: join(dir, 'config'), COACH_CACHE_DIR: join(dir, 'cache') };
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

/** An answer of the drill's kind, half-right at best: enough to see the verdict and the problems. */
const ANSWERS: Readonly<Record<(typeof PREP_KINDS)[number], string>> = {
  numbers: 'about 123456 years',
  scripts: 'Add more GPUs first, then look at the dashboards.',
  'first-questions': 'Which GPU do we run on? Which model? What latency do users tolerate?',
  triage: 'I would start root-causing by reading the logs.',
  story: 'A deploy broke things once and we fixed it.',
};

describe.skipIf(ptyUnavailableReason !== undefined)('the preparation drills from home', () => {
  it('starts each of the five from home, grades an answer with its problems, and saves it in history by kind', async () => {
    const t = spawnTerminal({ command: process.execPath, args: [CLI], cwd: ROOT, env, cols: 100, rows: 30 });
    started.push(t);
    await t.waitFor('Interview prep');
    for (const [i, kind] of PREP_KINDS.entries()) {
      t.write('p');
      await t.waitFor((s) => s.includes('Failure story drill') && s.includes('1-5 jump'));
      t.write(String(i + 1));
      await t.waitFor((s) => s.includes(DRILL_NAMES[kind]) && s.includes('Enter submit'));
      t.write(ANSWERS[kind]);
      await t.waitFor((s) => s.replace(/\s+/g, ' ').includes(ANSWERS[kind].slice(-10)));
      t.write(keys.enter);
      const review = await t.waitFor((s) => s.includes('What a strong answer says') || s.includes('You: '));
      expect(review).toMatch(/[✓✗] /);
      t.write(keys.esc);
      await t.waitFor('Leave this drill?');
      t.write('y');
      await t.waitFor('Timed round');
    }
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);

    const sessions = readdirSync(join(dir, 'sessions'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, 'sessions', f), 'utf8')) as Session);
    expect(sessions.map((s) => s.settings.variant).sort()).toEqual([...PREP_KINDS].sort());
    for (const s of sessions) {
      expect(s.drill).toHaveLength(1);
      expect(s.drill[0]?.answer).toBe(ANSWERS[s.settings.variant as (typeof PREP_KINDS)[number]]);
    }
    // The numbers answer is off by far more than the tolerance: it is saved with the worked arithmetic.
    const numbers = sessions.find((s) => s.settings.variant === 'numbers');
    expect(numbers?.drill[0]?.correct).toBe(false);
    expect(numbers?.drill[0]?.problems?.[0]).toMatch(/it is .*\./);
    expect(runCli(['history'], undefined, env).status).toBe(0);
  });
});
