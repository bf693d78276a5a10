import { useEffect, useState, useSyncExternalStore } from 'react';
import type { EditorAction } from '../../core/practice/editor.js';
import { RoundController, type ClarifyResult, type RoundControllerState, type SkipResult, type SubmitResult } from '../../core/practice/round-controller.js';
import type { RoundStart } from '../../core/practice/start.js';
import type { Services } from '../services.js';
export type { RoundStart } from '../../core/practice/start.js';

export interface RoundControls extends RoundControllerState {
  edit(action: EditorAction): void;
  submit(): SubmitResult;
  next(): void;
  /** A clarifying question to the interviewer; the clock keeps running. */
  clarify(question: string): ClarifyResult;
  /** "I'd rather move on" from the follow-up in view; with `endQuestion`, on to the next question. */
  skip(endQuestion?: boolean): SkipResult;
  /** Saves everything, the draft included, as an unfinished session. */
  leave(): void;
  /** Stops the clocks while the leave question is up (true), and starts them again (false). */
  hold(on: boolean): void;
}

/** The round's controller, made once per screen; the screen re-renders on each of its state changes. */
export function useRound(services: Services, start: RoundStart): RoundControls {
  const [controller] = useState(() => new RoundController(services, start));
  useEffect(() => {
    controller.start();
    return () => controller.dispose();
  }, [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return {
    ...state,
    edit: (action) => controller.edit(action),
    submit: () => controller.submit(),
    next: () => controller.next(),
    clarify: (question) => controller.clarify(question),
    skip: (endQuestion) => controller.skip(endQuestion),
    leave: () => controller.leave(),
    hold: (on) => controller.hold(on),
  };
}
