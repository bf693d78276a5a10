import { formatClock } from '../../core/practice/timer.js';
import { seg, type Segment } from '../rich.js';

/** A countdown as styled text: yellow in its last minute, red in its last 15 seconds, dim while paused. */
export function clockSegments(label: string, ms: number, paused = false): Segment[] {
  const tone = paused ? 'dim' : ms <= 15_000 ? 'bad' : ms <= 60_000 ? 'warn' : 'plain';
  return [
    ...(label === '' ? [] : [seg(`${label} `)]),
    { text: formatClock(ms), tone, bold: true },
    ...(paused ? [seg(' (paused)', 'dim')] : []),
  ];
}
