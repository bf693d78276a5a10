/**
 * The answer editor's buffer: a pure multi-line text model with a reducer, word wrap and
 * cursor placement for display. No React, Ink or IO here; the UI maps keys to actions.
 */
import { countWords } from '../grading/text.js';

export interface EditorState {
  /** Logical lines; never empty (an empty buffer is `['']`). */
  readonly lines: readonly string[];
  readonly row: number;
  /** UTF-16 index into `lines[row]`; never inside a surrogate pair. */
  readonly col: number;
  /** Display column that up/down aim for across shorter lines; unset by any other action. */
  readonly preferredCol: number | undefined;
}

export type EditorAction =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'newline' }
  | { readonly type: 'backspace' }
  | { readonly type: 'delete' }
  | { readonly type: 'left' }
  | { readonly type: 'right' }
  /** With `width`, up and down move by wrapped display line, as in any text field; without, by logical line. */
  | { readonly type: 'up'; readonly width?: number }
  | { readonly type: 'down'; readonly width?: number }
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  | { readonly type: 'wordLeft' }
  | { readonly type: 'wordRight' }
  | { readonly type: 'deleteWordBack' }
  | { readonly type: 'killLineBack' }
  | { readonly type: 'set'; readonly text: string };

/** One row of the wrapped display: `text` is `lines[row].slice(start, end)`. */
export interface VisualLine {
  readonly row: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export const emptyEditor: EditorState = { lines: [''], row: 0, col: 0, preferredCol: undefined };

// CSI sequences (colours copied from a terminal, stray arrow keys) would leave visible junk once ESC is stripped.
const CSI_RE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const CONTROL_RE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as the buffer stores it: LF line ends, tabs as two spaces, no control characters or lone surrogates. */
function sanitize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(CSI_RE, '')
    .replace(CONTROL_RE, '')
    .replace(LONE_SURROGATE_RE, '');
}

export function editorFrom(text: string): EditorState {
  const lines = sanitize(text).split('\n');
  const row = lines.length - 1;
  return { lines, row, col: (lines[row] ?? '').length, preferredCol: undefined };
}

export function editorText(state: EditorState): string {
  return state.lines.join('\n');
}

export function wordCount(state: EditorState): number {
  let count = 0;
  for (const line of state.lines) count += countWords(line);
  return count;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Index of the character boundary before `col`, stepping over a surrogate pair as one character. */
function prevBoundary(line: string, col: number): number {
  if (col <= 0) return 0;
  return col >= 2 && isLow(line.charCodeAt(col - 1)) && isHigh(line.charCodeAt(col - 2)) ? col - 2 : col - 1;
}

function nextBoundary(line: string, col: number): number {
  if (col >= line.length) return line.length;
  return isHigh(line.charCodeAt(col)) && isLow(line.charCodeAt(col + 1)) ? col + 2 : col + 1;
}

const EMOJI_PRESENTATION_RE = /\p{Emoji_Presentation}/u;
const ZERO_WIDTH_MARK_RE = /[\p{Mn}\p{Me}]/u;
const ZWJ = 0x200d;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Terminal columns taken by one code point; `prev` lets a ZWJ sequence count as its first emoji only. */
function charWidth(cp: number, prev: number): number {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 0;
  if (prev === ZWJ || cp === ZWJ || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (cp >= 0x1f3fb && cp <= 0x1f3ff) return 0; // skin-tone modifiers merge into the emoji before them
  const ch = String.fromCodePoint(cp);
  if (ZERO_WIDTH_MARK_RE.test(ch)) return 0;
  if (isWide(cp) || EMOJI_PRESENTATION_RE.test(ch)) return 2;
  return 1;
}

/** Columns `text` takes in a terminal: East Asian wide characters and emoji count 2, combining marks 0. */
export function displayWidth(text: string): number {
  let width = 0;
  let prev = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    width += charWidth(cp, prev);
    prev = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  return width;
}

/** The last character boundary in `line` whose display column does not pass `target`. */
function colAtDisplay(line: string, target: number): number {
  let width = 0;
  let prev = 0;
  let i = 0;
  while (i < line.length) {
    const cp = line.codePointAt(i) ?? 0;
    const w = charWidth(cp, prev);
    if (width + w > target) break;
    width += w;
    prev = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

type CharClass = 'space' | 'word' | 'punct';

function classAt(line: string, index: number): CharClass {
  const ch = String.fromCodePoint(line.codePointAt(index) ?? 0);
  if (/\s/u.test(ch)) return 'space';
  // Apostrophes belong to words so "don't" moves and deletes as one word.
  return /[\p{L}\p{N}\p{M}_'’]/u.test(ch) ? 'word' : 'punct';
}

/** Start of the word before `col` within one line: skip spaces, then a run of one character class. */
function wordStartBefore(line: string, col: number): number {
  let i = col;
  while (i > 0) {
    const p = prevBoundary(line, i);
    if (classAt(line, p) !== 'space') break;
    i = p;
  }
  if (i === 0) return 0;
  const cls = classAt(line, prevBoundary(line, i));
  while (i > 0) {
    const p = prevBoundary(line, i);
    if (classAt(line, p) !== cls) break;
    i = p;
  }
  return i;
}

function wordEndAfter(line: string, col: number): number {
  let i = col;
  while (i < line.length && classAt(line, i) === 'space') i = nextBoundary(line, i);
  if (i >= line.length) return line.length;
  const cls = classAt(line, i);
  while (i < line.length && classAt(line, i) === cls) i = nextBoundary(line, i);
  return i;
}

function currentLine(state: EditorState): string {
  return state.lines[state.row] ?? '';
}

function moveTo(state: EditorState, row: number, col: number, preferredCol?: number): EditorState {
  if (state.row === row && state.col === col && state.preferredCol === preferredCol) return state;
  return { lines: state.lines, row, col, preferredCol };
}

/** Replaces `lines[row]` with `replacement`; only the edited line's text is rebuilt. */
function spliceRow(state: EditorState, row: number, replacement: readonly string[], cursorRow: number, col: number): EditorState {
  const lines =
    replacement.length === 1
      ? state.lines.with(row, replacement[0] ?? '')
      : [...state.lines.slice(0, row), ...replacement, ...state.lines.slice(row + 1)];
  return { lines, row: cursorRow, col, preferredCol: undefined };
}

function insert(state: EditorState, raw: string): EditorState {
  const text = sanitize(raw);
  if (text === '') return state;
  const line = currentLine(state);
  const before = line.slice(0, state.col);
  const after = line.slice(state.col);
  if (!text.includes('\n')) return spliceRow(state, state.row, [before + text + after], state.row, state.col + text.length);
  const parts = text.split('\n');
  const last = parts[parts.length - 1] ?? '';
  const replacement = [before + (parts[0] ?? ''), ...parts.slice(1, -1), last + after];
  return spliceRow(state, state.row, replacement, state.row + parts.length - 1, last.length);
}

/** Removes `lines[row].slice(from, to)` and puts the cursor at `from`. */
function removeRange(state: EditorState, from: number, to: number): EditorState {
  if (from === to) return state;
  const line = currentLine(state);
  return spliceRow(state, state.row, [line.slice(0, from) + line.slice(to)], state.row, from);
}

/** Joins `lines[row]` and `lines[row + 1]`, cursor at the join. */
function joinWithNext(state: EditorState, row: number): EditorState {
  const upper = state.lines[row] ?? '';
  const lower = state.lines[row + 1] ?? '';
  const lines = [...state.lines.slice(0, row), upper + lower, ...state.lines.slice(row + 2)];
  return { lines, row, col: upper.length, preferredCol: undefined };
}

function vertical(state: EditorState, delta: -1 | 1): EditorState {
  const target = state.row + delta;
  if (target < 0) return moveTo(state, 0, 0);
  if (target >= state.lines.length) return moveTo(state, state.row, currentLine(state).length);
  const preferred = state.preferredCol ?? displayWidth(currentLine(state).slice(0, state.col));
  return moveTo(state, target, colAtDisplay(state.lines[target] ?? '', preferred), preferred);
}

function visualVertical(state: EditorState, delta: -1 | 1, width: number): EditorState {
  const visual = wrapLines(state, width);
  const here = cursorVisualPosition(state, width);
  const index = here.line + delta;
  const lastRow = state.lines.length - 1;
  if (index < 0) return moveTo(state, 0, 0);
  if (index >= visual.length) return moveTo(state, lastRow, (state.lines[lastRow] ?? '').length);
  const target = visual[index];
  if (target === undefined) return state;
  const preferred = state.preferredCol ?? here.column;
  const line = state.lines[target.row] ?? '';
  let col = target.start + colAtDisplay(target.text, preferred);
  // The end of a wrapped line is the start of the next one; stay on the line the user aimed at.
  if (col >= target.end && target.end < line.length) col = prevBoundary(line, target.end);
  return moveTo(state, target.row, col, preferred);
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const line = currentLine(state);
  const lastRow = state.lines.length - 1;
  switch (action.type) {
    case 'insert':
      return insert(state, action.text);
    case 'newline':
      return spliceRow(state, state.row, [line.slice(0, state.col), line.slice(state.col)], state.row + 1, 0);
    case 'backspace':
      if (state.col > 0) return removeRange(state, prevBoundary(line, state.col), state.col);
      return state.row > 0 ? joinWithNext(state, state.row - 1) : state;
    case 'delete':
      if (state.col < line.length) return removeRange(state, state.col, nextBoundary(line, state.col));
      return state.row < lastRow ? joinWithNext(state, state.row) : state;
    case 'left':
      if (state.col > 0) return moveTo(state, state.row, prevBoundary(line, state.col));
      return state.row > 0 ? moveTo(state, state.row - 1, (state.lines[state.row - 1] ?? '').length) : moveTo(state, 0, 0);
    case 'right':
      if (state.col < line.length) return moveTo(state, state.row, nextBoundary(line, state.col));
      return state.row < lastRow ? moveTo(state, state.row + 1, 0) : moveTo(state, state.row, state.col);
    case 'up':
      return action.width === undefined ? vertical(state, -1) : visualVertical(state, -1, action.width);
    case 'down':
      return action.width === undefined ? vertical(state, 1) : visualVertical(state, 1, action.width);
    case 'home':
      return moveTo(state, state.row, 0);
    case 'end':
      return moveTo(state, state.row, line.length);
    case 'wordLeft':
      if (state.col > 0) return moveTo(state, state.row, wordStartBefore(line, state.col));
      return state.row > 0 ? moveTo(state, state.row - 1, (state.lines[state.row - 1] ?? '').length) : moveTo(state, 0, 0);
    case 'wordRight':
      if (state.col < line.length) return moveTo(state, state.row, wordEndAfter(line, state.col));
      return state.row < lastRow ? moveTo(state, state.row + 1, 0) : moveTo(state, state.row, state.col);
    case 'deleteWordBack':
      if (state.col > 0) return removeRange(state, wordStartBefore(line, state.col), state.col);
      return state.row > 0 ? joinWithNext(state, state.row - 1) : state;
    case 'killLineBack':
      return removeRange(state, 0, state.col);
    case 'set': {
      const next = editorFrom(action.text);
      const unchanged =
        state.row === next.row &&
        state.col === next.col &&
        state.preferredCol === undefined &&
        state.lines.length === next.lines.length &&
        state.lines.every((l, i) => l === next.lines[i]);
      return unchanged ? state : next;
    }
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** Wraps one logical line, pushing its visual lines onto `out`. */
function wrapRow(row: number, line: string, width: number, out: VisualLine[]): void {
  if (line === '') {
    out.push({ row, start: 0, end: 0, text: '' });
    return;
  }
  let start = 0;
  while (start < line.length) {
    let i = start;
    let used = 0;
    let prev = 0;
    let afterLastSpace = -1;
    while (i < line.length) {
      const cp = line.codePointAt(i) ?? 0;
      const w = charWidth(cp, prev);
      // A character wider than the whole width still gets a line of its own, or wrapping would never advance.
      if (used + w > width && i > start) break;
      used += w;
      prev = cp;
      i += cp > 0xffff ? 2 : 1;
      if (cp === 0x20) afterLastSpace = i;
    }
    const end = i >= line.length ? line.length : afterLastSpace > start ? afterLastSpace : i;
    out.push({ row, start, end, text: line.slice(start, end) });
    start = end;
  }
}

/** Display lines for a box `width` columns wide: breaks after the last space that fits, hard-breaks longer words. */
export function wrapLines(state: EditorState, width: number): VisualLine[] {
  const columns = Math.max(1, Math.floor(width));
  const out: VisualLine[] = [];
  state.lines.forEach((line, row) => wrapRow(row, line, columns, out));
  return out;
}

/** Where the UI draws the cursor: an index into `wrapLines(state, width)` and a display column on that line. */
export function cursorVisualPosition(state: EditorState, width: number): { line: number; column: number } {
  const visual = wrapLines(state, width);
  const lineLength = currentLine(state).length;
  for (let index = 0; index < visual.length; index += 1) {
    const v = visual[index];
    if (v === undefined || v.row !== state.row) continue;
    // At a wrap point the cursor belongs to the next visual line, except at the very end of the logical line.
    if (state.col < v.end || v.end === lineLength) {
      return { line: index, column: displayWidth(v.text.slice(0, state.col - v.start)) };
    }
  }
  return { line: Math.max(0, visual.length - 1), column: 0 };
}
