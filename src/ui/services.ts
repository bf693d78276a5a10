import type { BankProblem, Clock, CodingTools, DrillChecker, EngineMonitor, EngineState, Grader, Interviewer, ModelInForce, QuestionBank, ReportWriter, SessionsDirInForce, SessionStore, SettingsStore, Ticker } from '../ports.js';
import type { YardstickAnswer, YardstickName } from '../core/progress/selftest.js';
import type { OpenSessions } from '../core/practice/session-saver.js';

/** Everything the screens use from outside; tests pass fakes. */
export interface Services {
  /** The sessions directory in force and where it comes from, for the settings screen; absent in tests that do not say. */
  readonly sessionsDir?: SessionsDirInForce | undefined;
  /** The model this coach was started with and what chose it, for the settings screen; absent when none is configured. */
  readonly model?: ModelInForce | undefined;
  readonly bank: QuestionBank;
  readonly store: SessionStore;
  /** The running round or drill registers here, so an exit signal can write its newest snapshot. */
  readonly openSessions: OpenSessions;
  readonly settings: SettingsStore;
  readonly clock: Clock;
  readonly ticker: Ticker;
  /** Switches to the model grader once a model is ready. */
  readonly grader: Grader;
  readonly interviewer: Interviewer;
  /** Checks a finished drill's answers again with the model, several at once. */
  readonly drillChecker: DrillChecker;
  /** The local model's state, for the home screen. */
  readonly engine: EngineMonitor;
  readonly random: () => number;
  /** The coding round: tests, the user's editor, the solution file. */
  readonly coding: CodingTools;
  /** Where history's export key writes Markdown reports. */
  readonly reports: ReportWriter;
  /** The labelled answers the grader self-test grades: the golden set and both halves of the blind set. */
  readonly yardsticks: () => Promise<{ sets: { name: YardstickName; answers: YardstickAnswer[] }[]; problems: BankProblem[] }>;
}

/** What the app starts with: the bank may still be loading while the home screen is drawn. */
export type AppServices = Omit<Services, 'bank'> & { readonly bank: QuestionBank | Promise<QuestionBank> };

export const realTicker: Ticker = {
  every(ms, callback) {
    const id = setInterval(callback, ms);
    return () => clearInterval(id);
  },
};

/** No model configured: the engine never changes. */
export function staticEngine(state: EngineState = { state: 'none' }): EngineMonitor {
  return { current: () => state, subscribe: () => () => undefined, warmUp: () => undefined };
}
