import { useLayoutEffect, useRef } from 'react';
import { useStdin } from 'ink';
import { parseInput, type KeyPress } from '../keys.js';

interface InkStdin {
  readonly setRawMode: (enabled: boolean) => void;
  readonly internal_eventEmitter?: NodeJS.EventEmitter;
}

/**
 * Like Ink's useInput, but with our key parser (Backspace vs Delete, Alt+Enter, pastes with
 * control keys). Only maps keys to a handler; the handler dispatches actions.
 */
export function useKeys(handler: (key: KeyPress) => void, options: { readonly isActive?: boolean } = {}): void {
  const stdin = useStdin() as unknown as InkStdin;
  const active = options.isActive ?? true;
  const latest = useRef(handler);
  latest.current = handler;
  // Layout effects run in the same tick as the commit that drew the screen: with a passive effect,
  // a key typed the moment a new screen appears could arrive before anyone listens, and be lost.
  useLayoutEffect(() => {
    if (!active) return undefined;
    stdin.setRawMode(true);
    return () => stdin.setRawMode(false);
  }, [active, stdin]);
  useLayoutEffect(() => {
    const events = stdin.internal_eventEmitter;
    if (!active || events === undefined) return undefined;
    const onInput = (input: string): void => {
      for (const key of parseInput(input)) latest.current(key);
    };
    events.on('input', onInput);
    return () => {
      events.removeListener('input', onInput);
    };
  }, [active, stdin]);
}
