/**
 * Why the model's follow-up was not the one asked, in one line a candidate can read: shown with
 * the follow-up on the round screen, on history's session page and in the Markdown export.
 */
import type { Dimension } from '../../schemas/constants.js';

/** The sanity check's reasons (checkFollowUp), as recorded after "the model's follow-up was ". */
const CHECK_FAILED: Readonly<Record<string, string>> = {
  empty: 'it was empty',
  'too long': 'it was too long',
  'too short to be a question': 'it was too short to be a question',
  'not a question': 'it was not a question',
  'mostly not words': 'it was mostly not words',
  'a repeat of an earlier question': 'it repeated an earlier question',
  // What sessions saved before the reason read as English.
  'repeats an earlier question': 'it repeated an earlier question',
  'mostly non-words': 'it was mostly not words',
};

/**
 * `fallback` is the reason the session recorded (InterviewerTurn.fallback, AnswerRecord.followUpFallback);
 * `source` says where the follow-up asked instead came from. A reason not known here is shown as recorded.
 */
export function droppedFollowUpLine(fallback: string, source: 'ladder' | 'template' | 'model' | undefined, dimension: Dimension | undefined): string {
  const instead = source === 'template' ? `this one is coach's general question on ${dimension ?? 'the answer'}` : "this one is from the question's own ladder";
  const reason = fallback.replace(/\s+/g, ' ').trim();
  if (reason === 'the model timed out') return `The model took too long to write a follow-up; ${instead}.`;
  const failed = /^the model failed: (.*)$/.exec(reason);
  if (failed !== null) return `The model could not write a follow-up (${failed[1] ?? ''}); ${instead}.`;
  const figure = /^the model's follow-up used a figure nobody stated \((.*)\)$/.exec(reason);
  const checked = /^the model's follow-up was (.*)$/.exec(reason);
  const why = figure !== null ? `it named a figure, ${figure[1] ?? ''}, that nobody had given` : checked !== null ? (CHECK_FAILED[checked[1] ?? ''] ?? `it was ${checked[1] ?? ''}`) : reason;
  return `The model's follow-up was dropped (${why}); ${instead}.`;
}
