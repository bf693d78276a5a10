import React, { useState } from 'react';
import { useApp } from 'ink';
import { planDrill, planRound } from '../core/plan.js';
import type { Session } from '../schemas/session.js';
import type { RoundStart } from './hooks/use-round.js';
import type { DrillStart } from './hooks/use-drill.js';
import { ColorContext } from './components/rich-view.js';
import { DrillScreen } from './screens/drill-screen.js';
import { HistoryScreen } from './screens/history-screen.js';
import { HomeScreen, type HomeChoice } from './screens/home-screen.js';
import { RoundScreen } from './screens/round-screen.js';
import { SettingsScreen } from './screens/settings-screen.js';
import type { Services } from './services.js';

export type Screen =
  | { readonly kind: 'home'; readonly notice?: string }
  | { readonly kind: 'round'; readonly start: RoundStart }
  | { readonly kind: 'drill'; readonly start: DrillStart }
  | { readonly kind: 'history' }
  | { readonly kind: 'settings' };

/** A round from the saved settings, as the home screen starts it. */
export function defaultRound(services: Services): RoundStart {
  const { settings } = services.settings.read();
  const all = services.bank.questions().map((p) => p.question);
  const questions = planRound(all, { count: settings.questions, cluster: settings.cluster }, services.random);
  return { kind: 'new', questions, minutes: settings.minutes, company: settings.company, cluster: settings.cluster };
}

export function defaultDrill(services: Services): DrillStart {
  const { settings } = services.settings.read();
  const items = services.bank.rapidFire().map((e) => e.item);
  return { kind: 'new', items: planDrill(items, settings.drillCount, settings.drillSeconds, services.random), seconds: settings.drillSeconds };
}

function resumeScreen(session: Session): Screen {
  return session.mode === 'drill' ? { kind: 'drill', start: { kind: 'resume', session } } : { kind: 'round', start: { kind: 'resume', session } };
}

export function App({ services, initial, color = true }: { readonly services: Services; readonly initial: Screen; readonly color?: boolean }): React.JSX.Element {
  const [screen, setScreen] = useState<Screen>(initial);
  const { exit } = useApp();
  const home = (): void => setScreen({ kind: 'home' });

  const choose = (choice: HomeChoice): void => {
    switch (choice) {
      case 'round':
        setScreen({ kind: 'round', start: defaultRound(services) });
        return;
      case 'drill':
        setScreen({ kind: 'drill', start: defaultDrill(services) });
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

  let body: React.JSX.Element;
  switch (screen.kind) {
    case 'home':
      body = <HomeScreen services={services} onChoose={choose} onResume={(s) => setScreen(resumeScreen(s))} notice={screen.notice} />;
      break;
    case 'round':
      body = <RoundScreen services={services} start={screen.start} onLeave={home} />;
      break;
    case 'drill':
      body = <DrillScreen services={services} start={screen.start} onLeave={home} />;
      break;
    case 'history':
      body = <HistoryScreen services={services} onBack={home} />;
      break;
    case 'settings':
      body = <SettingsScreen services={services} onBack={home} />;
      break;
    default: {
      const never: never = screen;
      return never;
    }
  }
  return <ColorContext.Provider value={color}>{body}</ColorContext.Provider>;
}
