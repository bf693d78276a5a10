/**
 * The adversarial interviewer: the same plan as the scripted one (dimension, probe and its level,
 * the fact sheet), but the words are the model's, streamed as they come and pointed at what
 * the answer said or left out. A follow-up that fails the sanity check is replaced by the
 * scripted ladder; the user sees a good question either way, and the session records why.
 */
import { checkFollowUp, followUpPrompt, inventedNumbers, MAX_FOLLOW_UP_CHARS } from '../../core/practice/follow-up.js';
import { newNonce } from '../../core/grading/model-grade.js';
import { scriptedInterviewer } from '../../core/practice/scripted-interviewer.js';
import { checkClarifyReply, clarifyPrompt } from '../../core/practice/clarify.js';
import type { ClarifyRequest, ClarifyTurn, FollowUpRequest, Interviewer, InterviewerTurn, LanguageModel } from '../../ports.js';

export class ModelInterviewer implements Interviewer {
  readonly kind = 'model' as const;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: { readonly timeoutMs: number; readonly slot: number },
  ) {}

  async followUp(request: FollowUpRequest, onText?: (text: string) => void, signal?: AbortSignal): Promise<InterviewerTurn | undefined> {
    const scripted = await scriptedInterviewer.followUp(request);
    if (scripted === undefined) return undefined;
    const facts = request.prepared.question.factSheet.map((f) => f.answer.replace(/\s+/g, ' ').trim());
    const missing = request.grade.criteria.filter((c) => c.dimension === scripted.dimension && !c.met).map((c) => c.text);
    const prompt = followUpPrompt({
      questionPrompt: request.prepared.question.prompt,
      answer: request.answers.join('\n\n'),
      dimension: scripted.dimension,
      intent: scripted.text,
      level: scripted.level ?? 1,
      facts,
      missing,
      company: request.company,
      asked: request.asked,
      nonce: newNonce(),
    });
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let text = '';
    let raw: string;
    try {
      raw = await this.model.complete({
        slot: this.options.slot,
        prompt,
        // Room for one question and a little more: enough to see that it ran on.
        maxTokens: 96,
        stopAt: ['\n\n', '\nQuestion:', '</answer'],
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        onText: (chunk) => {
          text += chunk;
          if (text.length <= MAX_FOLLOW_UP_CHARS) onText?.(text);
        },
      });
    } catch (error) {
      onText?.('');
      return { ...scripted, fallback: timeout.aborted ? 'the model timed out' : `the model failed: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}` };
    }
    const checked = checkFollowUp(raw, request.asked);
    if (!checked.ok) {
      onText?.('');
      return { ...scripted, fallback: `the model's follow-up was ${checked.why}` };
    }
    const invented = inventedNumbers(checked.text, [request.prepared.question.prompt, scripted.text, ...request.answers, ...facts]);
    if (invented.length > 0) {
      onText?.('');
      return { ...scripted, fallback: `the model's follow-up used a figure nobody stated (${invented[0] ?? ''})` };
    }
    return { ...scripted, text: checked.text, source: 'model' };
  }

  /** The model's words for the fact sheet's answer; the sheet's own words when the reply strays. */
  async clarify(request: ClarifyRequest, signal?: AbortSignal): Promise<ClarifyTurn> {
    const scripted = await scriptedInterviewer.clarify(request);
    const facts = request.prepared.question.factSheet.map((f) => f.answer.replace(/\s+/g, ' ').trim());
    const prompt = clarifyPrompt({ questionPrompt: request.prepared.question.prompt, facts, question: request.question, nonce: newNonce() });
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let raw: string;
    try {
      raw = await this.model.complete({
        slot: this.options.slot,
        prompt,
        maxTokens: 120,
        stopAt: ['\n\n', '</question'],
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
    } catch (error) {
      return { ...scripted, fallback: timeout.aborted ? 'the model timed out' : `the model failed: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}` };
    }
    const checked = checkClarifyReply(request.prepared, request.question, raw);
    if (!checked.ok) return { ...scripted, fallback: `the model's reply ${checked.why}` };
    return { text: checked.text, facts: checked.facts, source: 'model' };
  }
}
