/** Time as a running round or drill sees it, and when the answer being typed is autosaved. */

export interface Clock {
  now(): number;
}

/** Repeating callbacks: a round's only source of time passing, so tests can drive it by hand. */
export interface Ticker {
  every(ms: number, callback: () => void): () => void;
}

/** How often clocks redraw and the autosave looks at the draft. */
export const TICK_MS = 250;
/** A changed draft is saved once it is this old, so a crash loses at most about this much typing. */
export const AUTOSAVE_MS = 1000;

/** The draft's text as last saved, for any reason, and when. */
export interface LastSave {
  readonly text: string;
  readonly at: number;
}

/** Whether a tick at `now` should save the draft: it changed since the last save, which is AUTOSAVE_MS old. */
export function autosaveDue(last: LastSave, text: string, now: number): boolean {
  return text !== last.text && now - last.at >= AUTOSAVE_MS;
}
