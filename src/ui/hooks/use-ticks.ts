import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Clock, Ticker } from '../../ports.js';
import { editorText, type EditorState } from '../../core/practice/editor.js';

/** How often clocks redraw and the autosave looks at the draft. */
export const TICK_MS = 250;
/** A changed draft is saved once it is this old, so a crash loses at most about this much typing. */
export const AUTOSAVE_MS = 1000;

interface Drafting {
  readonly phase: { readonly kind: string };
  readonly editor: EditorState;
}

/**
 * Drives a round's or drill's clocks from the ticker, and autosaves the draft being typed once a
 * change is AUTOSAVE_MS old. Returns the current time for the clocks and `saved`, which a save
 * made for any other reason must call so the autosave does not repeat it.
 */
export function useTicks<S extends Drafting>(
  ticker: Ticker,
  clock: Clock,
  state: RefObject<S>,
  onTick: (now: number) => void,
  autosave: (s: S, now: number) => void,
): { now: number; saved: (text: string, at: number) => void } {
  const [now, setNow] = useState(() => clock.now());
  const last = useRef({ text: editorText(state.current.editor), at: clock.now() });
  const latest = useRef({ onTick, autosave });
  latest.current = { onTick, autosave };
  useEffect(
    () =>
      ticker.every(TICK_MS, () => {
        const t = clock.now();
        setNow(t);
        latest.current.onTick(t);
        const s = state.current;
        if (s.phase.kind === 'answering' && editorText(s.editor) !== last.current.text && t - last.current.at >= AUTOSAVE_MS) latest.current.autosave(s, t);
      }),
    [ticker, clock, state],
  );
  const saved = useRef((text: string, at: number) => {
    last.current = { text, at };
  }).current;
  return { now, saved };
}
