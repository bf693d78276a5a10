import { describe, expect, it } from 'vitest';
import { NO_CACHE, loadBank } from '../../src/adapters/fs-bank.js';
import { checkFlawSet, flagChoices, flawDrillItem, gradeCritique, switches } from '../../src/core/practice/flaws.js';

const bank = await loadBank({ cache: NO_CACHE });

/**
 * The spot-the-flaw answers are content users learn from: every choice of planted flags must
 * raise exactly those red flags in the rubric grader, and each model critique must name its own
 * flaw and no other.
 */
describe('spot-the-flaw answers raise exactly the red flags planted in them', () => {
  it('every flaw file loads without problems', () => {
    expect(bank.problems.filter((p) => p.file.startsWith('questions/flaws/'))).toEqual([]);
  });
  for (const entry of bank.spotTheFlaw()) {
    const id = entry.set.question;
    it(`${id}: every choice of planted flags is flagged as planted, and each critique names its own flaw`, () => {
      expect(checkFlawSet(entry)).toEqual([]);
    });
    it(`${id}: the interviewer's critiques, together, name every planted flaw`, () => {
      for (const choice of flagChoices(entry.set)) {
        const item = flawDrillItem(entry, choice);
        expect(item, `${id} ${choice.join('+')}`).toBeDefined();
        if (item === undefined) continue;
        const critique = switches(entry.set).filter((s) => choice.includes(s.flag)).map((s) => s.critique).join(' ');
        expect(gradeCritique(item, critique, entry.lexicon).correct, `${id} ${choice.join('+')}`).toBe(true);
      }
    });
  }
});
