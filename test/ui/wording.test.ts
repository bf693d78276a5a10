/** Words and quotes right in every message (issue 17): no stranded closing quote, user-facing set names. */
import { describe, expect, it } from 'vitest';
import { seg, wrapRich } from '../../src/ui/rich.js';
import { runCli } from '../helpers.js';

const text = (rows: ReturnType<typeof wrapRich>): string[] => rows.map((r) => r.map((s) => s.text).join(''));

describe('wrapping a quote', () => {
  it('never leaves a closing quote alone at the start of a row: it wraps with its last word', () => {
    const line = [seg('      “'), seg('aaaa bbbb cccc dddd', 'mark'), seg('”')];
    for (let width = 16; width <= 30; width++) {
      for (const row of text(wrapRich(line, width, 7)).slice(1)) expect(row.trim(), `at width ${width}`).not.toMatch(/^”/);
    }
    expect(text(wrapRich(line, 26, 7))).toEqual(['      “aaaa bbbb cccc ', '       dddd”']);
  });

  it('keeps a stop with its word too, and wraps plain text as before', () => {
    expect(text(wrapRich([seg('one two three'), seg('.')], 13))).toEqual(['one two ', 'three.']);
    expect(text(wrapRich([seg('one two three four')], 9))).toEqual(['one two ', 'three ', 'four']);
  });
});

describe('names from the inside', () => {
  it('bank list names every set for a user, not after the file it came from', () => {
    const r = runCli(['bank', 'list']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/\bseed\b/i);
    expect(r.stdout).toContain('essentials           Essentials: metrics, rollback, queue delay, canary cohorts (4)');
  });
});
