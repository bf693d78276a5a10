import { describe, expect, it } from 'vitest';
import { printable, printableLine, terminalJson } from '../../src/core/printable.js';

const ESC = '\u001b';

describe('printable', () => {
  it('drops the sequences that retitle the window, clear the screen or move the cursor, and keeps the words around them', () => {
    expect(printable(`p95 went up${ESC}]0;PWNED\u0007 since Tuesday.`)).toBe('p95 went up since Tuesday.');
    expect(printable(`a${ESC}]52;c;ZXZpbA==${ESC}\\b`)).toBe('ab');
    expect(printable(`${ESC}[2J${ESC}[1;1Hhello${ESC}[31m red${ESC}[0m`)).toBe('hello red');
    expect(printable(`x${ESC}Py${ESC}\\z ${ESC}_apc\u0007w ${ESC}c${ESC}(Bdone`)).toBe('xz w done');
  });

  it('drops C1 controls, their 8-bit CSI and OSC forms included, and DEL', () => {
    expect(printable('a\u009b31mb\u009d0;title\u009cc\u007fd\u0085e')).toBe('abcde');
  });

  it('keeps newlines, tabs and every printable character, and drops the other C0 controls', () => {
    expect(printable('line one\n\tline two · “quoted” 🙂 é\r\u0000\u0008\u000b\u000c')).toBe('line one\n\tline two · “quoted” 🙂 é');
  });

  it('drops only the introducer of an unterminated string, leaving plain text', () => {
    expect(printable(`before ${ESC}]0;half a title`)).toBe('before 0;half a title');
    expect(printable(`${ESC}[12`)).toBe('12');
  });

  it('stays linear on hostile input', () => {
    const hostile = '\u009d'.repeat(200_000) + `${ESC}]`.repeat(100_000);
    const started = Date.now();
    expect(printable(hostile)).toBe('');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('folds newlines and tabs for one-line messages', () => {
    expect(printableLine(`cannot read 'a\nb\t${ESC}]0;x\u0007c'`)).toBe("cannot read 'a b c'");
  });
});

describe('terminalJson', () => {
  it('escapes DEL and the C1 controls JSON.stringify leaves raw, and still parses to the same value', () => {
    const value = { text: 'a\u009b31mb\u007fc\u001bd' };
    const json = terminalJson(JSON.stringify(value));
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(json).toContain('\\u009b');
    expect(JSON.parse(json)).toEqual(value);
  });
});
