/**
 * The built CLI in a real pseudo-terminal: a person's round typed key by key, read off the
 * screen, then the same run killed with SIGKILL mid-answer and resumed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/schemas/session.js';
import { CLI, ROOT, runCli } from '../helpers.js';
import { keys, ptyUnavailableReason, spawnTerminal, type PtyTerminal } from './terminal.js';

if (ptyUnavailableReason !== undefined) console.warn(`skipping the real-terminal tests: ${ptyUnavailableReason}`);

let dir: string;
let env: Record<string, string>;
const started: PtyTerminal[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coach-e2e-'));
  env = { COACH_SESSIONS_DIR: join(dir, 'sessions'), COACH_CONFIG_DIR: join(dir, 'config'), COACH_CACHE_DIR: join(dir, 'cache') };
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

function coach(args: readonly string[]): PtyTerminal {
  const t = spawnTerminal({ command: process.execPath, args: [CLI, ...args], cwd: ROOT, env, cols: 80, rows: 24 });
  started.push(t);
  return t;
}

/** Types one line as a paste, waits for it on screen, then presses Enter as its own key. */
async function typeLine(t: PtyTerminal, line: string, enter: boolean): Promise<void> {
  t.write(line);
  const tail = line.slice(-12);
  await t.waitFor((s) => s.replace(/\n\s*/g, ' ').includes(tail));
  if (enter) {
    t.write(keys.enter);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const ANSWER = [
  'Constraints: p95 TTFT went from 900 ms to 4 s while p50 stayed at 350 ms.',
  'I split each slow request into queue wait, prefill and decode with tracing spans per stage.',
  'If p95 TTFT stays above 3 s for 10 minutes I roll back what shipped on Tuesday.',
];

/** A review screen drawn to its footer: a frame can reach the screen in several pty reads. */
const REVIEWED = /Enter (answer the follow-up|next question|finish the round)/;

function sessionFiles(): Session[] {
  const sessions = join(dir, 'sessions');
  return readdirSync(sessions)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(sessions, f), 'utf8')) as Session);
}

describe.skipIf(ptyUnavailableReason !== undefined)('coach in a real terminal', () => {
  it('runs a one-question round typed as a person would, shows the grade, and the session is in history', async () => {
    const t = coach(['round', '--question', 'q23', '--questions', '1']);
    await t.waitFor('Interviewer:');
    for (const [i, line] of ANSWER.entries()) await typeLine(t, line, i < ANSWER.length - 1);
    // A typo fixed with Backspace, as a person would.
    await t.type('x');
    await t.type(keys.backspace);
    t.write(keys.ctrlD);
    const graded = await t.waitFor((s) => /Overall \d+\/100/.test(s) && REVIEWED.test(s));
    const overall = Number(/Overall (\d+)\/100/.exec(graded)?.[1]);
    expect(graded).toMatch(/constraints\s+[█░]{4} \d\/4/);
    expect(graded).toContain('✓ [');
    // Answer two follow-ups, then finish with n (probes keep coming while the question has time); leave from the summary and quit.
    for (let step = 0; step < 2; step++) {
      t.write(keys.enter);
      await t.waitFor('follow-up on');
      await typeLine(t, 'We page at p95 TTFT over 1.5 s for 10 minutes and roll back.', false);
      t.write(keys.ctrlD);
      await t.waitFor((s) => s.includes('Your follow-up answer') && REVIEWED.test(s));
    }
    expect(t.screen()).toContain('n finish');
    t.write('n');
    const summary = await t.waitFor((s) => s.includes('Round complete') && s.includes('Enter back to home'));
    expect(summary).toMatch(/Overall \d+\/100/);
    t.write(keys.enter);
    await t.waitFor('Timed round');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);

    const history = runCli(['history', '--json'], undefined, env);
    expect(history.status).toBe(0);
    const report = JSON.parse(history.stdout) as { sessions: { id: string; mode: string; status: string; overall: number }[] };
    expect(report.sessions).toHaveLength(1);
    expect(report.sessions[0]).toMatchObject({ mode: 'round', status: 'completed', overall });
    const shown = JSON.parse(runCli(['show', report.sessions[0]?.id ?? '', '--json'], undefined, env).stdout) as Session;
    expect(shown.questions[0]?.answers[0]?.text).toBe(ANSWER.join('\n'));
    // The round feeds what to practise next: q23's five dimensions are now scheduled.
    const next = runCli(['next', '--json'], undefined, env);
    expect(next.status).toBe(0);
    const scheduled = (JSON.parse(next.stdout) as { scheduled: { questionId: string }[] }).scheduled;
    expect(scheduled.map((s) => s.questionId)).toEqual(['q23', 'q23', 'q23', 'q23', 'q23']);
    expect(runCli(['next'], undefined, env).stdout).toMatch(/q23/);
  });

  it('survives SIGKILL mid-answer: the next start offers the session, with the answers and the draft', async () => {
    const t = coach(['round', '--question', 'q23', '--questions', '2']);
    await t.waitFor('Interviewer:');
    await typeLine(t, ANSWER[0] ?? '', true);
    await typeLine(t, ANSWER[1] ?? '', false);
    t.write(keys.ctrlD);
    await t.waitFor((s) => /Overall \d+\/100/.test(s) && REVIEWED.test(s));
    t.write(keys.enter);
    await t.waitFor('follow-up on');
    const kept = 'First I would check when p95 started to move';
    await typeLine(t, kept, false);
    // The user keeps typing for two more seconds; what was typed before that must be on disk.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    t.write(' and what shipped then');
    await t.waitFor((s) => s.includes('shipped then'));
    t.kill('SIGKILL');
    expect((await t.exited).signal).toBe(9);

    const [saved] = sessionFiles();
    expect(saved?.status).toBe('active');
    expect(saved?.questions[0]?.answers[0]?.text).toBe(`${ANSWER[0]}\n${ANSWER[1]}`);
    expect(saved?.questions[0]?.draft?.kind).toBe('follow-up');
    expect(saved?.questions[0]?.draft?.text.startsWith(kept)).toBe(true);

    const again = coach([]);
    const home = await again.waitFor('Unfinished round');
    expect(home).toContain('q23, 1 answer graded');
    again.write('r');
    const resumed = await again.waitFor(kept);
    expect(resumed).toContain('follow-up on');
    expect(resumed).toMatch(/\[1\/2\] q23/);
    // Carry on where it stopped: submit the follow-up, and it joins the saved answer.
    again.write(keys.ctrlD);
    await again.waitFor((s) => s.includes('Your follow-up answer') && REVIEWED.test(s));
    again.write(keys.esc);
    await again.waitFor('Leave the round?');
    again.write('y');
    await again.waitFor('Unfinished round');
    again.write('q');
    await again.exited;
    const [after] = sessionFiles();
    expect(after?.questions[0]?.answers.map((a) => a.kind)).toEqual(['initial', 'follow-up']);
  });

  it('SIGTERM or SIGHUP the moment after a paste, or a paste and Ctrl+D: every character is on disk', async () => {
    const pasted = 'Queue delay first: p95 TTFT 4 s vs 1.5 s SLO, so I split queue, prefill, decode.';
    for (const [signal, submit] of [['SIGTERM', false], ['SIGHUP', false], ['SIGTERM', true]] as const) {
      rmSync(join(dir, 'sessions'), { recursive: true, force: true });
      const t = coach(['round', '--question', 'q23', '--questions', '1']);
      await t.waitFor('Interviewer:');
      // Let the start save land, so the only unsaved thing is what is pasted now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      t.write(submit ? `${pasted}${keys.ctrlD}` : pasted);
      await t.waitFor((s) => s.replace(/\n\s*/g, ' ').includes('split queue') || s.includes('Grading'));
      t.kill(signal);
      await t.exited;
      const [saved] = sessionFiles();
      const q = saved?.questions[0];
      expect(q?.answers[0]?.text ?? q?.draft?.text, `${signal}${submit ? ' after Ctrl+D' : ''}`).toBe(pasted);
    }
  }, 60_000);

  it('two coaches on one sessions dir: the second is told the round is open in the first, and may resume it once the first is gone', async () => {
    const first = coach(['round', '--question', 'q23', '--questions', '1']);
    await first.waitFor('Interviewer:');
    await typeLine(first, 'Queue delay first, then prefill and decode.', false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = coach([]);
    const home = await second.waitFor('open in another coach');
    expect(home).toContain(`(pid ${first.pid})`);
    expect(home).not.toContain('Unfinished round');
    second.write('r');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.screen()).not.toContain('Queue delay first');
    second.write('q');
    await second.exited;
    first.kill('SIGKILL');
    await first.exited;
    // The first coach is gone: its lock is stale and the round is offered again, with its draft.
    const third = coach([]);
    await third.waitFor('Unfinished round');
    third.write('r');
    await third.waitFor('Queue delay first, then prefill and decode.');
    third.write(keys.esc);
    await third.waitFor('Leave the round?');
    third.write('y');
    await third.waitFor('Unfinished round');
    third.write('q');
    await third.exited;
    expect(sessionFiles()[0]?.questions[0]?.draft?.text).toBe('Queue delay first, then prefill and decode.');
  }, 60_000);

  it('Ctrl+D typed the moment a resumed draft appears submits it, 12 times over', async () => {
    const t = coach(['round', '--questions', '10', '--minutes', '240']);
    await t.waitFor('Interviewer:');
    for (let i = 0; i < 12; i++) {
      const draft = `Draft ${i}: p95 TTFT above 2 s for 10 minutes pages us.`;
      await typeLine(t, draft, false);
      t.write(keys.esc);
      await t.waitFor('Leave the round?');
      t.write('y');
      await t.waitFor('Unfinished round');
      t.write('r');
      await t.waitFor(draft);
      t.write(keys.ctrlD);
      await t.waitFor(REVIEWED);
      t.write(keys.enter);
      await t.waitFor((s) => s.includes('Ctrl+D submit') && !s.includes(draft));
    }
  }, 120_000);

  it('drives a 45-minute scenario on a fast clock: clarify, design, four probes and more until the clock, the wrap-up, the timeline', async () => {
    // Test-only: sixty clock seconds a real second, so 45 minutes pass in under a minute.
    const t = spawnTerminal({ command: process.execPath, args: [CLI, 'round', '--scenario', '-q', 'q20', '--company', 'amazon'], cwd: ROOT, env: { ...env, COACH_TEST_TIME_SCALE: '60' }, cols: 100, rows: 30 });
    started.push(t);
    const opening = await t.waitFor('Start with your clarifying questions');
    expect(opening).toContain('[scenario] q20');
    expect(opening).toContain('Amazon-style ·');
    expect(opening).toMatch(/scenario 4[45]:\d\d/);
    t.write(keys.ctrlO);
    await t.waitFor('the clock keeps running');
    await typeLine(t, 'What is the peak traffic, and what latency SLO do we hold?', true);
    await t.waitFor(/900 at the 8\s+p\.m\. peak/);
    t.write(keys.ctrlO);
    await t.waitFor('the clock keeps running');
    await typeLine(t, 'What does the fleet cost, and is there a budget?', true);
    await t.waitFor(/Finance wants\s+GPU-hours down/);
    await typeLine(t, 'Replay last month through a simulator for both policies, scale on queue depth, keep a warm pool, canary on one cluster and roll back if p95 TTFT passes 1 s for 10 minutes.', false);
    t.write(keys.ctrlD);
    await t.waitFor((s) => s.includes('Noted.') && s.includes('Enter answer the follow-up'));
    expect(t.screen()).not.toMatch(/Overall \d+\/100/);
    // Probes until the clock: each answered as it comes, until the probing clock runs out mid-answer.
    let probes = 0;
    for (let i = 0; i < 40 && t.screen().includes('Enter answer the follow-up'); i++) {
      t.write(keys.enter);
      await t.waitFor('Interviewer (follow-up on');
      await typeLine(t, `Probe ${i}: p95 TTFT per replica and queue delay decide it; I would shed free-tier load first.`, false);
      if (probes >= 4) await t.waitFor('Noted.', 60_000);
      else t.write(keys.ctrlD);
      await t.waitFor((s) => s.includes('Noted.') && /Enter (answer the follow-up|the wrap-up)/.test(s));
      probes += 1;
    }
    expect(probes).toBeGreaterThanOrEqual(5);
    expect(t.screen()).toContain('submitted when the clock ran out');
    t.write(keys.enter);
    const wrap = await t.waitFor('Interviewer (wrap-up)');
    expect(wrap).toMatch(/wrap-up 0[12]:\d\d/);
    await typeLine(t, 'Monday: instrument queue delay per replica and replay the launch bursts; the predictive policy waits.', false);
    t.write(keys.ctrlD);
    await t.waitFor('Enter finish the scenario');
    t.write(keys.enter);
    const summary = await t.waitFor((s) => s.includes('Scenario complete') || s.includes('Scenario over'));
    expect(summary).toContain('Everything you said, graded together');
    for (let i = 0; i < 200 && !t.screen().includes('Where the time went'); i++) t.write(keys.pageDown), await new Promise((r) => setTimeout(r, 20));
    const end = await t.waitFor('Where the time went');
    expect(end).toMatch(/clarifying \d\d:\d\d · design \d\d:\d\d · \d+ probes \d\d:\d\d · wrap-up \d\d:\d\d/);
    const [saved] = sessionFiles();
    expect(saved).toMatchObject({ status: 'completed', settings: { scenario: true, minutes: 45, company: 'amazon' } });
    const q = saved?.questions[0];
    expect(q?.clarifications?.map((c) => c.facts)).toEqual([['traffic', 'slo'], ['fleet-cost']]);
    expect(q?.answers.map((a) => a.kind)).toEqual(['initial', ...Array.from({ length: probes }, () => 'follow-up'), 'wrap-up']);
    expect(q?.answers[0]?.grade.criteria.some((c) => c.id === 'asked-constraints' && c.met)).toBe(true);
    const timeline = runCli(['export', saved?.id ?? ''], undefined, env);
    expect(timeline.stdout).toContain('# 45-minute scenario');
    expect(timeline.stdout).toContain('### Your clarifying questions');
    expect(timeline.stdout).toContain('### Wrap-up');
  }, 150_000);

  it('refuses to start an interactive command without a terminal', () => {
    const r = runCli(['round'], '', env);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('needs a terminal');
    expect(runCli(['drill'], '', env).status).toBe(2);
    expect(runCli([], '', env).status).toBe(2);
  });
});
