import React, { createContext, useContext } from 'react';
import { Box, Text } from 'ink';
import type { RichLine, Segment, Tone } from '../rich.js';
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

/** A window onto long content: `offset` is the first row shown. */
export function ScrollView({ lines, offset, height }: { readonly lines: readonly RichLine[]; readonly offset: number; readonly height: number }): React.JSX.Element {
  const start = Math.max(0, Math.min(offset, Math.max(0, lines.length - height)));
  const shown = lines.slice(start, start + height);
  return <RichView lines={shown} />;
}

export function clampOffset(offset: number, total: number, height: number): number {
  return Math.max(0, Math.min(offset, Math.max(0, total - height)));
}

/** The offset after a scrolling key (↑↓ j k, PgUp PgDn Space), or undefined when the key does not scroll. */
export function scrollFor(key: KeyPress, offset: number, total: number, height: number): number | undefined {
  const step = isCommand('scrollUp', key) ? -1 : isCommand('scrollDown', key) ? 1 : isCommand('pageUp', key) ? -(height - 1) : isCommand('pageDown', key) ? height - 1 : 0;
  return step === 0 ? undefined : clampOffset(offset + step, total, height);
}
