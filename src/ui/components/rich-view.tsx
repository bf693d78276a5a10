import React, { createContext, useContext } from 'react';
import { Box, Text } from 'ink';
import { seg, type RichLine, type Segment, type Tone } from '../rich.js';
import { isCommand, type KeyPress } from '../keys.js';

/** False under NO_COLOR: tones then use only bold, dim, underline and inverse. */
export const ColorContext = createContext<boolean>(true);

interface ToneStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly underline?: boolean;
}

const COLOR: Readonly<Record<Tone, ToneStyle>> = {
  plain: {},
  bold: { bold: true },
  dim: { dimColor: true },
  good: { color: 'green' },
  bad: { color: 'red' },
  warn: { color: 'yellow' },
  accent: { color: 'cyan' },
  mark: { color: 'yellow', underline: true },
  heading: { bold: true, color: 'cyan' },
};

const MONO: Readonly<Record<Tone, ToneStyle>> = {
  plain: {},
  bold: { bold: true },
  dim: { dimColor: true },
  good: {},
  bad: { bold: true },
  warn: {},
  accent: {},
  mark: { underline: true },
  heading: { bold: true },
};

export function useToneStyle(): (tone: Tone | undefined) => ToneStyle {
  const color = useContext(ColorContext);
  return (tone) => (color ? COLOR : MONO)[tone ?? 'plain'];
}

function SegmentText({ segment }: { readonly segment: Segment }): React.JSX.Element {
  const style = useToneStyle()(segment.tone);
  return (
    <Text {...style} bold={segment.bold === true || style.bold === true}>
      {segment.text}
    </Text>
  );
}

/** Lines already wrapped to the width; each renders as exactly one terminal row. */
export function RichView({ lines }: { readonly lines: readonly RichLine[] }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.length === 0 ? ' ' : line.map((s, j) => <SegmentText key={j} segment={s} />)}
        </Text>
      ))}
    </Box>
  );
}

/** The rows of content a scrolling view of `height` shows: one fewer when it overflows, for its position line. */
export function viewRows(total: number, height: number, indicator = true): number {
  return indicator && total > height ? Math.max(1, height - 1) : height;
}

/** Where a scrolled view stands, in one line: which lines are shown, how many are above and below, and the keys. */
export function positionLine(start: number, rows: number, total: number): RichLine {
  const above = start;
  const below = Math.max(0, total - start - rows);
  const parts = [`lines ${start + 1}-${Math.min(total, start + rows)} of ${total}`, ...(above > 0 ? [`↑ ${above} more above`] : []), ...(below > 0 ? [`↓ ${below} more below`] : ['end']), 'PgUp/PgDn Home/End'];
  return [seg(`── ${parts.join(' · ')} ${'─'.repeat(200)}`, 'dim')];
}

/**
 * A window onto long content: `offset` is the first row shown. Content that overflows gives up its
 * last row to a position line, so what is hidden is always said (with `indicator` false, the caller says it).
 */
export function ScrollView({ lines, offset, height, indicator = true }: { readonly lines: readonly RichLine[]; readonly offset: number; readonly height: number; readonly indicator?: boolean }): React.JSX.Element {
  const rows = viewRows(lines.length, height, indicator);
  const start = clampOffset(offset, lines.length, rows);
  const shown = lines.slice(start, start + rows);
  return <RichView lines={rows < height ? [...shown, positionLine(start, rows, lines.length)] : shown} />;
}

export function clampOffset(offset: number, total: number, height: number): number {
  return Math.max(0, Math.min(offset, Math.max(0, total - height)));
}

/**
 * The offset after a scrolling key (↑↓ j k, PgUp PgDn Space, Home End), or undefined when the key
 * does not scroll. `height` is the view's, position line included, as ScrollView is given it.
 */
export function scrollFor(key: KeyPress, offset: number, total: number, height: number): number | undefined {
  const rows = viewRows(total, height);
  if (isCommand('scrollTop', key)) return 0;
  if (isCommand('scrollBottom', key)) return clampOffset(total, total, rows);
  const step = isCommand('scrollUp', key) ? -1 : isCommand('scrollDown', key) ? 1 : isCommand('pageUp', key) ? -Math.max(1, rows - 1) : isCommand('pageDown', key) ? Math.max(1, rows - 1) : 0;
  return step === 0 ? undefined : clampOffset(offset + step, total, rows);
}
