import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { gradeDrillItem } from '../../src/core/grading/drill-grade.js';
import { accuracy, drillReducer, startDrill, type DrillGrader, type DrillState } from '../../src/core/practice/drill.js';
import { editorText } from '../../src/core/practice/editor.js';

const bank = await loadBank({ cache: NO_CACHE });
const entries = new Map(bank.rapidFire().map((e) => [e.item.id, e]));
const grader: DrillGrader = (id, answer) => {
  const e = entries.get(id);
  if (e === undefined) throw new Error(id);
  return gradeDrillItem(e.item, answer, e.lexicon);
};
const ids = ['rf-serving-metrics-beyond-p50', 'rf-automated-rollback-criteria', 'rf-queue-delay-separate-sli'];
const items = ids.map((id) => {
  const e = entries.get(id);
  if (e === undefined) throw new Error(id);
  return { id, prompt: e.item.prompt, seconds: 60 };
});
const T0 = 5_000;

function answer(s: DrillState, text: string, now: number): DrillState {
  return drillReducer(drillReducer(s, { type: 'edit', action: { type: 'set', text } }, grader), { type: 'submit', now }, grader);
}

describe('drill reducer', () => {
  it('grades each answer at once and keeps a running accuracy and streak', () => {
    let s = startDrill(items, T0);
    s = answer(s, 'p99 TTFT, inter-token latency and queue delay', T0 + 20_000);
    expect(s.phase.kind === 'reviewing' && s.phase.result.grade.correct).toBe(true);
    expect(s.streak).toBe(1);
    s = drillReducer(s, { type: 'continue', now: T0 + 25_000 }, grader);
    s = answer(s, 'roll back if it looks bad', T0 + 40_000);
    expect(s.streak).toBe(0);
    expect(s.bestStreak).toBe(1);
    expect(accuracy(s)).toBe(0.5);
    s = drillReducer(s, { type: 'continue', now: T0 + 41_000 }, grader);
    expect(s.index).toBe(2);
    expect(editorText(s.editor)).toBe('');
  });

  it('auto-submits at zero with whatever was typed, and finishes after the last item', () => {
    let s = startDrill(items.slice(2), T0);
    s = drillReducer(s, { type: 'edit', action: { type: 'set', text: 'queue delay rises first, so it drives autoscaling' } }, grader);
    expect(drillReducer(s, { type: 'tick', now: T0 + 59_999 }, grader)).toBe(s);
    s = drillReducer(s, { type: 'tick', now: T0 + 60_000 }, grader);
    expect(s.phase.kind).toBe('reviewing');
    expect(s.results[0]?.autoSubmitted).toBe(true);
    expect(s.results[0]?.elapsedMs).toBe(60_000);
    s = drillReducer(s, { type: 'continue', now: T0 + 61_000 }, grader);
    expect(s.phase).toEqual({ kind: 'finished', reason: 'completed' });
  });

  it('keeps the answer on one line: a pasted line break becomes a space, Enter adds nothing', () => {
    const s = drillReducer(startDrill(items, T0), { type: 'edit', action: { type: 'insert', text: 'TTFT\r\nqueue delay' } }, grader);
    expect(drillReducer(s, { type: 'edit', action: { type: 'newline' } }, grader)).toBe(s);
    expect(s.editor.lines).toEqual(['TTFT queue delay']);
  });
});
