/**
 * Every key binding in one place, and the parser that turns terminal input into key presses.
 * Ink's own parser reports Backspace (DEL, 0x7f) as "delete"; ours tells the two apart.
 */
import type { EditorAction } from '../core/practice/editor.js';

export interface KeyPress {
  /** A named key ('return', 'backspace', 'up', …), a letter with ctrl/meta, or 'text' for typed or pasted text. */
  readonly name: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  /** The characters typed or pasted, for 'text'; empty otherwise. */
  readonly text: string;
}

const press = (name: string, mods: Partial<Pick<KeyPress, 'ctrl' | 'meta' | 'shift'>> = {}, text = ''): KeyPress => ({
  name,
  ctrl: mods.ctrl ?? false,
  meta: mods.meta ?? false,
  shift: mods.shift ?? false,
  text,
});

const CSI_NAMES: Readonly<Record<string, string>> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'tab',
  '1~': 'home', '7~': 'home', '4~': 'end', '8~': 'end', '3~': 'delete', '2~': 'insert', '5~': 'pageUp', '6~': 'pageDown',
};

function parseSequence(seq: string): KeyPress {
  if (seq === '\u001b') return press('escape');
  // CSI (ESC [) and SS3 (ESC O): arrows, Home/End, Page keys, with an optional modifier parameter.
  const csi = /^\u001b(?:\[|O)(\d*)(?:;(\d+))?([A-Za-z~])$/.exec(seq);
  if (csi !== null) {
    const [, code = '', mod = '1', final = ''] = csi;
    const name = CSI_NAMES[final === '~' ? `${code}~` : final] ?? 'unknown';
    const m = Number(mod) - 1;
    return press(name, { shift: (m & 1) !== 0 || final === 'Z', meta: (m & 2) !== 0, ctrl: (m & 4) !== 0 });
  }
  // ESC followed by one key is that key with Alt/Meta held.
  if (seq.length >= 2 && seq.startsWith('\u001b')) {
    const rest = seq.slice(1);
    const inner = parseText(rest)[0];
    // Alt+letter is a key, not typed text: it is named by its letter, as Ctrl+letter is.
    if (inner !== undefined) return inner.name === 'text' && inner.text.length === 1 ? press(inner.text.toLowerCase(), { meta: true, shift: inner.shift }) : { ...inner, meta: true };
  }
  return press('unknown');
}

function controlKey(ch: string): KeyPress {
  const code = ch.charCodeAt(0);
  if (ch === '\r' || ch === '\n') return press('return');
  if (ch === '\t') return press('tab');
  if (ch === '\u007f' || ch === '\b') return press('backspace');
  if (ch === '\u001b') return press('escape');
  if (code >= 1 && code <= 26) return press(String.fromCharCode(code + 96), { ctrl: true });
  return press('unknown');
}

/** Text with control characters in it: a paste keeps its line breaks; other control keys act alone. */
function parseText(chunk: string): KeyPress[] {
  if (chunk.length === 1) {
    return [/[\u0000-\u001f\u007f]/.test(chunk) ? controlKey(chunk) : press('text', { shift: /[A-Z]/.test(chunk) }, chunk)];
  }
  const out: KeyPress[] = [];
  let text = '';
  for (const ch of chunk) {
    if (ch === '\r' || ch === '\n' || ch === '\t' || !/[\u0000-\u001f\u007f]/.test(ch)) {
      text += ch;
      continue;
    }
    if (text !== '') out.push(press('text', {}, text));
    text = '';
    out.push(controlKey(ch));
  }
  if (text !== '') out.push(press('text', {}, text));
  return out;
}

/** One input event from Ink (an escape sequence, or a run of typed or pasted characters) as key presses. */
export function parseInput(input: string): KeyPress[] {
  if (input.startsWith('\u001b')) return [parseSequence(input)];
  return parseText(input);
}

type Binding = { readonly name: string; readonly ctrl?: boolean; readonly meta?: boolean };

/** The app's commands and the keys that trigger them; the help lines on screen are built from this too. */
export const KEY_BINDINGS = {
  submit: [{ name: 'd', ctrl: true }, { name: 's', ctrl: true }],
  /** A one-line answer (a drill's): Enter submits it too. */
  submitLine: [{ name: 'return' }, { name: 'return', meta: true }, { name: 'd', ctrl: true }, { name: 's', ctrl: true }],
  leave: [{ name: 'escape' }, { name: 'c', ctrl: true }],
  confirm: [{ name: 'y' }, { name: 'return' }],
  cancel: [{ name: 'n' }, { name: 'escape' }],
  next: [{ name: 'return' }],
  back: [{ name: 'escape' }, { name: 'q' }],
  quit: [{ name: 'q' }, { name: 'c', ctrl: true }],
  scrollUp: [{ name: 'up' }, { name: 'k' }],
  scrollDown: [{ name: 'down' }, { name: 'j' }],
  pageUp: [{ name: 'pageUp' }],
  pageDown: [{ name: 'pageDown' }, { name: 'space' }],
  /** Every scrolling view: the first line, and the last. */
  scrollTop: [{ name: 'home' }],
  scrollBottom: [{ name: 'end' }],
  /** While an answer is typed, Space types a space: only the page keys scroll the prompt above it. */
  promptUp: [{ name: 'pageUp' }],
  promptDown: [{ name: 'pageDown' }],
  resume: [{ name: 'r' }],
  close: [{ name: 'x' }],
  /** Leaves a screen that has nothing unsaved at once (history, settings, the self-test). */
  exit: [{ name: 'c', ctrl: true }],
  /** Drops a one-line field being typed (the sessions directory in settings). */
  stopEditing: [{ name: 'escape' }],
  up: [{ name: 'up' }],
  down: [{ name: 'down' }],
  increase: [{ name: 'right' }, { name: '+' }],
  decrease: [{ name: 'left' }, { name: '-' }],
  selftest: [{ name: 'g' }],
  exportReport: [{ name: 'e' }],
  diff: [{ name: 'd' }],
  /** The home menu, one letter an entry. */
  startRound: [{ name: 't' }],
  startScenario: [{ name: 'c' }],
  /** While answering: a one-line clarifying question to the interviewer (the clock keeps running). */
  ask: [{ name: 'o', ctrl: true }],
  /** While answering a follow-up with nothing typed: "I'd rather move on". */
  moveOn: [{ name: 'n', ctrl: true }],
  /** In a review with a follow-up waiting: move on from it, or from the whole question. */
  skipFollowUp: [{ name: 's' }],
  nextQuestion: [{ name: 'n' }],
  /** In a review: what a strong answer sounds like, beside yours. */
  answerKey: [{ name: 'a' }],
  startDue: [{ name: 'n' }],
  startFocus: [{ name: 'l' }],
  startDrill: [{ name: 'd' }],
  startFlaw: [{ name: 'f' }],
  /** The preparation drills' menu, and its entries by number. */
  openPrep: [{ name: 'p' }],
  prep1: [{ name: '1' }],
  prep2: [{ name: '2' }],
  prep3: [{ name: '3' }],
  prep4: [{ name: '4' }],
  prep5: [{ name: '5' }],
  openHistory: [{ name: 'h' }],
  openSettings: [{ name: 's' }],
  startCoding: [{ name: 'o' }],
  /** The coding round: the user's own editor, the built-in one, the visible tests, submitting. */
  openEditor: [{ name: 'e' }],
  builtInEditor: [{ name: 'b' }],
  runTests: [{ name: 't' }],
  submitCode: [{ name: 's' }],
  saveCode: [{ name: 's', ctrl: true }],
  closeEditor: [{ name: 'escape' }],
  /** Switches between JavaScript and Python before the clock starts. */
  switchLanguage: [{ name: 'l' }],
  nextProblem: [{ name: 'right' }, { name: 'down' }],
  previousProblem: [{ name: 'left' }, { name: 'up' }],
} as const satisfies Record<string, readonly Binding[]>;

export type Command = keyof typeof KEY_BINDINGS;

/** Shown in footers, so a changed binding changes its help text too. */
export const KEY_LABELS: Readonly<Record<Command, string>> = {
  submit: 'Ctrl+D',
  submitLine: 'Enter',
  leave: 'Esc',
  confirm: 'y',
  cancel: 'n',
  next: 'Enter',
  back: 'Esc',
  quit: 'q',
  scrollUp: '↑',
  scrollDown: '↓',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  scrollTop: 'Home',
  scrollBottom: 'End',
  promptUp: 'PgUp',
  promptDown: 'PgDn',
  resume: 'r',
  close: 'x',
  exit: 'Ctrl+C',
  stopEditing: 'Esc',
  up: '↑',
  down: '↓',
  increase: '→',
  decrease: '←',
  selftest: 'g',
  exportReport: 'e',
  diff: 'd',
  startRound: 't',
  startScenario: 'c',
  ask: 'Ctrl+O',
  moveOn: 'Ctrl+N',
  skipFollowUp: 's',
  nextQuestion: 'n',
  answerKey: 'a',
  startDue: 'n',
  startFocus: 'l',
  startDrill: 'd',
  startFlaw: 'f',
  openPrep: 'p',
  prep1: '1',
  prep2: '2',
  prep3: '3',
  prep4: '4',
  prep5: '5',
  openHistory: 'h',
  openSettings: 's',
  startCoding: 'o',
  openEditor: 'e',
  builtInEditor: 'b',
  runTests: 't',
  submitCode: 's',
  saveCode: 'Ctrl+S',
  closeEditor: 'Esc',
  switchLanguage: 'l',
  nextProblem: '↓',
  previousProblem: '↑',
};

function keyName(key: KeyPress): string {
  if (key.name === 'text') return key.text === ' ' ? 'space' : key.text.toLowerCase();
  return key.name;
}

export function isCommand(command: Command, key: KeyPress): boolean {
  const name = keyName(key);
  return KEY_BINDINGS[command].some((b: Binding) => b.name === name && (b.ctrl ?? false) === key.ctrl && (b.meta ?? false) === key.meta);
}

/**
 * The editor's keys: arrows, Home/End (and Ctrl+A/E), word moves (Ctrl/Alt+arrows, Alt+B/F),
 * Backspace/Delete, Ctrl+W or Alt+Backspace (word), Ctrl+U (to line start), Enter (new line).
 * `width` makes up/down move by display line.
 */
export function editorActionFor(key: KeyPress, width: number): EditorAction | undefined {
  const word = key.ctrl || key.meta;
  switch (key.name) {
    case 'text':
      return key.meta ? undefined : { type: 'insert', text: key.text };
    case 'return':
      return key.meta ? undefined : { type: 'newline' };
    case 'backspace':
      return key.meta ? { type: 'deleteWordBack' } : { type: 'backspace' };
    case 'delete':
      return { type: 'delete' };
    case 'left':
      return word ? { type: 'wordLeft' } : { type: 'left' };
    case 'right':
      return word ? { type: 'wordRight' } : { type: 'right' };
    case 'up':
      return { type: 'up', width };
    case 'down':
      return { type: 'down', width };
    case 'home':
      return { type: 'home' };
    case 'end':
      return { type: 'end' };
    case 'tab':
      return { type: 'insert', text: '  ' };
    default:
      break;
  }
  if (key.ctrl && key.name === 'a') return { type: 'home' };
  if (key.ctrl && key.name === 'e') return { type: 'end' };
  if (key.ctrl && key.name === 'w') return { type: 'deleteWordBack' };
  if (key.ctrl && key.name === 'u') return { type: 'killLineBack' };
  if (key.meta && key.name === 'b') return { type: 'wordLeft' };
  if (key.meta && key.name === 'f') return { type: 'wordRight' };
  return undefined;
}

/** Shown on the answer screen and in the README. */
export const EDITOR_HELP: readonly (readonly [string, string])[] = [
  ['Enter', 'new line'],
  [KEY_LABELS.submit, 'submit (also Ctrl+S)'],
  ['←→↑↓', 'move (↑↓ by screen line)'],
  ['Home/End', 'line start/end (Ctrl+A/E)'],
  ['Ctrl+←/→', 'word left/right (Alt+B/F)'],
  ['Ctrl+W', 'delete word (Alt+Backspace)'],
  ['Ctrl+U', 'delete to line start'],
  [KEY_LABELS.ask, 'ask the interviewer a clarifying question (the clock runs)'],
  [KEY_LABELS.moveOn, "move on from a follow-up (\"I'd rather move on\")"],
  [KEY_LABELS.leave, 'leave (asks first)'],
];
