/** Styled lines for the TUI, wrapped to the terminal width before rendering so scrolling counts real rows. */
import { displayWidth } from '../core/practice/editor.js';
import { printable, printableLine } from '../core/printable.js';

export type Tone = 'plain' | 'bold' | 'dim' | 'good' | 'bad' | 'warn' | 'accent' | 'mark' | 'heading';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
  /** Bold on top of the tone's own style (a clock's figures). */
  readonly bold?: boolean;
}

export type RichLine = readonly Segment[];

export const seg = (text: string, tone: Tone = 'plain'): Segment => ({ text, tone });

/**
 * Word-wraps one styled line; continuation rows start with `indent` spaces. Every segment is made
 * printable() first: answers, prompts and titles from session files reach the screen only through here.
 */
export function wrapRich(line: RichLine, width: number, indent = 0): RichLine[] {
  const max = Math.max(8, width);
  const rows: Segment[][] = [[]];
  let used = 0;
  const pad = ' '.repeat(Math.min(indent, Math.floor(max / 2)));
  const newRow = (): void => {
    rows.push(pad === '' ? [] : [{ text: pad }]);
    used = pad.length;
  };
  // The last word pushed with no space after it: a closing quote or stop in the next segment wraps with it, never alone.
  let open: Segment | undefined;
  for (const s of line) {
    // Split into words and the spaces after them, so a break never lands inside a word that fits.
    for (const token of printable(s.text).match(/\S+\s*|\s+/g) ?? []) {
      const word = token.trimEnd();
      const w = displayWidth(word);
      const glued = open !== undefined && CLOSING.test(token);
      if (used + w > max && used > pad.length) {
        const row = rows.at(-1);
        const last = glued && row !== undefined && row.length > 1 && row.at(-1) === open ? row.pop() : undefined;
        if (last !== undefined) used -= displayWidth(last.text);
        newRow();
        if (last !== undefined) {
          rows.at(-1)?.push(last);
          used += displayWidth(last.text);
        }
      }
      let rest = token;
      // A word longer than a whole row is hard-broken.
      while (displayWidth(rest.trimEnd()) > max - used && used === pad.length && rest.trimEnd().length > 1) {
        let cut = 1;
        while (cut < rest.length && displayWidth(rest.slice(0, cut + 1)) <= max - used) cut += 1;
        rows.at(-1)?.push({ text: rest.slice(0, cut), tone: s.tone ?? 'plain' });
        rest = rest.slice(cut);
        newRow();
      }
      if (rest === '') continue;
      const fits = Math.max(0, max - used);
      const text = displayWidth(rest) > fits ? rest.trimEnd() : rest;
      const pushed: Segment = { text, tone: s.tone ?? 'plain' };
      rows.at(-1)?.push(pushed);
      used += displayWidth(text);
      open = /\s$/.test(text) ? undefined : pushed;
    }
  }
  return rows;
}

/** Punctuation that closes the word before it: wrapped with that word, never at the start of a row. */
const CLOSING = /^[”’"'.,;:!?)\]…]+\s*$/;

export function wrapAll(lines: readonly (RichLine | { readonly line: RichLine; readonly indent: number })[], width: number): RichLine[] {
  return lines.flatMap((l) => ('indent' in l ? wrapRich(l.line, width, l.indent) : wrapRich(l as RichLine, width)));
}

export function plainText(line: RichLine): string {
  return line.map((s) => s.text).join('');
}

/** How many terminal columns a styled line takes. */
export function lineWidth(line: RichLine): number {
  return displayWidth(plainText(line));
}

/** Cuts a styled line to at most `width` columns, ending in '…' where anything was cut: a row that must stay one row. */
export function truncateRich(line: RichLine, width: number): RichLine {
  const clean = line.map((s) => ({ ...s, text: printableLine(s.text) }));
  if (lineWidth(clean) <= width) return clean;
  if (width <= 0) return [];
  const out: Segment[] = [];
  let used = 0;
  let full = false;
  for (const s of clean) {
    let text = '';
    for (const ch of s.text) {
      const w = displayWidth(ch);
      if (used + w > width - 1) {
        full = true;
        break;
      }
      text += ch;
      used += w;
    }
    if (text !== '') out.push({ ...s, text });
    if (full) break;
  }
  const last = out.at(-1);
  // "…" straight after the last word, not after the space that followed it.
  if (last !== undefined) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  out.push({ text: '…', tone: last?.tone ?? 'plain' });
  return out.filter((s) => s.text !== '');
}

/**
 * One row `width` columns wide: `right` against the right edge and never cut (a clock, a
 * session id), `left` cut with '…' to leave it room and at least `gap` columns between them.
 */
export function spreadRich(left: RichLine, right: RichLine, width: number, gap = 2): RichLine {
  const rightWidth = lineWidth(right);
  if (rightWidth + gap >= width) return truncateRich(right, width);
  const shown = truncateRich(left, width - rightWidth - gap);
  return [...shown, { text: ' '.repeat(width - lineWidth(shown) - rightWidth) }, ...right];
}

/** A row of a screen that fits itself to the rows it has. */
export interface FlexRow {
  readonly line: RichLine;
  /** Wrapped to the width while there is room; one row cut with '…' once there is not. */
  readonly wrap?: boolean;
  readonly indent?: number;
  /** 0 (or absent): always shown. 3: a spacer, the first to go; then wrapped rows become one row each; then 2, then 1 go. */
  readonly drop?: 0 | 1 | 2 | 3;
}

/** A blank row between groups, the first thing given up when rows are short. */
export const SPACER: FlexRow = { line: [], drop: 3 };

/**
 * The rows laid out in at most `room` rows of `width` columns: spacers go first, then wrapped text
 * keeps one row, then optional rows go; the last row (the keys) always stays.
 */
export function fitRows(rows: readonly FlexRow[], width: number, room: number): RichLine[] {
  let kept = rows;
  let collapsed = false;
  const lay = (): RichLine[] => kept.flatMap((r) => (r.wrap === true && !collapsed ? wrapRich(r.line, width, r.indent ?? 0) : [truncateRich(r.line, width)]));
  const steps = [
    () => (kept = kept.filter((r) => (r.drop ?? 0) < 3)),
    () => (collapsed = true),
    () => (kept = kept.filter((r) => (r.drop ?? 0) < 2)),
    () => (kept = kept.filter((r) => (r.drop ?? 0) < 1)),
  ];
  let out = lay();
  for (const step of steps) {
    if (out.length <= room) return out;
    step();
    out = lay();
  }
  const last = out.at(-1);
  return out.length <= room || last === undefined ? out : [...out.slice(0, Math.max(0, room - 1)), last];
}
