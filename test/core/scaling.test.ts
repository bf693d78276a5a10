/**
 * Long inputs cost time in proportion to their length (or, in the editor, to what a keystroke
 * changes), never its square. Each test compares two sizes in one run: on an 8x input linear work
 * takes 8x and quadratic work 64x, so the bound between them holds with room on both sides on a
 * busy machine; the old code measured 44x to 270x here. The inputs stay small (16,000 characters
 * at most) because past that V8's garbage collection and the CPU caches make even linear code grow
 * faster than its input. Absolute speed is the benchmark's concern (bench/scaling.bench.ts).
 */
import { describe, expect, it } from 'vitest';
import { prepared } from '../helpers.js';
import { denseSentence, growth, keystroke, punctuationWordCount } from '../scaling.js';

/** The geometric middle of linear (8x) and quadratic (64x) growth on an 8x input. */
const LINEAR = 24;
/** A keystroke whose cost does not depend on the line's length, on a 16x longer line: linear work would take 16x. */
const CONSTANT = 6;

describe('word counts', () => {
  it('count a run of punctuation in time linear in its length', () => {
    // Quadratic before: 16,000 '$' took 0.3 s, 64x its 2,000.
    expect(growth(punctuationWordCount, 2_000, 8).ratio).toBeLessThan(LINEAR);
  });
});

describe('a keystroke in the answer editor', () => {
  it('costs the same on a line of punctuation sixteen times as long', { timeout: 60_000 }, () => {
    // The word count rescanned the line quadratically: a keystroke on 32,000 '-' took 1.9 s, 270x one on 2,000.
    expect(growth(keystroke('-', '-'), 2_000, 16).ratio).toBeLessThan(CONSTANT);
  });

  it('costs the same on a line of prose sixteen times as long: only the lines on screen are wrapped', () => {
    // Every keystroke wrapped the whole line, twice: 16x the line took 16x the time.
    expect(growth(keystroke('the queue delay grows with load, so we shed early ', 'x'), 2_000, 16).ratio).toBeLessThan(CONSTANT);
  });
});

describe('grading one long sentence dense with terms', () => {
  it.each([
    // Every matched term was compared with every other to find the outermost ones.
    ['q01', 'p95 '],
    // Every item of an enumeration looked at every word of the sentence.
    ['q01', 'x, '],
    // Each figure searched the whole sentence for its cues and its clause.
    ['q05', 'cost is $0.05 per request, '],
  ])('%s, %j repeated: time grows linearly with the sentence', async (id, unit) => {
    const q = await prepared(id);
    expect(growth(denseSentence(q, unit), 2_000, 8).ratio).toBeLessThan(LINEAR);
  });
});
