import { describe, expect, it } from 'vitest';
import { editorActionFor, isCommand, parseInput } from '../../src/ui/keys.js';

const names = (input: string) => parseInput(input).map((k) => `${k.ctrl ? 'C-' : ''}${k.meta ? 'M-' : ''}${k.name === 'text' ? JSON.stringify(k.text) : k.name}`);

describe('the key parser', () => {
  it('tells Backspace (DEL) from Delete, which Ink reports as the same key', () => {
    expect(names('\u007f')).toEqual(['backspace']);
    expect(names('\b')).toEqual(['backspace']);
    expect(names('\u001b[3~')).toEqual(['delete']);
  });

  it('reads arrows, Home/End in their several encodings, Page keys and modifiers', () => {
    expect(names('\u001b[A')).toEqual(['up']);
    expect(names('\u001bOB')).toEqual(['down']);
    expect(['\u001b[H', '\u001b[1~', '\u001bOH', '\u001b[7~'].flatMap(names)).toEqual(['home', 'home', 'home', 'home']);
    expect(['\u001b[F', '\u001b[4~', '\u001bOF'].flatMap(names)).toEqual(['end', 'end', 'end']);
    expect(names('\u001b[5~')).toEqual(['pageUp']);
    expect(names('\u001b[1;5D')).toEqual(['C-left']);
    expect(names('\u001b[1;3C')).toEqual(['M-right']);
    expect(names('\u001bb')).toEqual(['M-b']);
    expect(names('\u001b\u007f')).toEqual(['M-backspace']);
    expect(names('\u001b')).toEqual(['escape']);
  });

  it('keeps a pasted block whole with its line breaks, and acts on control keys inside a chunk', () => {
    expect(names('line one\rline two\nthree')).toEqual([JSON.stringify('line one\rline two\nthree')]);
    expect(names('abc\u0004')).toEqual(['"abc"', 'C-d']);
    expect(names('ab\u007fc')).toEqual(['"ab"', 'backspace', '"c"']);
    expect(names('\r')).toEqual(['return']);
    expect(names('é🙂')).toEqual(['"é🙂"']);
  });
});

describe('bindings', () => {
  it('submits with Ctrl+D or Ctrl+S, leaves with Esc or Ctrl+C', () => {
    const [ctrlD] = parseInput('\u0004');
    const [ctrlS] = parseInput('\u0013');
    const [esc] = parseInput('\u001b');
    const [ctrlC] = parseInput('\u0003');
    const [d] = parseInput('d');
    expect(ctrlD !== undefined && isCommand('submit', ctrlD)).toBe(true);
    expect(ctrlS !== undefined && isCommand('submit', ctrlS)).toBe(true);
    expect(d !== undefined && isCommand('submit', d)).toBe(false);
    expect(esc !== undefined && isCommand('leave', esc)).toBe(true);
    expect(ctrlC !== undefined && isCommand('leave', ctrlC)).toBe(true);
  });

  it('maps editing keys to editor actions, with up/down by display line', () => {
    const action = (input: string) => parseInput(input).map((k) => editorActionFor(k, 70));
    expect(action('\r')).toEqual([{ type: 'newline' }]);
    expect(action('\u007f')).toEqual([{ type: 'backspace' }]);
    expect(action('\u001b[3~')).toEqual([{ type: 'delete' }]);
    expect(action('\u001b[A')).toEqual([{ type: 'up', width: 70 }]);
    expect(action('\u0017')).toEqual([{ type: 'deleteWordBack' }]);
    expect(action('\u001b[1;5C')).toEqual([{ type: 'wordRight' }]);
    expect(action('\u0001')).toEqual([{ type: 'home' }]);
    expect(action('\u0015')).toEqual([{ type: 'killLineBack' }]);
    expect(action('\u0004')).toEqual([undefined]);
  });
});
