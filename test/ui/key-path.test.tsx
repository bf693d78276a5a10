/**
 * Keys typed the moment a new screen appears must reach it. A terminal reads a key under the
 * mode it is in when the key arrives: typed right after a frame is written, that is the mode the
 * app was in while writing it. In cooked mode the line discipline holds the key or eats it
 * (Ctrl+D becomes end-of-file), so a key sent then counts as lost.
 */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/schemas/session.js';
import { roundQuestion } from '../../src/core/practice/plan.js';
import { bank, eventually, keys, MemoryStore, renderApp, settle, type Harness } from './render.js';

interface Step {
  /** The frame that shows the new screen or state. */
  readonly frame: RegExp;
  /** Sent as soon as that frame is written. */
  readonly key: string;
}

interface Tally {
  sent: number;
  lost: number;
}

/**
 * Writes `first`, then for each step waits for its frame and sends its key straight after, as a
 * person typing ahead would. A key that would have arrived in cooked mode is counted lost, then
 * sent again once raw mode is back, so the run can go on and report every loss.
 */
async function typeAhead(h: Harness, first: string, steps: readonly Step[], tally: Tally): Promise<void> {
  let pending = first;
  for (const step of steps) {
    let seen: boolean | undefined;
    const stop = h.onFrame((frame, raw) => {
      if (seen === undefined && step.frame.test(frame)) seen = raw;
    });
    await h.press(pending);
    for (let i = 0; i < 500 && seen === undefined; i++) await settle(1);
    stop();
    if (seen === undefined) throw new Error(`no frame matched ${String(step.frame)} after ${JSON.stringify(pending)}; the screen shows:\n${h.frame()}`);
    tally.sent += 1;
    if (!seen) {
      tally.lost += 1;
      await h.waitFor(() => h.raw(), 'raw mode to come back');
    }
    pending = step.key;
  }
  await h.press(pending);
}

describe('keys sent the moment a screen switches', () => {
  it('1,000 switches between home, settings and history with the next key typed ahead: none lost, each acts on the screen it was meant for', async () => {
    const h = await renderApp({ kind: 'home' });
    await h.waitFor('Timed round');
    const tally: Tally = { sent: 0, lost: 0 };
    // Each loop: home -s-> settings, where → (or ←) changes the round length, then Esc -> home
    // -h-> history -Esc-> home, and the next loop's s. Four switches a loop, every key typed ahead.
    const steps: Step[] = [];
    for (let loop = 0; loop < 250; loop++) {
      const up = loop % 2 === 0;
      steps.push(
        { frame: /Settings[\s\S]*Round length/, key: up ? keys.right : keys.left },
        { frame: up ? /Round length \(minutes\)\s+‹ 45 ›/ : /Round length \(minutes\)\s+‹ 40 ›/, key: keys.esc },
        { frame: /Timed round/, key: 'h' },
        { frame: /History ·/, key: keys.esc },
        { frame: /Timed round/, key: loop < 249 ? 's' : 'q' },
      );
    }
    await typeAhead(h, 's', steps, tally);
    expect(h.settings.settings.minutes).toBe(40);
    h.unmount();
    expect(tally).toEqual({ sent: 1250, lost: 0 });
  }, 120_000);

  it('Ctrl+D on a resumed draft submits it, and Enter on the grade moves on, typed ahead 100 times', async () => {
    const b = await bank();
    const q23 = b.question('q23');
    if (q23 === undefined) throw new Error('q23 missing from the bank');
    // A round left mid-answer, as home offers it.
    const first = await renderApp({ kind: 'round', start: { kind: 'new', questions: [roundQuestion(q23.question)], minutes: 40 } });
    await first.type('My half-written answer: queue delay first, then prefill, at the p99.');
    await first.press(keys.esc);
    await first.press('y');
    await first.waitFor('Unfinished round');
    const saved: Session = structuredClone(first.store.only());
    first.unmount();
    const tally: Tally = { sent: 0, lost: 0 };
    for (let i = 0; i < 100; i++) {
      const store = new MemoryStore();
      store.sessions.set(saved.id, structuredClone(saved));
      const h = await renderApp({ kind: 'home' }, { store });
      await h.waitFor('Unfinished round');
      await typeAhead(
        h,
        'r',
        [
          { frame: /My half-written answer/, key: keys.ctrlD },
          { frame: /Overall/, key: keys.enter },
        ],
        tally,
      );
      await h.waitFor(/follow-up on/, 'the follow-up the Enter moved on to');
      await eventually(() => expect(store.only().questions[0]?.answers[0]?.text).toContain('My half-written answer'));
      h.unmount();
    }
    expect(tally).toEqual({ sent: 200, lost: 0 });
  }, 120_000);
});

describe('a burst of keys in one read acts in order, each on what the one before it did', () => {
  it('settings: → → steps twice; ↓ ← changes the row ↓ moved to', async () => {
    const h = await renderApp({ kind: 'settings' });
    await h.waitFor('Round length');
    await h.press(keys.right + keys.right);
    await eventually(() => expect(h.settings.settings.minutes).toBe(50));
    expect(h.frame()).toMatch(/Round length \(minutes\)\s+‹ 50 ›/);
    await h.press(keys.down + keys.left);
    await eventually(() => expect(h.settings.settings.questions).toBe(2));
    expect(h.settings.settings.minutes).toBe(50);
    expect(h.frame()).toMatch(/❯ Questions per round\s+‹ 2 ›/);
  });

  it('a round: Ctrl+C then y in one read leaves, and the draft is kept', async () => {
    const b = await bank();
    const q05 = b.question('q05');
    if (q05 === undefined) throw new Error('q05 missing from the bank');
    const h = await renderApp({ kind: 'round', start: { kind: 'new', questions: [roundQuestion(q05.question)], minutes: 40 } });
    await h.type('Canary at 5% first.');
    // (Esc then y in one read is Alt+y to any terminal parser; Ctrl+C asks the same question.)
    await h.press(keys.ctrlC + 'y');
    await h.waitFor('Unfinished round');
    expect(h.store.only().questions[0]?.draft?.text).toBe('Canary at 5% first.');
  });
});

/** A disk that takes a while: each save lands some event-loop turns after it is asked for. */
class SlowStore extends MemoryStore {
  override async save(session: Session): Promise<void> {
    const copy = structuredClone(session);
    await settle(30);
    await super.save(copy);
  }
}

describe('leaving a round and resuming it at once', () => {
  it("home waits for the round's last save: r straight away resumes the draft just typed, on a slow disk", async () => {
    const b = await bank();
    const q05 = b.question('q05');
    if (q05 === undefined) throw new Error('q05 missing from the bank');
    const store = new SlowStore();
    const h = await renderApp({ kind: 'round', start: { kind: 'new', questions: [roundQuestion(q05.question)], minutes: 40 } }, { store });
    await h.type('Canary at 5% first, rollback if p95 TTFT passes 1.5 s.');
    await h.press(keys.esc);
    await h.press('y');
    await h.waitFor(/Unfinished round.*draft/);
    await h.press('r');
    await h.waitFor('Canary at 5% first, rollback if p95 TTFT passes 1.5 s.');
  });
});
