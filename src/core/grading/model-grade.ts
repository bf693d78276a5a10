/**
 * What the model checks share: a fresh fence per request and the answer cut to size. The grade's
 * verdicts are in verdicts.ts, the drill check's in drill-verdicts.ts.
 */

/** Answers are cut to this before they reach the model, so prompts fit the context. */
export const MAX_ANSWER_CHARS = 6000;

/** A fresh random delimiter per grade; an answer cannot close a tag it cannot guess. */
export function newNonce(random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36) % 36] ?? 'x';
  return out;
}
