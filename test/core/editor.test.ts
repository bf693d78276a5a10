import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/core/grading/text.js';
import { seededRandom } from '../fakes.js';
import {
  cursorVisualPosition,
  displayWidth,
  editorFrom,
  editorReducer,
  editorText,
  editorWindow,
  emptyEditor,
  wordCount,
  wrapLines,
  type EditorAction,
  type EditorState,
} from '../../src/core/practice/editor.js';

function run(state: EditorState, ...actions: EditorAction[]): EditorState {
  return actions.reduce(editorReducer, state);
}

/** Types text the way a terminal delivers it: one code point per keypress, Enter for newlines. */
function type(state: EditorState, text: string): EditorState {
  let s = state;
  for (const ch of text) s = editorReducer(s, ch === '\n' ? { type: 'newline' } : { type: 'insert', text: ch });
  return s;
}

function repeat(action: EditorAction, times: number): EditorAction[] {
  return Array.from({ length: times }, () => action);
}

function cursor(state: EditorState): [number, number] {
  return [state.row, state.col];
}

const ANSWER = `I would start by pinning down the latency budget, because every later choice depends on it. Suppose the product team wants the first token within 500 ms at p95 and a full answer within four seconds for 5,000 requests per minute. That tells me how many replicas I need, whether streaming is mandatory, and how much room is left for retrieval.

For retrieval I would keep a hybrid index: BM25 for exact identifiers and a dense index for paraphrases, merged with reciprocal rank fusion. I'd cap the context at roughly 6,000 tokens, since longer prompts raise cost and latency without clear gains in our offline evals. A small reranker trims the candidate set to the eight chunks that matter most.

On the serving side I'd use continuous batching with a paged KV cache, and I would route short prompts and long prompts to separate pools so one huge request doesn't stall everyone else. Autoscaling keys off queue depth rather than CPU, because GPU saturation shows up there first. We keep one warm replica per zone to avoid cold starts.

Quality needs its own loop. Before launch I'd build a golden set of about 300 real questions with graded answers, track faithfulness and refusal rates, and block any release that regresses either metric by more than two points. After launch we sample production traffic daily, have reviewers label a slice, and feed the disagreements back into the eval set.

Finally, cost and safety. I'd log tokens per request, alert when the daily spend drifts 20% above forecast, and fall back to a smaller model when the budget is exhausted. Prompt injection gets a classifier on retrieved documents plus strict output schemas. If I had to cut scope, I'd ship retrieval and evals first 🚀 and leave the fancy routing work for later.`;

describe('typing', () => {
  it('builds the text a user typed, with Enter starting new lines', () => {
    const s = type(emptyEditor, 'Use a cache.\nThen stream.');
    expect(s.lines).toEqual(['Use a cache.', 'Then stream.']);
    expect(editorText(s)).toBe('Use a cache.\nThen stream.');
    expect(cursor(s)).toEqual([1, 12]);
  });

  it('inserts at the cursor, not at the end', () => {
    const s = type(run(editorFrom('p99 latency'), ...repeat({ type: 'left' }, 7)), 'tail ');
    expect(editorText(s)).toBe('p99 tail latency');
    expect(cursor(s)).toEqual([0, 9]);
  });

  it('splits the line at the cursor on Enter', () => {
    const s = run(editorFrom('first second'), ...repeat({ type: 'left' }, 6), { type: 'newline' });
    expect(s.lines).toEqual(['first ', 'second']);
    expect(cursor(s)).toEqual([1, 0]);
  });

  it('treats an inserted "\\n" the same as Enter', () => {
    expect(editorText(run(editorFrom('ab'), { type: 'left' }, { type: 'insert', text: '\n' }))).toBe('a\nb');
  });

  it('types a 300-word answer character by character exactly', () => {
    const s = type(emptyEditor, ANSWER);
    expect(editorText(s)).toBe(ANSWER);
    expect(wordCount(s)).toBe(300);
    expect(s.lines).toHaveLength(9);
    expect(s.row).toBe(8);
    expect(s.col).toBe(s.lines[8]?.length);
  });
});

describe('backspace and delete', () => {
  it('backspace removes the character before the cursor', () => {
    const s = run(editorFrom('cachee'), { type: 'backspace' });
    expect(editorText(s)).toBe('cache');
    expect(cursor(s)).toEqual([0, 5]);
  });

  it('backspace at the start of a line joins it onto the previous line', () => {
    const s = run(editorFrom('one\ntwo'), { type: 'home' }, { type: 'backspace' });
    expect(s.lines).toEqual(['onetwo']);
    expect(cursor(s)).toEqual([0, 3]);
  });

  it('delete at the end of a line pulls the next line up', () => {
    const s = run(editorFrom('one\ntwo\nthree'), { type: 'up' }, { type: 'up' }, { type: 'end' }, { type: 'delete' });
    expect(s.lines).toEqual(['onetwo', 'three']);
    expect(cursor(s)).toEqual([0, 3]);
  });

  it('delete removes the character under the cursor', () => {
    const s = run(editorFrom('abc'), { type: 'home' }, { type: 'delete' });
    expect(editorText(s)).toBe('bc');
    expect(cursor(s)).toEqual([0, 0]);
  });

  it('does nothing at the edges of the buffer and returns the same state', () => {
    expect(editorReducer(emptyEditor, { type: 'backspace' })).toBe(emptyEditor);
    const end = editorFrom('text');
    expect(editorReducer(end, { type: 'delete' })).toBe(end);
  });
});

describe('cursor movement', () => {
  it('left and right wrap across line ends', () => {
    const start = run(editorFrom('ab\ncd'), { type: 'home' });
    const left = run(start, { type: 'left' });
    expect(cursor(left)).toEqual([0, 2]);
    expect(cursor(run(left, { type: 'right' }))).toEqual([1, 0]);
  });

  it('left at the very start and right at the very end change nothing', () => {
    const start = run(editorFrom('ab'), { type: 'home' });
    expect(editorReducer(start, { type: 'left' })).toBe(start);
    const end = editorFrom('ab');
    expect(editorReducer(end, { type: 'right' })).toBe(end);
  });

  it('home and end go to the ends of the logical line', () => {
    const s = run(editorFrom('first line\nsecond line\nthird'), { type: 'up' }, { type: 'left' });
    expect(cursor(run(s, { type: 'home' }))).toEqual([1, 0]);
    expect(cursor(run(s, { type: 'end' }))).toEqual([1, 11]);
  });

  it('up and down keep the preferred column across a short line', () => {
    const top = run(editorFrom('a long first line\nshort\nanother long line'), { type: 'up' }, { type: 'up' }, { type: 'home' });
    const atTwelve = run(top, ...repeat({ type: 'right' }, 12));
    const onShort = run(atTwelve, { type: 'down' });
    expect(cursor(onShort)).toEqual([1, 5]);
    const below = run(onShort, { type: 'down' });
    expect(cursor(below)).toEqual([2, 12]);
    expect(cursor(run(below, { type: 'up' }, { type: 'up' }))).toEqual([0, 12]);
  });

  it('typing forgets the preferred column', () => {
    const s = run(editorFrom('a long first line\nshort\nanother long line'), { type: 'up' }, { type: 'up' }, { type: 'down' });
    expect(cursor(s)).toEqual([1, 5]);
    const typed = run(s, { type: 'insert', text: 'x' }, { type: 'down' });
    expect(cursor(typed)).toEqual([2, 6]);
  });

  it('up on the first line goes to its start; down on the last line goes to its end', () => {
    const s = run(editorFrom('one two\nthree'), { type: 'up' }, { type: 'up' });
    expect(cursor(s)).toEqual([0, 0]);
    expect(cursor(run(s, { type: 'down' }, { type: 'home' }, { type: 'down' }))).toEqual([1, 5]);
  });

  it('up and down keep the visual column on lines with wide characters', () => {
    const s = run(editorFrom('日本語です\nabcdef'), { type: 'home' }, ...repeat({ type: 'right' }, 4), { type: 'up' });
    expect(cursor(s)).toEqual([0, 2]);
  });
});

describe('word movement and deletion', () => {
  const line = "we don't stream tokens";

  it('wordLeft jumps to the start of each word, keeping contractions whole', () => {
    const stops: number[] = [];
    let s = editorFrom(line);
    for (let i = 0; i < 4; i += 1) {
      s = editorReducer(s, { type: 'wordLeft' });
      stops.push(s.col);
    }
    expect(stops).toEqual([16, 9, 3, 0]);
  });

  it('wordRight jumps to the end of each word', () => {
    const stops: number[] = [];
    let s = run(editorFrom(line), { type: 'home' });
    for (let i = 0; i < 4; i += 1) {
      s = editorReducer(s, { type: 'wordRight' });
      stops.push(s.col);
    }
    expect(stops).toEqual([2, 8, 15, 22]);
  });

  it('word movement crosses line boundaries', () => {
    const s = editorFrom('first\nsecond');
    const atStart = run(s, { type: 'home' });
    expect(cursor(run(atStart, { type: 'wordLeft' }))).toEqual([0, 5]);
    expect(cursor(run(atStart, { type: 'wordLeft' }, { type: 'wordRight' }))).toEqual([1, 0]);
  });

  it('deleteWordBack removes the previous word and the spaces after it', () => {
    let s = editorFrom('hello world   ');
    s = editorReducer(s, { type: 'deleteWordBack' });
    expect(editorText(s)).toBe('hello ');
    s = run(editorFrom(line), { type: 'deleteWordBack' }, { type: 'deleteWordBack' });
    expect(editorText(s)).toBe("we don't ");
    expect(cursor(s)).toEqual([0, 9]);
  });

  it('deleteWordBack in the middle of a line keeps the text after the cursor', () => {
    const s = run(editorFrom(line), { type: 'wordLeft' }, { type: 'deleteWordBack' });
    expect(editorText(s)).toBe("we don't tokens");
    expect(cursor(s)).toEqual([0, 9]);
  });

  it('deleteWordBack at the start of a line joins it to the previous line', () => {
    const s = run(editorFrom('one\ntwo'), { type: 'home' }, { type: 'deleteWordBack' });
    expect(s.lines).toEqual(['onetwo']);
    expect(cursor(s)).toEqual([0, 3]);
  });

  it('killLineBack deletes from the line start to the cursor only', () => {
    const s = run(editorFrom('first\nsecond line'), ...repeat({ type: 'left' }, 4), { type: 'killLineBack' });
    expect(s.lines).toEqual(['first', 'line']);
    expect(cursor(s)).toEqual([1, 0]);
  });
});

describe('paste and normalisation', () => {
  it('a multi-line paste is one insert and leaves the cursor after the pasted text', () => {
    const before = run(editorFrom('Plan: | done'), ...repeat({ type: 'left' }, 6));
    const s = editorReducer(before, { type: 'insert', text: 'cache\r\nbatch\rstream' });
    expect(s.lines).toEqual(['Plan: cache', 'batch', 'stream| done']);
    expect(cursor(s)).toEqual([2, 6]);
    expect(editorText(type(s, '!'))).toBe('Plan: cache\nbatch\nstream!| done');
  });

  it('normalises CRLF and CR line ends and turns tabs into two spaces', () => {
    const s = editorFrom('a\r\nb\rc\td');
    expect(s.lines).toEqual(['a', 'b', 'c  d']);
    expect(cursor(s)).toEqual([2, 4]);
  });

  it('strips control characters and terminal colour codes from inserted text', () => {
    const s = editorReducer(emptyEditor, { type: 'insert', text: 'a\u0007b\u001b[31mc\u001b[0m\td' });
    expect(editorText(s)).toBe('abc  d');
    expect(s.col).toBe(6);
  });

  it('an insert of nothing printable returns the same state', () => {
    const s = editorFrom('x');
    expect(editorReducer(s, { type: 'insert', text: '' })).toBe(s);
    expect(editorReducer(s, { type: 'insert', text: '\u0000\u001b' })).toBe(s);
  });

  it('set replaces everything and puts the cursor at the end', () => {
    const s = editorReducer(editorFrom('old text'), { type: 'set', text: 'restored\ndraft' });
    expect(s.lines).toEqual(['restored', 'draft']);
    expect(cursor(s)).toEqual([1, 5]);
    expect(editorReducer(s, { type: 'set', text: 'restored\ndraft' })).toBe(s);
  });

  it('an empty buffer is a single empty line', () => {
    expect(editorFrom('').lines).toEqual(['']);
    expect(editorText(emptyEditor)).toBe('');
    expect(wordCount(emptyEditor)).toBe(0);
  });
});

describe('emoji', () => {
  const rocket = '🚀';

  it('left and right step over an emoji as one character', () => {
    const s = editorFrom(`a${rocket}b`);
    const cols = [s.col];
    let t = s;
    for (let i = 0; i < 3; i += 1) {
      t = editorReducer(t, { type: 'left' });
      cols.push(t.col);
    }
    expect(cols).toEqual([4, 3, 1, 0]);
    expect(run(t, { type: 'right' }, { type: 'right' }).col).toBe(3);
  });

  it('backspace and delete remove the whole emoji', () => {
    const back = run(editorFrom(`a${rocket}b`), { type: 'left' }, { type: 'backspace' });
    expect(editorText(back)).toBe('ab');
    expect(back.col).toBe(1);
    const del = run(editorFrom(`a${rocket}b`), { type: 'home' }, { type: 'right' }, { type: 'delete' });
    expect(editorText(del)).toBe('ab');
  });

  it('up and down never land inside an emoji', () => {
    const s = run(editorFrom(`${rocket}${rocket}\nxyz`), { type: 'home' }, { type: 'right' }, { type: 'up' });
    expect(cursor(s)).toEqual([0, 0]);
  });
});

describe('word count', () => {
  it('counts words across lines, not punctuation or emoji', () => {
    expect(wordCount(editorFrom("Cache the KV-blocks — don't recompute.\n\n  p95 < 200 ms 🚀"))).toBe(8);
  });
});

describe('display width', () => {
  it('counts wide characters and emoji as two columns and combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('🚀x')).toBe(3);
    expect(displayWidth('e\u0301')).toBe(1);
  });
});

describe('wrapLines', () => {
  const paragraph =
    'I would start by pinning down the latency budget, because every later choice depends on it, then size replicas for 5,000 requests per minute.';

  it('wraps a long paragraph at width 20 on spaces without exceeding the width', () => {
    const visual = wrapLines(editorFrom(paragraph), 20);
    expect(visual.length).toBeGreaterThan(6);
    for (const v of visual) expect(v.text.length).toBeLessThanOrEqual(20);
    for (const v of visual.slice(0, -1)) expect(v.text.endsWith(' ')).toBe(true);
    for (const v of visual.slice(1)) expect(v.text.startsWith(' ')).toBe(false);
    expect(visual.map((v) => v.text).join('')).toBe(paragraph);
    expect(visual.slice(0, 3).map((v) => v.text)).toEqual(['I would start by ', 'pinning down the ', 'latency budget, ']);
  });

  it('gives back each logical line when its visual lines are concatenated', () => {
    const state = editorFrom(`${paragraph}\n\nshort\n${paragraph}`);
    const visual = wrapLines(state, 20);
    state.lines.forEach((line, row) => {
      expect(visual.filter((v) => v.row === row).map((v) => v.text).join('')).toBe(line);
    });
    for (const v of visual) expect(v.text).toBe(state.lines[v.row]?.slice(v.start, v.end));
  });

  it('an empty logical line yields one empty visual line', () => {
    const visual = wrapLines(editorFrom('one\n\ntwo'), 20);
    expect(visual.map((v) => [v.row, v.text])).toEqual([
      [0, 'one'],
      [1, ''],
      [2, 'two'],
    ]);
  });

  it('hard-breaks a word longer than the width', () => {
    const visual = wrapLines(editorFrom('a supercalifragilistic word'), 10);
    expect(visual.map((v) => v.text)).toEqual(['a ', 'supercalif', 'ragilistic', ' word']);
  });

  it('counts wide characters as two columns when wrapping', () => {
    expect(wrapLines(editorFrom('日本語日本語'), 5).map((v) => v.text)).toEqual(['日本', '語日', '本語']);
    expect(wrapLines(editorFrom('ab 🚀🚀 cd'), 6).map((v) => v.text)).toEqual(['ab ', '🚀🚀 ', 'cd']);
  });
});

describe('cursorVisualPosition', () => {
  const text = 'hello world again';

  function at(state: EditorState, col: number): EditorState {
    return run(state, { type: 'home' }, ...repeat({ type: 'right' }, col));
  }

  it('puts a cursor at a wrap point at the start of the next visual line', () => {
    const s = editorFrom(text);
    expect(wrapLines(s, 10).map((v) => v.text)).toEqual(['hello ', 'world ', 'again']);
    expect(cursorVisualPosition(at(s, 6), 10)).toEqual({ line: 1, column: 0 });
    expect(cursorVisualPosition(at(s, 5), 10)).toEqual({ line: 0, column: 5 });
    expect(cursorVisualPosition(at(s, 8), 10)).toEqual({ line: 1, column: 2 });
  });

  it('keeps a cursor at the end of the logical line on its last visual line', () => {
    const s = editorFrom('abcdefghij');
    expect(cursorVisualPosition(s, 5)).toEqual({ line: 1, column: 5 });
    expect(cursorVisualPosition(at(s, 5), 5)).toEqual({ line: 1, column: 0 });
    expect(cursorVisualPosition(s, 10)).toEqual({ line: 0, column: 10 });
  });

  it('counts visual lines of earlier rows and display columns of emoji', () => {
    const s = editorFrom(`${text}\n🚀 go`);
    expect(cursorVisualPosition(s, 10)).toEqual({ line: 3, column: 5 });
    expect(cursorVisualPosition(at(s, 1), 10)).toEqual({ line: 3, column: 2 });
    expect(at(s, 1).col).toBe(2);
    expect(cursorVisualPosition(run(s, { type: 'up' }, { type: 'end' }), 10)).toEqual({ line: 2, column: 5 });
  });
});

describe('up and down by display line', () => {
  // "alpha beta gamma delta" wraps at width 11 into "alpha beta ", "gamma delta".
  const para = editorFrom('alpha beta gamma delta\nsecond');

  it('moves within a wrapped paragraph instead of jumping to the next paragraph', () => {
    const start = editorReducer(editorReducer(para, { type: 'up' }), { type: 'home' });
    expect(start.row).toBe(0);
    const down = editorReducer(editorReducer(start, { type: 'right' }), { type: 'down', width: 11 });
    expect(down.row).toBe(0);
    expect(down.lines[0]?.slice(down.col)).toBe('amma delta');
    const again = editorReducer(down, { type: 'down', width: 11 });
    expect(again.row).toBe(1);
    expect(again.col).toBe(1);
    const back = editorReducer(editorReducer(again, { type: 'up', width: 11 }), { type: 'up', width: 11 });
    expect(back.row).toBe(0);
    expect(back.col).toBe(1);
  });

  it('stops at the first and last positions', () => {
    const top = editorReducer(editorFrom('one two three'), { type: 'up', width: 5 });
    expect(top.lines[0]?.slice(top.col)).toBe(' three');
    const first = editorReducer(editorReducer(top, { type: 'up', width: 5 }), { type: 'up', width: 5 });
    expect([first.row, first.col]).toEqual([0, 0]);
    const last = editorReducer(first, { type: 'down', width: 100 });
    expect([last.row, last.col]).toEqual([0, 13]);
  });
});

describe('after a run of edits', () => {
  // The word count and the layout are carried over from the buffer before each edit, working out
  // only what it changed; they must match what the same text measured afresh gives.
  const pieces = ['a', 'Z', '7', ' ', ' ', '  ', '.', '-', '$', "'", '😀', '👨‍👩‍👧', '日本', 'e\u0301', '\u00a0', '\u3000', '𝐀', 'queue '];
  const actions: ((random: () => number, width: number) => EditorAction)[] = [
    (r) => ({ type: 'insert', text: pieces[Math.floor(r() * pieces.length)] ?? 'x' }),
    (r) => ({ type: 'insert', text: Array.from({ length: 1 + Math.floor(r() * 40) }, () => pieces[Math.floor(r() * pieces.length)]).join('') + (r() < 0.3 ? '\nnext line' : '') }),
    () => ({ type: 'backspace' }),
    () => ({ type: 'delete' }),
    () => ({ type: 'newline' }),
    () => ({ type: 'left' }),
    () => ({ type: 'right' }),
    (_, width) => ({ type: 'up', width }),
    (_, width) => ({ type: 'down', width }),
    () => ({ type: 'deleteWordBack' }),
    () => ({ type: 'killLineBack' }),
    () => ({ type: 'wordLeft' }),
  ];

  it('counts, wraps and scrolls exactly as the same text loaded afresh', () => {
    const random = seededRandom(11);
    for (let run = 0; run < 40; run++) {
      const width = 1 + Math.floor(random() * 24);
      let state = editorFrom(Array.from({ length: Math.floor(random() * 400) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
      for (let step = 0; step < 60; step++) {
        const pick = actions[Math.floor(random() * actions.length)];
        if (pick === undefined) continue;
        state = editorReducer(state, pick(random, width));
        const height = 1 + Math.floor(random() * 6);
        // Usually only what the screen asks for, as in a round; now and then everything.
        const window = editorWindow(state, width, height);
        const fresh: EditorState = { ...state, lines: [...state.lines] };
        expect(window).toEqual(editorWindow(fresh, width, height));
        expect(wordCount(state)).toBe(state.lines.reduce((n, line) => n + countWords(line), 0));
        if (random() < 0.1) {
          expect(wrapLines(state, width)).toEqual(wrapLines(fresh, width));
          expect(cursorVisualPosition(state, width)).toEqual(cursorVisualPosition(fresh, width));
        }
      }
    }
  });

  it('shows the lines a full wrap would, scrolled so the cursor line is the last once it passes the box', () => {
    const state = run(editorFrom('word '.repeat(200)), ...repeat({ type: 'left' }, 500));
    const visual = wrapLines(state, 20);
    const cursorLine = cursorVisualPosition(state, 20).line;
    const shown = editorWindow(state, 20, 5);
    expect(shown.lines).toEqual(visual.slice(cursorLine - 4, cursorLine + 1));
    expect(shown.cursor).toBe(4);
    const top = editorWindow(run(state, { type: 'home' }), 20, 5);
    expect(top.lines).toEqual(visual.slice(0, 5));
    expect(top.cursor).toBe(0);
  });
});
