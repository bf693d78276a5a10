/**
 * Two coaches on one sessions directory, each in its own real terminal, taking turns to start
 * rounds while the other one runs. Every scripted session: one coach starts a round, answers, and
 * types a draft of its follow-up; the other opens home, is told that round is open in the first
 * coach (with its pid) and cannot resume it, then runs its own round at the same time; both leave.
 * At the end every answer and draft is in the session it was typed in, and no session holds
 * another's words. `npm test` runs 6 sessions; `npm run soak` runs 100 (SOAK_SESSIONS).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/schemas/session.js';
import { CLI, ROOT } from '../helpers.js';
import { keys, ptyUnavailableReason, spawnTerminal, type PtyTerminal } from './terminal.js';

/** Sessions in all, two per turn. */
const SESSIONS = Math.max(2, Number(process.env['SOAK_SESSIONS'] ?? 6));
const TURNS = Math.ceil(SESSIONS / 2);

const root = mkdtempSync(join(tmpdir(), 'coach-two-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = { COACH_SESSIONS_DIR: join(root, 'sessions'), COACH_CONFIG_DIR: join(root, 'config'), COACH_CACHE_DIR: join(root, 'cache') };

const REVIEWED = /Enter (answer the follow-up|next question|finish the round)/;
const HOME = (s: string): boolean => s.includes('Timed round') && !s.includes('Looking for unfinished sessions');

/** Pastes one line and waits until its end is on screen. */
async function paste(t: PtyTerminal, line: string): Promise<void> {
  t.write(line);
  const tail = line.slice(-14);
  await t.waitFor((s) => s.replace(/\n\s*/g, ' ').includes(tail), 20_000);
}

function answerText(turn: number, who: string): string {
  return `Turn ${turn} by ${who}: split p95 TTFT into queue delay, prefill and decode, then roll back if it stays over 2 s for 10 minutes.`;
}

function draftText(turn: number, who: string): string {
  return `Draft ${turn} by ${who}: shed the free tier first.`;
}

/** From home: a round, one answer submitted, a follow-up draft typed; the session stays open. */
async function startAndAnswer(t: PtyTerminal, turn: number, who: string): Promise<void> {
  t.write('t');
  await t.waitFor((s) => s.includes('Interviewer:') && s.includes('Ctrl+D'), 20_000);
  await paste(t, answerText(turn, who));
  t.write(keys.ctrlD);
  await t.waitFor(REVIEWED, 20_000);
  t.write(keys.enter);
  await t.waitFor('follow-up on', 20_000);
  await paste(t, draftText(turn, who));
}

/** Leaves a round with its draft saved, back to home. */
async function leave(t: PtyTerminal): Promise<void> {
  t.write(keys.esc);
  await t.waitFor('Leave the round?', 20_000);
  t.write('y');
  await t.waitFor(HOME, 20_000);
}

function sessions(): Session[] {
  const dir = join(root, 'sessions');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Session);
}

/** Every text a session holds: its answers and its drafts. */
function textsOf(s: Session): string[] {
  return s.questions.flatMap((q) => [...q.answers.map((a) => a.text), ...(q.draft === undefined ? [] : [q.draft.text])]);
}

describe.skipIf(ptyUnavailableReason !== undefined)('two coaches on one sessions directory', () => {
  it(`${TURNS * 2} scripted sessions: nothing overwritten, and the second coach is told why it cannot resume`, async () => {
    const coaches = ['A', 'B'].map((name) => ({ name, t: spawnTerminal({ command: process.execPath, args: [CLI], cwd: ROOT, env, cols: 100, rows: 30 }) }));
    try {
      for (const c of coaches) await c.t.waitFor(HOME, 20_000);
      for (let turn = 0; turn < TURNS; turn++) {
        const [first, second] = turn % 2 === 0 ? [coaches[0], coaches[1]] : [coaches[1], coaches[0]];
        if (first === undefined || second === undefined) throw new Error('two coaches');
        await startAndAnswer(first.t, turn, first.name);
        // Home is read when it opens: through history and back, as a person would look again.
        second.t.write('h');
        await second.t.waitFor('History ·', 20_000);
        second.t.write(keys.esc);
        const home = await second.t.waitFor((s) => HOME(s) && s.includes('open in another coach'), 20_000);
        const label = `turn ${turn}: ${second.name}'s home`;
        expect(home.replace(/\n\s*/g, ' '), label).toContain(`open in another coach (pid ${first.t.pid})`);
        expect(home, label).not.toContain('Unfinished round');
        // r resumes nothing: the round is the other coach's.
        second.t.write('r');
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(second.t.screen(), label).not.toContain(draftText(turn, first.name));
        // Both write at once: the second runs its own round while the first leaves with its draft.
        await Promise.all([startAndAnswer(second.t, turn, second.name).then(() => leave(second.t)), leave(first.t)]);
      }
    } finally {
      for (const c of coaches) {
        c.t.write('q');
        await Promise.race([c.t.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        await c.t.dispose();
      }
    }
    const all = sessions();
    expect(all).toHaveLength(TURNS * 2);
    for (let turn = 0; turn < TURNS; turn++) {
      for (const who of ['A', 'B']) {
        const holders = all.filter((s) => textsOf(s).includes(answerText(turn, who)));
        expect(holders.map((s) => s.id), `turn ${turn}, ${who}'s answer`).toHaveLength(1);
        // Its draft is in the same session, and nothing from another turn or coach is.
        expect(textsOf(holders[0] as Session), `turn ${turn}, ${who}'s session`).toEqual([answerText(turn, who), draftText(turn, who)]);
      }
    }
    // None is left active behind a newer round: only the last turn's may be unfinished. (The last
    // turn's first round may be closed too: its coach left it just before the other started a round.)
    const lastTurn = new Set(['A', 'B'].map((who) => answerText(TURNS - 1, who)));
    const stale = all.filter((s) => s.status === 'active' && !textsOf(s).some((x) => lastTurn.has(x)));
    expect(stale.map((s) => s.id)).toEqual([]);
    const lastSecond = answerText(TURNS - 1, (TURNS - 1) % 2 === 0 ? 'B' : 'A');
    expect(all.find((s) => textsOf(s).includes(lastSecond))?.status).toBe('active');
    console.log(`two writers: ${all.length} sessions by two coaches, every answer and draft where it was typed`);
  }, 60_000 + TURNS * 20_000);
});
