import React, { useEffect, useState } from 'react';
import { Box } from 'ink';
import { DRILL_NAMES, PREP_KINDS, type PrepKind } from '../../schemas/constants.js';
import { PREP_DRILL_COUNTS } from '../../core/practice/start.js';
import { scheduleDrillItems, type ScheduledDrillItem } from '../../core/progress/schedule.js';
import type { QuestionBank } from '../../ports.js';
import { counted } from '../../core/counted.js';
import { isCommand, KEY_LABELS, type Command } from '../keys.js';
import { RichView } from '../components/rich-view.js';
import { fitRows, seg, SPACER, type FlexRow } from '../rich.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';

/** What each preparation drill rehearses, in the words of the interview guides that prescribe it. */
const WHAT: Readonly<Record<PrepKind, string>> = {
  numbers: 'figures to cite in seconds: latency targets, tokens/s, $/1M tokens, KV cache, error budgets',
  scripts: '"too slow", "too expensive", "wrong output", "system down" in 150 words: measure, classify, remedy',
  'first-questions': 'a scenario: ask three questions about business constraints before any implementation',
  triage: 'an incident: the next move on the decision tree, and why that branch',
  story: 'a failure in 90 seconds: the technical cause, what it cost, what changed after',
};

const KEYS: readonly Command[] = ['prep1', 'prep2', 'prep3', 'prep4', 'prep5'];

/** The preparation drills' menu: each with its count, and how many of its prompts the scheduler says are due. */
export function PrepScreen({
  services,
  bank,
  onStart,
  onBack,
}: {
  readonly services: Pick<Services, 'store' | 'clock'>;
  readonly bank: QuestionBank | undefined;
  readonly onStart: (kind: PrepKind, cards: ReadonlyMap<string, ScheduledDrillItem>) => void;
  readonly onBack: () => void;
}): React.JSX.Element {
  const { columns, rows } = useTerminalSize();
  const [selected, setSelected] = useState(0);
  const [cards, setCards] = useState<ReadonlyMap<string, ScheduledDrillItem> | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void services.store.digests().then(
      ({ sessions }) => live && setCards(scheduleDrillItems(sessions)),
      () => live && setCards(new Map()),
    );
    return () => {
      live = false;
    };
  }, [services.store]);

  const start = (i: number): void => {
    const kind = PREP_KINDS[i];
    if (kind !== undefined) onStart(kind, cards ?? new Map());
  };
  useKeys((key) => {
    if (isCommand('back', key) || isCommand('exit', key)) return onBack();
    if (isCommand('up', key)) return setSelected((s) => (s + PREP_KINDS.length - 1) % PREP_KINDS.length);
    if (isCommand('down', key)) return setSelected((s) => (s + 1) % PREP_KINDS.length);
    if (isCommand('next', key)) return start(selected);
    const byKey = KEYS.findIndex((c) => isCommand(c, key));
    if (byKey >= 0) start(byKey);
  });

  const now = services.clock.now();
  const rowsFor = (kind: PrepKind, i: number): FlexRow[] => {
    const ids = bank?.prep().filter((e) => e.kind === kind).map((e) => e.item.id) ?? [];
    const due = cards === undefined ? undefined : ids.filter((id) => (cards.get(id)?.due.getTime() ?? Number.POSITIVE_INFINITY) <= now).length;
    const fresh = cards === undefined ? undefined : ids.filter((id) => !cards.has(id)).length;
    const later = cards === undefined ? [] : ids.flatMap((id) => { const d = cards.get(id)?.due.getTime(); return d !== undefined && d > now ? [d] : []; });
    const soonest = later.length === 0 ? undefined : Math.min(...later);
    const next = due === 0 && soonest !== undefined ? ` · next in ${counted(Math.max(1, Math.ceil((soonest - now) / 86_400_000)), 'day')}` : '';
    const status = bank === undefined ? '' : `asks ${Math.min(PREP_DRILL_COUNTS[kind], ids.length)} of ${ids.length}${due === undefined ? '' : ` · ${due} due · ${fresh} new${next}`}`;
    return [
      { line: [seg(i === selected ? '❯ ' : '  ', 'accent'), seg(`${KEY_LABELS[KEYS[i] ?? 'prep1']} `, 'dim'), seg(DRILL_NAMES[kind].padEnd(28), i === selected ? 'bold' : 'plain'), seg(status, 'dim')] },
      { line: [seg(`     ${WHAT[kind]}`, 'dim')], wrap: true, indent: 5 },
    ];
  };
  const layout: FlexRow[] = [
    { line: [seg('Interview prep', 'heading'), seg(' · the drills interview-day checklists prescribe; a miss comes back the next day, before anything new', 'dim')], wrap: true },
    SPACER,
    ...PREP_KINDS.flatMap(rowsFor),
    SPACER,
    { line: [seg(`${KEY_LABELS.up}${KEY_LABELS.down} choose · ${KEY_LABELS.next} start · 1-5 jump · ${KEY_LABELS.back} back`, 'dim')] },
  ];
  return (
    <Box flexDirection="column" paddingX={1}>
      <RichView lines={fitRows(layout, columns - 2, rows)} />
    </Box>
  );
}
