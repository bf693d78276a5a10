import { isCommand, type KeyPress } from '../keys.js';
import { scrollFor } from '../components/rich-view.js';
import { useLatestState } from './use-latest-state.js';

export interface LeaveKeys {
  readonly confirming: boolean;
  /**
   * The keys every timed screen shares: the leave question (y leaves after saving, n stays),
   * Esc/Ctrl+C to ask it, and scrolling or leaving a finished screen. True when the key was handled.
   */
  handle(key: KeyPress, screen: { readonly finished: boolean; readonly lines: number; readonly height: number; readonly setOffset: (f: (o: number) => number) => void }): boolean;
}

/** `hold` stops the clocks while the question is up and starts them again when the candidate stays. */
export function useLeaveKeys(save: () => void, onLeave: () => void, hold: (on: boolean) => void): LeaveKeys {
  // Esc then y in one read must leave: the second key sees the question the first one asked.
  const [confirming, asking, setConfirming] = useLatestState(false);
  return {
    confirming,
    handle(key, screen) {
      if (asking()) {
        if (isCommand('confirm', key)) {
          save();
          onLeave();
        } else if (isCommand('cancel', key)) {
          setConfirming(() => false);
          hold(false);
        }
        return true;
      }
      if (screen.finished) {
        if (isCommand('next', key) || isCommand('back', key)) onLeave();
        else screen.setOffset((o) => scrollFor(key, o, screen.lines, screen.height) ?? o);
        return true;
      }
      if (isCommand('leave', key)) {
        hold(true);
        setConfirming(() => true);
        return true;
      }
      return false;
    },
  };
}
