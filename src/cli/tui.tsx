/** Starts the Ink app: builds the real services, takes over the terminal, restores it on exit. */
import React from 'react';
import chalk from 'chalk';
import { render } from 'ink';
import { DEFAULT_BANK_DIR, loadBank } from '../adapters/fs-bank.js';
import { FsSessionStore, sessionsDirInForce } from '../adapters/session-store.js';
import { ConfSettingsStore } from '../adapters/settings.js';
import { modelInForce } from '../adapters/llm/configured-model.js';
import { ModelService } from '../adapters/llm/model-service.js';
import { loadYardsticks } from '../adapters/golden.js';
import { FsReportWriter } from '../adapters/report-writer.js';
import { fsCodingTools } from '../adapters/coding/tools.js';
import { join } from 'node:path';
import { App, type Screen } from '../ui/app.js';
import { OpenSessions } from '../core/practice/session-saver.js';
import { realTicker, type AppServices, type Services } from '../ui/services.js';

export interface TuiOptions {
  readonly sessionsDir?: string | undefined;
  /** Builds the first screen once the services exist (a round needs the bank to plan). */
  readonly initial: (services: Services) => Screen;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

export interface Built {
  readonly services: AppServices;
  /** Resolves once the bank is loaded, for commands whose first screen needs it. */
  readonly ready: () => Promise<Services>;
  /** Releases the model, if one was loaded. */
  readonly dispose: () => Promise<void>;
}

/**
 * For end-to-end tests only: COACH_TEST_TIME_SCALE=60 runs the clocks sixty times faster, so a
 * real terminal can drive a 45-minute scenario in under a minute. Unset (always, for users), time is real.
 */
function testClock(raw: string | undefined): { now: () => number } | undefined {
  const scale = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(scale) || scale <= 0 || scale === 1) return undefined;
  const origin = Date.now();
  return { now: () => origin + (Date.now() - origin) * scale };
}

export function buildServices(sessionsDirFlag: string | undefined): Built {
  const settings = new ConfSettingsStore();
  const { settings: prefs } = settings.read();
  // The model is loaded in the background once a screen that grades or interviews asks for it (not for history);
  // until it is ready the rubric grader and the ladder serve.
  const model = modelInForce(process.env, prefs.modelPath);
  const models = new ModelService({}, model?.path);
  const bank = loadBank();
  const sessionsDir = sessionsDirInForce({ flag: sessionsDirFlag, env: process.env, setting: prefs.sessionsDir, cwd: process.cwd(), checkout: DEFAULT_BANK_DIR });
  const store = new FsSessionStore(sessionsDir.dir);
  const services: AppServices = {
    sessionsDir,
    model,
    bank,
    store,
    openSessions: new OpenSessions(),
    settings,
    clock: testClock(process.env['COACH_TEST_TIME_SCALE']) ?? { now: () => Date.now() },
    ticker: realTicker,
    grader: models.grader,
    interviewer: models.interviewer,
    drillChecker: models.drillChecker,
    engine: models,
    random: Math.random,
    coding: fsCodingTools(store.dir),
    reports: new FsReportWriter(join(store.dir, 'exports')),
    yardsticks: () => loadYardsticks(),
  };
  return { services, ready: async () => ({ ...services, bank: await bank }), dispose: () => models.dispose() };
}

export async function runTui(services: AppServices, initial: Screen): Promise<void> {
  const color = process.env['NO_COLOR'] === undefined || process.env['NO_COLOR'] === '';
  // Ink colours through chalk, which reads FORCE_COLOR but not NO_COLOR (https://no-color.org).
  if (!color) chalk.level = 0;
  const restore = (): void => {
    process.stdout.write(`\u001b[?25h${LEAVE_ALT_SCREEN}`);
  };
  process.stdout.write(ENTER_ALT_SCREEN);
  const instance = render(<App services={services} initial={initial} color={color} />, { exitOnCtrlC: false, patchConsole: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    // The terminal went away or we were asked to stop: the running round's or drill's newest snapshot goes to disk first.
    try {
      services.openSessions.flushSync();
    } finally {
      process.exitCode = signal === 'SIGTERM' ? 143 : 129;
      instance.unmount();
    }
  };
  // A bug must not cost the answer being typed: write it, give the terminal back, say what broke.
  const onCrash = (error: unknown): void => {
    try {
      services.openSessions.flushSync();
    } finally {
      restore();
      process.stderr.write(`coach: unexpected error: ${error instanceof Error ? error.message : String(error)}; your answers are saved, resume them from the home screen\n`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('uncaughtException', onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onCrash);
    restore();
  }
}
