import React from 'react';
import { Text } from 'ink';
import { formatClock } from '../../core/practice/timer.js';
import { useToneStyle } from './rich-view.js';

/** A countdown that turns yellow in its last minute and red in its last 15 seconds. */
export function ClockText({ label, ms, paused }: { readonly label: string; readonly ms: number; readonly paused?: boolean }): React.JSX.Element {
  const style = useToneStyle()(paused === true ? 'dim' : ms <= 15_000 ? 'bad' : ms <= 60_000 ? 'warn' : 'plain');
  return (
    <Text>
      {label} <Text {...style} bold>{formatClock(ms)}</Text>
      {paused === true ? <Text dimColor> (paused)</Text> : ''}
    </Text>
  );
}
