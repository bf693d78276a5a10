import React, { useEffect, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import type { QuestionBank } from '../ports.js';
import { planDrillStart, planRoundStart, planScenarioStart } from '../core/practice/start.js';
import { dueQuestions, firstLeech, schedule, type ScheduledDrillItem } from '../core/progress/schedule.js';
import type { Dimension, PrepKind } from '../schemas/constants.js';
import type { Session } from '../schemas/session.js';
import type { RoundStart } from './hooks/use-round.js';
import type { DrillStart } from './hooks/use-drill.js';
import { ColorContext } from './components/rich-view.js';
import { KeyRouter } from './hooks/use-keys.js';
import { MIN_COLUMNS, MIN_ROWS, useTerminalSize } from './hooks/use-terminal-size.js';
import { DrillScreen } from './screens/drill-screen.js';
import { HistoryScreen } from './screens/history-screen.js';
import { HomeScreen, type HomeChoice } from './screens/home-screen.js';
import { RoundScreen } from './screens/round-screen.js';
import { SettingsScreen } from './screens/settings-screen.js';
import { SelftestScreen } from './screens/selftest-screen.js';
import { PrepScreen } from './screens/prep-screen.js';
import { CodingMenu, CodingScreen } from './screens/coding-screen.js';
import type { CodingStart } from '../core/practice/coding-controller.js';
import type { CodingLanguage } from '../schemas/coding.js';
import type { AppServices, Services } from './services.js';

export type Screen =
  | { readonly kind: 'home'; readonly notice?: string }
  | { readonly kind: 'round'; readonly start: RoundStart }
  | { readonly kind: 'drill'; readonly start: DrillStart }
  | { readonly kind: 'prep' }
  /** Choosing a coding problem and the language; a CLI flag may have chosen either already. */
  | { readonly kind: 'coding-menu'; readonly problemId?: string | undefined; readonly language?: CodingLanguage | undefined }
  | { readonly kind: 'coding'; readonly start: CodingStart }
  | { readonly kind: 'history' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'selftest' };

/** Plans what the home screen chose with the saved settings, as the CLI plans its flags; a plan that cannot start goes home saying why. */
function start(services: Services, what: NonNullable<Pending>): Screen {
  const { settings } = services.settings.read();
  switch (what.kind) {
    case 'round': {
      // What is due is asked first; with nothing due (any more) the home screen's choice is an ordinary round.
      const planned = planRoundStart(services.bank, settings, services.random, { due: what.first !== undefined && what.first.length > 0 ? what.first : undefined });
      return planned.ok ? { kind: 'round', start: planned.start } : { kind: 'home', notice: planned.reason };
    }
    case 'scenario': {
      const planned = planScenarioStart(services.bank, settings, services.random, { practised: what.practised });
      return planned.ok ? { kind: 'round', start: planned.start } : { kind: 'home', notice: planned.reason };
    }
    case 'drill':
    case 'focus':
    case 'prep': {
      const request =
        what.kind === 'focus'
          ? { kind: 'focus' as const, questionId: what.leech.questionId, dimension: what.leech.dimension }
          : what.kind === 'prep'
            ? { kind: what.prep, cards: what.cards, now: services.clock.now() }
            : { kind: what.variant };
      const planned = planDrillStart(services.bank, settings, services.random, request);
      return planned.ok ? { kind: 'drill', start: planned.start } : { kind: 'home', notice: planned.reason };
    }
    default: {
      const never: never = what;
      return never;
    }
  }
}

function resumeScreen(session: Session): Screen {
  if (session.mode === 'coding') return { kind: 'coding', start: { kind: 'resume', session } };
  return session.mode === 'drill' ? { kind: 'drill', start: { kind: 'resume', session } } : { kind: 'round', start: { kind: 'resume', session } };
}

function isBank(bank: QuestionBank | Promise<QuestionBank>): bank is QuestionBank {
  return !(bank instanceof Promise);
}

/** Screens that need the bank, and what to start once it is there. */
type Pending =
  | { readonly kind: 'round'; readonly first?: readonly string[] }
  | { readonly kind: 'scenario'; readonly practised: readonly string[] }
  | { readonly kind: 'drill'; readonly variant: 'rapid-fire' | 'spot-the-flaw' }
  | { readonly kind: 'focus'; readonly leech: { questionId: string; dimension: Dimension } }
  | { readonly kind: 'prep'; readonly prep: PrepKind; readonly cards: ReadonlyMap<string, ScheduledDrillItem> }
  | undefined;

export function App({ services: app, initial, color = true }: { readonly services: AppServices; readonly initial: Screen; readonly color?: boolean }): React.JSX.Element {
  const [screen, setScreen] = useState<Screen>(initial);
  const [bank, setBank] = useState<QuestionBank | undefined>(isBank(app.bank) ? app.bank : undefined);
  const [pending, setPending] = useState<Pending>(undefined);
  const [bankError, setBankError] = useState<string | undefined>(undefined);
  const { exit } = useApp();
  const size = useTerminalSize();
  const home = (): void => setScreen({ kind: 'home' });

  // The home screen is drawn while the bank loads; a round or drill waits for it.
  useEffect(() => {
    if (isBank(app.bank)) return;
    app.bank.then(setBank, (e: unknown) => setBankError(e instanceof Error ? e.message : String(e)));
  }, [app.bank]);

  const services: Services | undefined = bank === undefined ? undefined : { ...app, bank };

  useEffect(() => {
    if (services === undefined || pending === undefined) return;
    setPending(undefined);
    setScreen(start(services, pending));
  }, [bank, pending]);

  const begin = (what: NonNullable<Pending>): void => {
    if (services === undefined) setPending(what);
    else setScreen(start(services, what));
  };

  const choose = (choice: HomeChoice): void => {
    switch (choice) {
      case 'round':
        begin({ kind: 'round' });
        return;
      case 'scenario':
        // A question not yet practised, when there is one: a scenario is for the unfamiliar.
        void app.store.digests().then(
          ({ sessions }) => begin({ kind: 'scenario', practised: sessions.flatMap((s) => s.questions.map((q) => q.questionId)) }),
          () => begin({ kind: 'scenario', practised: [] }),
        );
        return;
      case 'drill':
      case 'flaw':
        begin({ kind: 'drill', variant: choice === 'flaw' ? 'spot-the-flaw' : 'rapid-fire' });
        return;
      case 'due':
      case 'focus':
        // What is due is asked first, the rest of the round from the settings; or the worst leech is drilled.
        void app.store.digests().then(({ sessions }) => {
          const due = dueQuestions(schedule(sessions), new Date(app.clock.now()));
          const leech = firstLeech(due);
          if (choice === 'focus' && leech !== undefined) begin({ kind: 'focus', leech });
          else begin({ kind: 'round', first: due.map((q) => q.questionId) });
        });
        return;
      case 'prep':
        setScreen({ kind: 'prep' });
        return;
      case 'coding':
        setScreen({ kind: 'coding-menu' });
        return;
      case 'history':
        setScreen({ kind: 'history' });
        return;
      case 'settings':
        setScreen({ kind: 'settings' });
        return;
      case 'quit':
        exit();
        return;
      default: {
        const never: never = choice;
        return never;
      }
    }
  };

  // One tree around every screen: the key router (and with it raw mode) stays mounted across switches.
  // Below the smallest size the screens are laid out for, one line says so; the screen stays mounted
  // behind it (a round's clocks run on) and is drawn again as it is once the terminal is big enough.
  // The box is as wide as the terminal and clips: the frame Ink draws on a resize, before the screens
  // have read the new size, must not be wider than the terminal.
  const frame = (body: React.JSX.Element): React.JSX.Element => (
    <ColorContext.Provider value={color}>
      <KeyRouter>
        <Box flexDirection="column" width="100%" overflow="hidden" display={size.tooSmall ? 'none' : 'flex'}>
          {body}
        </Box>
        {size.tooSmall ? (
          <Text wrap="truncate-end">
            Too small: coach needs {MIN_COLUMNS}x{MIN_ROWS}, this is {size.terminal.columns}x{size.terminal.rows}
          </Text>
        ) : null}
      </KeyRouter>
    </ColorContext.Provider>
  );

  let body: React.JSX.Element;
  if (screen.kind === 'home' || (services === undefined && (screen.kind === 'round' || screen.kind === 'drill' || screen.kind === 'coding'))) {
    const skipped = bank?.problems.length ?? 0;
    const waiting =
      bankError !== undefined
        ? `The question bank could not be loaded: ${bankError}`
        : pending !== undefined || screen.kind !== 'home'
          ? 'Loading the question bank…'
          : skipped > 0
            ? `Skipped ${skipped} bank ${skipped === 1 ? 'file' : 'files'} with problems: coach bank validate lists them.`
            : undefined;
    body = <HomeScreen services={app} onChoose={choose} onResume={(s) => setScreen(resumeScreen(s))} notice={screen.kind === 'home' ? screen.notice : undefined} waiting={waiting} />;
    return frame(body);
  }
  switch (screen.kind) {
    case 'round':
      if (services === undefined) throw new Error('unreachable: a round waits for the bank');
      body = <RoundScreen services={services} start={screen.start} onLeave={home} />;
      break;
    case 'drill':
      if (services === undefined) throw new Error('unreachable: a drill waits for the bank');
      body = <DrillScreen services={services} start={screen.start} onLeave={home} />;
      break;
    case 'coding-menu':
      body = <CodingMenu services={app} bank={bank} initial={screen} onStart={(s) => setScreen({ kind: 'coding', start: s })} onBack={home} />;
      break;
    case 'coding':
      if (services === undefined) throw new Error('unreachable: a coding round waits for the bank');
      body = <CodingScreen services={services} start={screen.start} onLeave={home} />;
      break;
    case 'prep':
      body = <PrepScreen services={app} bank={bank} onStart={(prep, cards) => begin({ kind: 'prep', prep, cards })} onBack={home} />;
      break;
    case 'history':
      body = <HistoryScreen services={app} onBack={home} />;
      break;
    case 'settings':
      body = <SettingsScreen services={app} onBack={home} onSelftest={() => setScreen({ kind: 'selftest' })} />;
      break;
    case 'selftest':
      // The labelled answers are graded with the grader a round would use now: the model's once it is ready.
      body = services === undefined ? <Text dimColor> Loading the question bank…</Text> : <SelftestScreen services={services} onBack={() => setScreen({ kind: 'settings' })} />;
      break;
    default: {
      const never: never = screen;
      return never;
    }
  }
  return frame(body);
}
