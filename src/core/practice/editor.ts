/**
 * The answer editor's buffer: a pure multi-line text model with a reducer, word wrap and
 * cursor placement for display. No React, Ink or IO here; the UI maps keys to actions.
 * The reducer notes what each edit kept of the buffer before it, so a buffer's word count and
 * wrap are worked out from its predecessor's, and the wrap only as far as the screen asks: a
 * keystroke costs what it changed and what is on screen, not the length of the answer.
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

/** Words in the buffer, as `countWords` counts them; after an edit, only the words around the change are counted again. */
export function wordCount(state: EditorState): number {
  const memo = memoOf(state.lines);
  if (memo.words === undefined) {
    let total = 0;
    for (const line of state.lines) total += countWords(line);
    memo.words = total;
  }
  return memo.words;
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

/**
 * Replaces `lines[row]` with `replacement`; only the edited line's text is rebuilt. The first new
 * line keeps the old line's first `prefix` characters and the last its final `suffix`.
 */
function spliceRow(state: EditorState, row: number, replacement: readonly string[], cursorRow: number, col: number, prefix: number, suffix: number): EditorState {
  const lines =
    replacement.length === 1
      ? state.lines.with(row, replacement[0] ?? '')
      : [...state.lines.slice(0, row), ...replacement, ...state.lines.slice(row + 1)];
  recordEdit(lines, { from: state.lines, row, removed: 1, added: replacement.length, prefix, suffix });
  return { lines, row: cursorRow, col, preferredCol: undefined };
}

function insert(state: EditorState, raw: string): EditorState {
  const text = sanitize(raw);
  if (text === '') return state;
  const line = currentLine(state);
  const before = line.slice(0, state.col);
  const after = line.slice(state.col);
  if (!text.includes('\n')) return spliceRow(state, state.row, [before + text + after], state.row, state.col + text.length, before.length, after.length);
  const parts = text.split('\n');
  const last = parts[parts.length - 1] ?? '';
  const replacement = [before + (parts[0] ?? ''), ...parts.slice(1, -1), last + after];
  return spliceRow(state, state.row, replacement, state.row + parts.length - 1, last.length, before.length, after.length);
}

/** Removes `lines[row].slice(from, to)` and puts the cursor at `from`. */
function removeRange(state: EditorState, from: number, to: number): EditorState {
  if (from === to) return state;
  const line = currentLine(state);
  return spliceRow(state, state.row, [line.slice(0, from) + line.slice(to)], state.row, from, from, line.length - to);
}

/** Joins `lines[row]` and `lines[row + 1]`, cursor at the join. */
function joinWithNext(state: EditorState, row: number): EditorState {
  const upper = state.lines[row] ?? '';
  const lower = state.lines[row + 1] ?? '';
  const lines = [...state.lines.slice(0, row), upper + lower, ...state.lines.slice(row + 2)];
  recordEdit(lines, { from: state.lines, row, removed: 2, added: 1, prefix: upper.length, suffix: lower.length });
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
  const columns = Math.max(1, Math.floor(width));
  const lastRow = state.lines.length - 1;
  const here = placeOf(state, columns);
  let target: VisualLine;
  if (delta < 0) {
    if (here.index > 0) target = visualLine(state.lines, state.row, here.wrap, here.index - 1);
    else if (state.row > 0) {
      const wrap = wrapOf(state.lines, state.row - 1, columns);
      target = visualLine(state.lines, state.row - 1, wrap, wrap.count(state.lines[state.row - 1] ?? '') - 1);
    } else return moveTo(state, 0, 0);
  } else if (here.wrap.has(currentLine(state), here.index + 1)) target = visualLine(state.lines, state.row, here.wrap, here.index + 1);
  else if (state.row < lastRow) target = visualLine(state.lines, state.row + 1, wrapOf(state.lines, state.row + 1, columns), 0);
  else return moveTo(state, lastRow, (state.lines[lastRow] ?? '').length);
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
      return spliceRow(state, state.row, [line.slice(0, state.col), line.slice(state.col)], state.row + 1, 0, state.col, line.length - state.col);
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

/**
 * Up to `CHUNK` visual lines of one logical line: where each starts, and one past the last index
 * its scan read (the line's length + 1 where it read to the end): a visual line depends on nothing
 * after that. `maxRead` is the furthest any of them read.
 */
interface WrapChunk {
  readonly starts: readonly number[];
  readonly reads: readonly number[];
  readonly maxRead: number;
}

/** A chunk as one wrap uses it: an edit before it moves its positions by `shift`, and the chunk itself is shared. */
interface WrapPiece {
  readonly chunk: WrapChunk;
  readonly shift: number;
}

const CHUNK = 64;

/** Visual lines held in chunks, each a piece some earlier wrap may share. */
class Wrapped {
  protected readonly pieces: WrapPiece[] = [];
  /** Index of the first visual line of each piece. */
  protected readonly firsts: number[] = [];
  /** Visual lines in the pieces. */
  protected held = 0;

  protected pushPiece(piece: WrapPiece): void {
    this.pieces.push(piece);
    this.firsts.push(this.held);
    this.held += piece.chunk.starts.length;
  }

  protected popPiece(): WrapPiece | undefined {
    const piece = this.pieces.pop();
    this.firsts.pop();
    if (piece !== undefined) this.held -= piece.chunk.starts.length;
    return piece;
  }

  private pieceOf(k: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.firsts[mid] ?? 0) <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where held visual line `k` starts, and one past what its scan read. */
  protected heldStart(k: number): number {
    const p = this.pieceOf(k);
    const piece = this.pieces[p];
    return piece === undefined ? 0 : (piece.chunk.starts[k - (this.firsts[p] ?? 0)] ?? 0) + piece.shift;
  }

  protected heldRead(k: number): number {
    const p = this.pieceOf(k);
    const piece = this.pieces[p];
    return piece === undefined ? 0 : (piece.chunk.reads[k - (this.firsts[p] ?? 0)] ?? 0) + piece.shift;
  }

  /** The last held visual line starting at or before `col`. */
  protected heldLineAt(col: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const piece = this.pieces[mid];
      if (piece !== undefined && (piece.chunk.starts[0] ?? 0) + piece.shift <= col) lo = mid;
      else hi = mid - 1;
    }
    const piece = this.pieces[lo];
    if (piece === undefined) return 0;
    const starts = piece.chunk.starts;
    let a = 0;
    let b = starts.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if ((starts[mid] ?? 0) + piece.shift <= col) a = mid;
      else b = mid - 1;
    }
    return (this.firsts[lo] ?? 0) + a;
  }

  /** Held visual lines [from, to) onto `out`, moved by `shift`: whole chunks are shared, the ends copied. */
  protected copyHeld(out: LineWrap, from: number, to: number, shift: number): void {
    for (let k = from; k < to; ) {
      const p = this.pieceOf(k);
      const piece = this.pieces[p];
      const first = this.firsts[p] ?? 0;
      if (piece === undefined) return;
      const end = first + piece.chunk.starts.length;
      if (k === first && end <= to) {
        out.piece({ chunk: piece.chunk, shift: piece.shift + shift });
        k = end;
        continue;
      }
      for (; k < Math.min(end, to); k++) out.line(this.heldStart(k) + shift, this.heldRead(k) + shift);
    }
  }
}

/** The visual lines a wrap had worked out when a newer version of its line was made from it. */
class WrapView extends Wrapped {
  constructor(
    pieces: readonly WrapPiece[],
    /** Where the next visual line, not worked out, starts; undefined when the wrap was complete. */
    readonly next: number | undefined,
  ) {
    super();
    for (const piece of pieces) this.pushPiece(piece);
  }

  get count(): number {
    return this.held;
  }

  /** The view's visual line starting exactly at `start`; -1 when none does, undefined when the view does not reach that far. */
  startingAt(start: number): number | undefined {
    if (this.held === 0 || (this.next !== undefined && start >= this.next)) return undefined;
    const k = this.heldLineAt(start);
    return this.heldStart(k) === start ? k : -1;
  }

  copyTo(out: LineWrap, from: number, shift: number): void {
    this.copyHeld(out, from, this.held, shift);
  }
}

/**
 * One logical line wrapped at one width, worked out as far as it is asked about: the screen asks
 * for the lines around the cursor, so a keystroke on a long line wraps what is on screen, and
 * shares chunks with the wrap of the line before the edit. Greedy wrapping from a given start
 * depends only on the text after it: every visual line is the one a full wrap would give.
 */
class LineWrap extends Wrapped {
  private starts: number[] = [];
  private reads: number[] = [];
  private lastStart = -1;
  private lastRead = -1;
  /** How to go on: the next visual line's start, and an older wrap to take the rest from once a line starts where one of its did. */
  private rest: { start: number; tail: { view: WrapView; from: number; shift: number } | undefined } | undefined;

  /** `text` is the line this wraps; it is passed again to each query rather than kept, so that old versions of a long line are let go. */
  constructor(
    text: string,
    private readonly width: number,
  ) {
    super();
    this.rest = { start: 0, tail: undefined };
    if (text === '') {
      this.line(0, 1);
      this.rest = undefined;
    }
  }

  /** Starts from an older version: visual lines of `head` that read only the shared start are kept; the rest may come from `tail`. */
  static edited(text: string, width: number, head?: SharedPart, tail?: SharedPart): LineWrap {
    const wrap = new LineWrap(text, width);
    if (text === '') return wrap;
    if (head !== undefined) {
      const kept = head.wrap.keptBefore(head.line, head.shared);
      head.wrap.copyTo(head.line, wrap, 0, kept, 0);
      wrap.rest = { start: head.wrap.startAt(head.line, kept), tail: undefined };
    }
    if (tail !== undefined && wrap.rest !== undefined) wrap.rest.tail = { view: tail.wrap.view(), from: text.length - tail.shared, shift: text.length - tail.line.length };
    return wrap;
  }

  /** Adds a visual line. */
  line(start: number, read: number): void {
    this.starts.push(start);
    this.reads.push(read);
    this.lastStart = start;
    this.lastRead = read;
    if (this.starts.length === CHUNK) this.flush();
  }

  /** Adds a chunk of visual lines; small ones are copied, so that edits in many places do not leave the wrap in fragments. */
  piece(piece: WrapPiece): void {
    const n = piece.chunk.starts.length;
    if (n < CHUNK / 2) {
      for (let k = 0; k < n; k++) this.line((piece.chunk.starts[k] ?? 0) + piece.shift, (piece.chunk.reads[k] ?? 0) + piece.shift);
      return;
    }
    this.flush();
    this.pushPiece(piece);
    this.lastStart = (piece.chunk.starts[n - 1] ?? 0) + piece.shift;
    this.lastRead = (piece.chunk.reads[n - 1] ?? 0) + piece.shift;
  }

  private flush(): void {
    if (this.starts.length === 0) return;
    const last = this.pieces[this.pieces.length - 1];
    if (last !== undefined && this.starts.length < CHUNK / 2 && last.chunk.starts.length + this.starts.length <= CHUNK) {
      // A short run joins the chunk before it.
      this.popPiece();
      this.starts = [...last.chunk.starts.map((start) => start + last.shift), ...this.starts];
      this.reads = [...last.chunk.reads.map((read) => read + last.shift), ...this.reads];
    }
    this.pushPiece({ chunk: { starts: this.starts, reads: this.reads, maxRead: Math.max(...this.reads) }, shift: 0 });
    this.starts = [];
    this.reads = [];
  }

  /** Works out one more visual line (or the rest, from the older wrap); false when there are no more. */
  private step(text: string): boolean {
    const rest = this.rest;
    if (rest === undefined) return false;
    if (rest.start >= text.length) {
      this.rest = undefined;
      return false;
    }
    const tail = rest.tail;
    if (tail !== undefined && rest.start >= tail.from) {
      const k = tail.view.startingAt(rest.start - tail.shift);
      if (k === undefined) rest.tail = undefined;
      else if (k >= 0) {
        tail.view.copyTo(this, k, tail.shift);
        rest.tail = undefined;
        if (tail.view.next === undefined) this.rest = undefined;
        else rest.start = tail.view.next + tail.shift;
        return true;
      }
    }
    const scanned = scanVisualLine(text, rest.start, this.width);
    this.line(rest.start, scanned.read);
    rest.start = scanned.end;
    return true;
  }

  private get known(): number {
    return this.held + this.starts.length;
  }

  /** Whether visual line `k` exists. */
  has(text: string, k: number): boolean {
    while (this.known <= k && this.step(text));
    return this.known > k;
  }

  count(text: string): number {
    while (this.step(text));
    return this.known;
  }

  startAt(text: string, k: number): number {
    this.has(text, k);
    this.flush();
    return this.heldStart(k);
  }

  readAt(text: string, k: number): number {
    this.has(text, k);
    this.flush();
    return this.heldRead(k);
  }

  /** The last visual line starting at or before `col`: the one a cursor at `col` is on. */
  lineAt(text: string, col: number): number {
    while (this.lastStart <= col && this.step(text));
    this.flush();
    return this.heldLineAt(col);
  }

  /** Visual lines from the first that read nothing at or past `limit`. */
  keptBefore(text: string, limit: number): number {
    while (this.lastRead <= limit && this.step(text));
    this.flush();
    let k = 0;
    for (const piece of this.pieces) {
      if (piece.chunk.maxRead + piece.shift <= limit) {
        k += piece.chunk.starts.length;
        continue;
      }
      for (const read of piece.chunk.reads) {
        if (read + piece.shift > limit) return k;
        k++;
      }
    }
    return k;
  }

  copyTo(text: string, out: LineWrap, from: number, to: number, shift: number): void {
    this.has(text, to - 1);
    this.flush();
    this.copyHeld(out, from, to, shift);
  }

  /** What is worked out so far, for a newer version of the line to take its end from. */
  view(): WrapView {
    this.flush();
    return new WrapView(this.pieces, this.rest?.start);
  }
}

/** Scans one visual line from `start`: breaks after the last space that fits, hard-breaks a longer word. */
function scanVisualLine(line: string, start: number, width: number): { end: number; read: number } {
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
  if (i >= line.length) return { end: line.length, read: line.length + 1 };
  const end = afterLastSpace > start ? afterLastSpace : i;
  return { end, read: i + ((line.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) };
}

/** An earlier line that `line` shares its first (or last) `shared` characters with, and that line's wrap. */
interface SharedPart {
  readonly line: string;
  readonly wrap: LineWrap;
  readonly shared: number;
}

/**
 * How a lines array was made from the one before: rows [row, row + removed) of `from` became rows
 * [row, row + added), the first keeping the first `prefix` characters of `from[row]` and the last
 * the final `suffix` characters of `from[row + removed - 1]`. The reducer records it; layouts read it.
 */
interface LineEdit {
  readonly from: readonly string[];
  readonly row: number;
  readonly removed: number;
  readonly added: number;
  readonly prefix: number;
  readonly suffix: number;
  /** Edits in a row that no layout has read yet. */
  readonly depth: number;
}

/**
 * What is known about one lines array: its word count and its lines' wraps by width, filled in as
 * asked for. Keyed by the array, which the reducer replaces on every edit and keeps otherwise, so
 * an unchanged buffer is never measured twice and a changed one starts from the one before.
 */
interface LinesMemo {
  words: number | undefined;
  readonly wraps: Map<number, (LineWrap | undefined)[]>;
}

/** Past this many unread edits the link to the older buffer is dropped: the next layout measures afresh, and old text is not kept. */
const MAX_UNREAD_EDITS = 32;
const edits = new WeakMap<readonly string[], LineEdit>();
const memos = new WeakMap<readonly string[], LinesMemo>();

function recordEdit(lines: readonly string[], edit: Omit<LineEdit, 'depth'>): void {
  const depth = (edits.get(edit.from)?.depth ?? 0) + 1;
  if (depth <= MAX_UNREAD_EDITS) edits.set(lines, { ...edit, depth });
}

const isSpaceAt = (line: string, i: number): boolean => isSpace(line.charCodeAt(i));

/** White space as `\s` reads it, by UTF-16 code unit. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A letter or digit, as `countWords` looks for one. */
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/**
 * The changed text of an edit, rows joined by line breaks, as the words it adds to the words on
 * either side of it: `alone` when it holds no white space (the two sides and it are one word),
 * else whether its first and last pieces have a letter or digit and the words between them.
 */
interface Middle {
  readonly alone: boolean;
  readonly word: boolean;
  readonly firstWord: boolean;
  readonly inner: number;
  readonly lastWord: boolean;
}

function middleOf(text: string): Middle {
  const first = text.search(/\s/);
  if (first < 0) return { alone: true, word: WORD_CHAR_RE.test(text), firstWord: false, inner: 0, lastWord: false };
  let last = text.length - 1;
  while (!isSpace(text.charCodeAt(last))) last--;
  return { alone: false, word: false, firstWord: WORD_CHAR_RE.test(text.slice(0, first)), inner: countWords(text.slice(first, last + 1)), lastWord: WORD_CHAR_RE.test(text.slice(last + 1)) };
}

/** Words the change and the unchanged word pieces touching it make, given whether those pieces have a letter or digit. */
function wordsAround(m: Middle, left: boolean, right: boolean): number {
  if (m.alone) return left || m.word || right ? 1 : 0;
  return (left || m.firstWord ? 1 : 0) + m.inner + (m.lastWord || right ? 1 : 0);
}

/** Rows [row, row + count) of `lines` between `from` in the first and `to` in the last, joined by line breaks. */
function textBetween(lines: readonly string[], row: number, count: number, from: number, to: number): string {
  if (count === 1) return (lines[row] ?? '').slice(from, to);
  return [(lines[row] ?? '').slice(from), ...lines.slice(row + 1, row + count - 1), (lines[row + count - 1] ?? '').slice(0, to)].join('\n');
}

/** Whether the piece of a word running from `at` in `step` direction (to white space or the line's end) has a letter or digit. */
function pieceHasWord(line: string, at: number, step: -1 | 1): boolean {
  for (let i = step < 0 ? at - 1 : at; i >= 0 && i < line.length; i += step) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) return false;
    if (c < 0x80) {
      if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return true;
      continue;
    }
    // A surrogate pair is one code point: test it whole, from whichever half is reached first.
    const pairStart = step < 0 && c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
    if (WORD_CHAR_RE.test(String.fromCodePoint(line.codePointAt(pairStart) ?? c))) return true;
  }
  return false;
}

/**
 * The word count after `edit`, from the count before it. Only the changed text and the words
 * touching it can change the count, and whether a long word on either side has a letter or digit
 * is looked up only when the answer depends on it: typing inside a 100,000-character run of
 * punctuation does not read the run.
 */
function wordsAfter(lines: readonly string[], edit: LineEdit, before: number): number {
  const firstOld = edit.from[edit.row] ?? '';
  const lastOld = edit.from[edit.row + edit.removed - 1] ?? '';
  const lastNew = lines[edit.row + edit.added - 1] ?? '';
  const oldMiddle = middleOf(textBetween(edit.from, edit.row, edit.removed, edit.prefix, lastOld.length - edit.suffix));
  const newMiddle = middleOf(textBetween(lines, edit.row, edit.added, edit.prefix, lastNew.length - edit.suffix));
  // The unchanged pieces of the words on either side of the change: unknown until read, none where white space borders the change.
  let left: boolean | undefined = edit.prefix === 0 || isSpaceAt(firstOld, edit.prefix - 1) ? false : undefined;
  let right: boolean | undefined = edit.suffix === 0 || isSpaceAt(lastOld, lastOld.length - edit.suffix) ? false : undefined;
  const change = (l: boolean, r: boolean): number => wordsAround(newMiddle, l, r) - wordsAround(oldMiddle, l, r);
  const settled = (): boolean => {
    const values = new Set<number>();
    for (const l of left === undefined ? [false, true] : [left]) for (const r of right === undefined ? [false, true] : [right]) values.add(change(l, r));
    return values.size === 1;
  };
  if (!settled()) {
    left ??= pieceHasWord(firstOld, edit.prefix, -1);
    if (!settled()) right ??= pieceHasWord(lastOld, lastOld.length - edit.suffix, 1);
  }
  return before + change(left ?? false, right ?? false);
}

/** The memo of `lines`, carried over from the buffer before its edit where there is one: only the edited rows are worked out again. */
function memoOf(lines: readonly string[]): LinesMemo {
  const known = memos.get(lines);
  if (known !== undefined) return known;
  const memo: LinesMemo = { words: undefined, wraps: new Map() };
  const edit = edits.get(lines);
  if (edit !== undefined) {
    // Read once: the older buffer is needed no more, and is let go.
    edits.delete(lines);
    const parent = memoOf(edit.from);
    if (parent.words !== undefined) memo.words = wordsAfter(lines, edit, parent.words);
    const moved = edit.added - edit.removed;
    for (const [width, old] of parent.wraps) {
      const wraps: (LineWrap | undefined)[] = new Array(lines.length);
      for (let row = 0; row < edit.row; row++) wraps[row] = old[row];
      for (let row = edit.row + edit.added; row < lines.length; row++) wraps[row] = old[row - moved];
      const headWrap = old[edit.row];
      const tailWrap = old[edit.row + edit.removed - 1];
      const head = headWrap === undefined ? undefined : { line: edit.from[edit.row] ?? '', wrap: headWrap, shared: edit.prefix };
      const tail = tailWrap === undefined ? undefined : { line: edit.from[edit.row + edit.removed - 1] ?? '', wrap: tailWrap, shared: edit.suffix };
      // The rows between the first and last new ones (a multi-line paste) are wrapped when first shown.
      const first = lines[edit.row] ?? '';
      if (edit.added === 1) wraps[edit.row] = head !== undefined || tail !== undefined ? LineWrap.edited(first, width, head, tail) : undefined;
      else {
        if (head !== undefined) wraps[edit.row] = LineWrap.edited(first, width, head);
        if (tail !== undefined) wraps[edit.row + edit.added - 1] = LineWrap.edited(lines[edit.row + edit.added - 1] ?? '', width, undefined, tail);
      }
      memo.wraps.set(width, wraps);
    }
  }
  memos.set(lines, memo);
  return memo;
}

/** The wrap of `lines[row]` at `columns`. */
function wrapOf(lines: readonly string[], row: number, columns: number): LineWrap {
  const memo = memoOf(lines);
  let wraps = memo.wraps.get(columns);
  if (wraps === undefined) {
    // A resize measures afresh; the widths a screen has used stay (a box and its up/down keys share one).
    if (memo.wraps.size >= 4) memo.wraps.clear();
    memo.wraps.set(columns, (wraps = new Array(lines.length)));
  }
  let wrap = wraps[row];
  if (wrap === undefined) wraps[row] = wrap = new LineWrap(lines[row] ?? '', columns);
  return wrap;
}

/** Which visual line of the cursor's row holds the cursor, its wrap, and the cursor's display column on it. */
function placeOf(state: EditorState, columns: number): { wrap: LineWrap; index: number; column: number } {
  const line = currentLine(state);
  const wrap = wrapOf(state.lines, state.row, columns);
  // At a wrap point the cursor belongs to the next visual line, except at the very end of the logical line.
  const index = wrap.lineAt(line, state.col);
  const start = wrap.startAt(line, index);
  const end = wrap.has(line, index + 1) ? wrap.startAt(line, index + 1) : line.length;
  return { wrap, index, column: displayWidth(line.slice(start, Math.min(Math.max(state.col, start), end))) };
}

function visualLine(lines: readonly string[], row: number, wrap: LineWrap, index: number): VisualLine {
  const line = lines[row] ?? '';
  const start = wrap.startAt(line, index);
  const end = wrap.has(line, index + 1) ? wrap.startAt(line, index + 1) : line.length;
  return { row, start, end, text: line.slice(start, end) };
}

/** Display lines for a box `width` columns wide: breaks after the last space that fits, hard-breaks longer words. */
export function wrapLines(state: EditorState, width: number): VisualLine[] {
  const columns = Math.max(1, Math.floor(width));
  const out: VisualLine[] = [];
  state.lines.forEach((_, row) => {
    const wrap = wrapOf(state.lines, row, columns);
    for (let k = 0; wrap.has(state.lines[row] ?? '', k); k++) out.push(visualLine(state.lines, row, wrap, k));
  });
  return out;
}

/** Where the UI draws the cursor: an index into `wrapLines(state, width)` and a display column on that line. */
export function cursorVisualPosition(state: EditorState, width: number): { line: number; column: number } {
  const columns = Math.max(1, Math.floor(width));
  if (state.row < 0 || state.row >= state.lines.length) return { line: Math.max(0, wrapLines(state, width).length - 1), column: 0 };
  let line = 0;
  for (let row = 0; row < state.row; row++) line += wrapOf(state.lines, row, columns).count(state.lines[row] ?? '');
  const here = placeOf(state, columns);
  return { line: line + here.index, column: here.column };
}

/**
 * What a box `height` rows tall shows: the visual lines from the top, or, once the cursor's line
 * would pass the bottom, the `height` lines ending with it; and which of them holds the cursor.
 * Only the rows on screen are wrapped (each once per version), so a keystroke costs what is
 * visible, however long the answer.
 */
export function editorWindow(state: EditorState, width: number, height: number): { lines: VisualLine[]; cursor: number } {
  const rows = Math.max(0, Math.floor(height));
  if (rows === 0) return { lines: [], cursor: -1 };
  const columns = Math.max(1, Math.floor(width));
  if (state.row < 0 || state.row >= state.lines.length) {
    const visual = wrapLines(state, width);
    const line = Math.max(0, visual.length - 1);
    const offset = Math.max(0, line - rows + 1);
    return { lines: visual.slice(offset, offset + rows), cursor: line - offset };
  }
  const here = placeOf(state, columns);
  // Back from the cursor's line: once `rows` lines are found, they are the window.
  const back: VisualLine[] = [];
  for (let row = state.row; row >= 0 && back.length < rows; row--) {
    const wrap = row === state.row ? here.wrap : wrapOf(state.lines, row, columns);
    for (let k = row === state.row ? here.index : wrap.count(state.lines[row] ?? '') - 1; k >= 0 && back.length < rows; k--) back.push(visualLine(state.lines, row, wrap, k));
  }
  const lines = back.reverse();
  const cursor = lines.length - 1;
  // The cursor is near the top: the window starts at the first line and runs on past the cursor.
  for (let row = state.row, from = here.index + 1; row < state.lines.length && lines.length < rows; row++, from = 0) {
    const wrap = row === state.row ? here.wrap : wrapOf(state.lines, row, columns);
    for (let k = from; wrap.has(state.lines[row] ?? '', k) && lines.length < rows; k++) lines.push(visualLine(state.lines, row, wrap, k));
  }
  return { lines, cursor };
}
