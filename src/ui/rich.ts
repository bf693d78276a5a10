/** Styled lines for the TUI, wrapped to the terminal width before rendering so scrolling counts real rows. */
import { displayWidth } from '../core/practice/editor.js';
import { printable } from '../core/printable.js';

export type Tone = 'plain' | 'bold' | 'dim' | 'good' | 'bad' | 'warn' | 'accent' | 'mark' | 'heading';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
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
  for (const s of line) {
    // Split into words and the spaces after them, so a break never lands inside a word that fits.
    for (const token of printable(s.text).match(/\S+\s*|\s+/g) ?? []) {
      const word = token.trimEnd();
      const w = displayWidth(word);
      if (used + w > max && used > pad.length) newRow();
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
      rows.at(-1)?.push({ text, tone: s.tone ?? 'plain' });
      used += displayWidth(text);
    }
  }
  return rows;
}

export function wrapAll(lines: readonly (RichLine | { readonly line: RichLine; readonly indent: number })[], width: number): RichLine[] {
  return lines.flatMap((l) => ('indent' in l ? wrapRich(l.line, width, l.indent) : wrapRich(l as RichLine, width)));
}

export function plainText(line: RichLine): string {
  return line.map((s) => s.text).join('');
}
