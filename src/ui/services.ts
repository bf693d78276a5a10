import type { Clock, Grader, QuestionBank, SessionStore, SettingsStore, Ticker } from '../ports.js';

/** What the grader and interviewer are, for the home screen's status line. */
export interface EngineStatus {
  readonly grader: string;
  readonly interviewer: string;
  /** How to get more, or why a fallback is in use. */
  readonly note?: string;
}

/** Everything the screens use from outside; tests pass fakes. */
export interface Services {
  readonly bank: QuestionBank;
  readonly store: SessionStore;
  readonly settings: SettingsStore;
  readonly clock: Clock;
  readonly ticker: Ticker;
  readonly grader: Grader;
  readonly engine: EngineStatus;
  readonly random: () => number;
}

/** What the app starts with: the bank may still be loading while the home screen is drawn. */
export type AppServices = Omit<Services, 'bank'> & { readonly bank: QuestionBank | Promise<QuestionBank> };

export const realTicker: Ticker = {
  every(ms, callback) {
    const id = setInterval(callback, ms);
    return () => clearInterval(id);
  },
};
