import React, { useEffect, useState } from 'react';
import { Box } from 'ink';
import type { SessionProblem } from '../../ports.js';
import type { Session } from '../../schemas/session.js';
import type { Settings } from '../../schemas/settings.js';
import { DRILL_NAMES } from '../../schemas/constants.js';
import { dueQuestions, firstLeech, schedule, type DueQuestion } from '../../core/progress/schedule.js';
import { FLAW_DRILL_COUNT } from '../../core/practice/drill-items.js';
import { isCommand, KEY_LABELS, type Command } from '../keys.js';
import { engineRows, useEngineState } from '../components/engine-line.js';
import { RichView } from '../components/rich-view.js';
import { fitRows, seg, SPACER, type FlexRow } from '../rich.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import type { Services } from '../services.js';
import { counted } from '../../core/counted.js';

export type HomeChoice = 'round' | 'scenario' | 'due' | 'focus' | 'drill' | 'flaw' | 'prep' | 'coding' | 'history' | 'settings' | 'quit';

interface Loaded {
  readonly due: readonly DueQuestion[];
  readonly count: number;
  readonly unfinished: Session | undefined;
  /** The newest unfinished session another running coach holds, not offered here. */
  readonly elsewhere?: { readonly id: string; readonly pid: number } | undefined;
  readonly problems: readonly SessionProblem[];
}

function describe(session: Session): string {
  const when = new Date(session.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  if (session.mode === 'coding') {
    const c = session.coding?.[0];
    const stage = c?.submission === undefined ? 'not yet submitted' : `submitted, ${c.followUps.length} follow-up ${c.followUps.length === 1 ? 'answer' : 'answers'} in`;
    return `Unfinished coding round, ${when}: ${c?.title ?? '?'}, ${stage}`;
  }
  if (session.mode === 'drill') {
    const kind = DRILL_NAMES[session.settings.variant ?? 'rapid-fire'].toLowerCase();
    return `Unfinished ${kind}, ${when}: ${session.drill.length} of ${session.settings.plan?.length ?? '?'} prompts answered`;
  }
  const current = session.questions.at(-1);
  const answers = session.questions.reduce((n, q) => n + q.answers.length, 0);
  const draft = current?.draft?.text.trim() ?? '';
  const words = draft === '' ? 0 : draft.split(/\s+/).length;
  return `Unfinished round, ${when}: ${current?.questionId ?? 'not started'}, ${answers} ${answers === 1 ? 'answer' : 'answers'} graded${words > 0 ? `, ${words}-word draft` : ''}`;
}

export function HomeScreen({
  services,
  onChoose,
  onResume,
  notice,
  waiting,
}: {
  readonly services: Pick<Services, 'store' | 'settings' | 'clock' | 'engine' | 'ticker' | 'openSessions' | 'coding'>;
  readonly onChoose: (choice: HomeChoice) => void;
  readonly onResume: (session: Session) => void;
  readonly notice?: string | undefined;
  /** What the app is waiting for (the bank loading), or why it cannot go on. */
  readonly waiting?: string | undefined;
}): React.JSX.Element {
  const { columns, rows } = useTerminalSize();
  const engine = useEngineState(services.engine);
  const [settings] = useState<{ settings: Settings; problems: readonly string[] }>(() => services.settings.read());
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  // The selection is a choice, not a row: entries that appear once history is read (what is due,
  // a leech) must not move it.
  const [selected, currentSelection, setSelected] = useLatestState<HomeChoice>('round');
  const [message, setMessage] = useState<string | undefined>(notice);

  useEffect(() => services.engine.warmUp(), [services.engine]);
  const [python, setPython] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void services.coding.pythonAvailable().then((ok) => live && setPython(ok));
    return () => {
      live = false;
    };
  }, [services.coding]);

  useEffect(() => {
    let live = true;
    // A round just left may still be saving: what home offers to resume must be its last snapshot.
    void services.openSessions
      .settled()
      .then(() => services.store.digests())
      .then(
      async ({ sessions, problems }) => {
        // A session open in another coach is not offered: resuming it here would overwrite that coach's answers.
        const actives = sessions.filter((s) => s.status === 'active');
        const elsewhere = actives.flatMap((s) => {
          const pid = services.store.heldElsewhere(s.id);
          return pid === undefined ? [] : [{ id: s.id, pid }];
        });
        const active = actives.find((s) => !elsewhere.some((e) => e.id === s.id));
        const unfinished = active === undefined ? undefined : await services.store.load(active.id).catch(() => undefined);
        if (!live) return;
        setLoaded({ count: sessions.length, unfinished, problems, due: [], elsewhere: elsewhere[0] });
        // Replaying the schedule over a long history takes a moment (~0.3 s for 1,000 rounds): the
        // screen is drawn first (Ink draws at most every ~33 ms), then the due list is added.
        const stop = services.ticker.every(100, () => {
          stop();
          if (!live) return;
          const due = dueQuestions(schedule(sessions), new Date(services.clock.now()));
          setLoaded((l) => (l === undefined ? l : { ...l, due }));
        });
      },
      (e: unknown) => live && setLoaded({ count: 0, unfinished: undefined, problems: [{ file: services.store.dir, message: String(e) }], due: [] }),
    );
    return () => {
      live = false;
    };
  }, [services.store]);

  const s = settings.settings;
  const leech = loaded === undefined ? undefined : firstLeech(loaded.due);
  const items: readonly { choice: HomeChoice; label: string; detail: string; command: Command }[] = [
    { choice: 'round', label: 'Timed round', detail: `${s.questions} ${s.questions === 1 ? 'question' : 'questions'}, ${s.minutes} minutes${s.cluster === undefined ? '' : `, ${s.cluster}`}${s.company === undefined ? '' : `, ${s.company} interviewer`}`, command: 'startRound' as const },
    { choice: 'scenario', label: '45-min scenario', detail: `one question: clarify, design, probes, a 2-min wrap-up${s.company === undefined ? '' : `, ${s.company} interviewer`}`, command: 'startScenario' as const },
    ...(loaded !== undefined && loaded.due.length > 0
      ? [{ choice: 'due' as const, label: 'What is due', detail: loaded.due.slice(0, 3).map((q) => `${q.questionId} ${q.dimensions.map((d) => d.dimension).slice(0, 2).join('+')}`).join(', ') + (loaded.due.length > 3 ? ', …' : ''), command: 'startDue' as const }]
      : []),
    ...(leech !== undefined
      ? [{ choice: 'focus' as const, label: 'Focused drill', detail: `${leech.questionId} ${leech.dimension}: lapsed ${counted(leech.lapses, 'time')} (a leech)`, command: 'startFocus' as const }]
      : []),
    { choice: 'drill', label: 'Rapid-fire drill', detail: `${s.drillCount} prompts, ${s.drillSeconds === undefined ? '45-90 s each' : `${s.drillSeconds} s each`}`, command: 'startDrill' as const },
    { choice: 'flaw', label: 'Spot the flaw', detail: `${FLAW_DRILL_COUNT} answers with red flags planted: name them`, command: 'startFlaw' as const },
    { choice: 'coding', label: 'Coding round', detail: python === false ? 'JavaScript only: python3 is not on this machine' : 'build a serving component in JavaScript or Python', command: 'startCoding' as const },
    { choice: 'prep', label: 'Interview prep', detail: 'numbers, diagnostic scripts, first questions, triage, a failure story', command: 'openPrep' as const },
    { choice: 'history', label: 'History', detail: loaded === undefined ? '' : `${loaded.count} ${loaded.count === 1 ? 'session' : 'sessions'}`, command: 'openHistory' as const },
    { choice: 'settings', label: 'Settings', detail: '', command: 'openSettings' as const },
    { choice: 'quit', label: 'Quit', detail: '', command: 'quit' as const },
  ];

  const closeUnfinished = (session: Session): void => {
    const closed: Session = { ...session, status: 'closed', updatedAt: new Date(services.clock.now()).toISOString(), endedAt: new Date(services.clock.now()).toISOString() };
    void services.store.save(closed).then(
      () => {
        setLoaded((l) => (l === undefined ? l : { ...l, unfinished: undefined }));
        setMessage(`Closed session ${session.id}; its graded answers stay in history.`);
      },
      (e: unknown) => setMessage(`Could not close the session: ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  useKeys((key) => {
    const unfinished = loaded?.unfinished;
    if (unfinished !== undefined && isCommand('resume', key)) return onResume(unfinished);
    if (unfinished !== undefined && isCommand('close', key)) return closeUnfinished(unfinished);
    const move = (step: number) => (c: HomeChoice): HomeChoice => items[(Math.max(0, items.findIndex((i) => i.choice === c)) + step + items.length) % items.length]?.choice ?? c;
    if (isCommand('up', key)) return setSelected(move(-1));
    if (isCommand('down', key)) return setSelected(move(1));
    if (isCommand('quit', key) || isCommand('back', key)) return onChoose('quit');
    if (isCommand('next', key)) return onChoose(currentSelection());
    const byKey = items.find((i) => isCommand(i.command, key));
    if (byKey !== undefined) onChoose(byKey.choice);
  });

  // Every menu entry keeps one row; on a short terminal the spacers, then the notes' second rows, then the model's state give way.
  const warn = (text: string): FlexRow => ({ line: [seg(text, 'warn')], wrap: true, indent: 2 });
  const layout: FlexRow[] = [
    { line: [seg('coach', 'heading'), seg(' · mock interviews for LLM production and ML system design', 'dim')] },
    SPACER,
    ...items.map((item): FlexRow => ({
      line: [
        seg(item.choice === selected ? '❯ ' : '  ', 'accent'),
        seg(item.label.padEnd(18), item.choice === selected ? 'bold' : 'plain'),
        seg(`${KEY_LABELS[item.command]} ${item.detail === '' ? '' : `  ${item.detail}`}`, 'dim'),
      ],
    })),
    SPACER,
    ...engineRows(engine),
    SPACER,
    ...(loaded === undefined
      ? [{ line: [seg('Looking for unfinished sessions…', 'dim')] }]
      : loaded.unfinished !== undefined
        ? [
            warn(describe(loaded.unfinished)),
            { line: [seg('  '), seg(KEY_LABELS.resume, 'bold'), seg(' resume where it stopped · '), seg(KEY_LABELS.close, 'bold'), seg(` close it (answers stay in history); a new ${loaded.unfinished.mode} closes it too`, 'plain')], wrap: true, indent: 2 },
          ]
        : []),
    ...(loaded?.elsewhere !== undefined ? [warn(`Session ${loaded.elsewhere.id} is open in another coach (pid ${loaded.elsewhere.pid}): finish it there; it cannot be resumed here while that one runs.`)] : []),
    ...(loaded !== undefined && loaded.problems.length > 0
      ? [warn(`Skipped ${loaded.problems.length} unreadable session ${loaded.problems.length === 1 ? 'file' : 'files'}: ${loaded.problems[0]?.file}: ${loaded.problems[0]?.message}`)]
      : []),
    ...(settings.problems.length > 0 ? [warn(`Settings: ${settings.problems.join('; ')}`)] : []),
    ...(message !== undefined ? [{ line: [seg(message)], wrap: true, indent: 2 }] : []),
    ...(waiting !== undefined ? [warn(waiting)] : []),
    SPACER,
    { line: [seg(`${KEY_LABELS.up}${KEY_LABELS.down} choose · ${KEY_LABELS.next} open · letters jump · ${KEY_LABELS.quit} quit`, 'dim')] },
  ];
  return (
    <Box flexDirection="column" paddingX={1}>
      <RichView lines={fitRows(layout, columns - 2, rows)} />
    </Box>
  );
}
