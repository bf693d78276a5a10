import { beforeAll, describe, expect, it } from 'vitest';
import { ModelInterviewer } from '../../src/adapters/llm/model-interviewer.js';
import { droppedFollowUpLine } from '../../src/core/practice/dropped-follow-up.js';
import { gradeAnswer, type PreparedRubric } from '../../src/core/grading/grade.js';
import { sessionMarkdown } from '../../src/core/progress/export.js';
import type { CompletionRequest, LanguageModel } from '../../src/ports.js';
import type { Session } from '../../src/schemas/session.js';
import { plainText, wrapAll } from '../../src/ui/rich.js';
import { formatSession } from '../../src/ui/reports/history-report.js';
import { sessionBlocks } from '../../src/ui/screens/history-screen.js';
import { gradedRound, prepared } from '../helpers.js';

let q23: PreparedRubric;
beforeAll(async () => {
  q23 = await prepared('q23');
});

const WEAK = 'We would restart the slow replicas and add more GPUs.';

function replying(reply: (r: CompletionRequest) => Promise<string>): LanguageModel {
  return {
    slots: 6,
    info: { name: 'scripted', path: '/dev/null', backend: 'cpu', gpuNames: [], gpuLayers: 0, totalLayers: 0, threads: 1, contextSize: 4096, sizeBytes: 0 },
    complete: reply,
    dispose: async () => undefined,
  };
}

/** What the model interviewer records when its follow-up is dropped, for a reply (or a failure) of the model. */
async function recorded(reply: (r: CompletionRequest) => Promise<string>, asked: readonly string[] = [], timeoutMs = 5000): Promise<{ fallback: string; source: 'ladder' | 'template' | 'model' }> {
  const turn = await new ModelInterviewer(replying(reply), { timeoutMs, slot: 5 }).followUp({ prepared: q23, answers: [WEAK], grade: gradeAnswer(q23, WEAK), asked, templates: {} });
  if (turn?.fallback === undefined) throw new Error('expected the follow-up to be dropped');
  return { fallback: turn.fallback, source: turn.source };
}

describe('the line that says why a model follow-up was dropped', () => {
  it('puts every reason the model interviewer records in a candidate’s words, in one line', async () => {
    const repeat = 'What number tells you the restart worked for the users?';
    const cases: [string, Promise<{ fallback: string; source: 'ladder' | 'template' | 'model' }>, string][] = [
      ['empty', recorded(async () => ''), '(it was empty)'],
      ['not a question', recorded(async () => 'You should add a canary with a threshold.'), '(it was not a question)'],
      ['too short', recorded(async () => 'Why?'), '(it was too short to be a question)'],
      ['too long', recorded(async () => `${'Why would that restart work for every one of the replicas '.repeat(6)}?`), '(it was too long)'],
      ['non-words', recorded(async () => 'ivedtools王nofollowlèsциаль adult etOb et Baronう?'), '(it was mostly not words)'],
      ['a repeat', recorded(async () => repeat, [repeat]), '(it repeated an earlier question)'],
      ['a figure', recorded(async () => 'What happens when traffic reaches 7300 requests a second?'), '(it named a figure, 7300, that nobody had given)'],
      ['a failure', recorded(async () => Promise.reject(new Error('context overflow'))), 'The model could not write a follow-up (context overflow)'],
      ['a timeout', recorded((r) => new Promise<string>((_, reject) => r.signal?.addEventListener('abort', () => reject(new Error('aborted')))), [], 20), 'The model took too long to write a follow-up'],
    ];
    for (const [what, turn, says] of cases) {
      const { fallback, source } = await turn;
      // What the session saves reads as English too: "was a repeat of", never "was repeats".
      expect(fallback, what).not.toMatch(/was (repeats|mostly non-words)/);
      const line = droppedFollowUpLine(fallback, source, 'metrics');
      expect(line, what).toContain(says);
      expect(line, what).toMatch(/; this one is (from the question's own ladder|coach's general question on metrics)\.$/);
      expect(line, what).not.toContain('\n');
    }
  });

  it('names a general question by its dimension, and shows a reason it does not know as recorded', () => {
    expect(droppedFollowUpLine("the model's follow-up was not a question", 'template', 'rollback')).toBe("The model's follow-up was dropped (it was not a question); this one is coach's general question on rollback.");
    // Sessions saved before the reason was reworded still read the same.
    expect(droppedFollowUpLine("the model's follow-up was repeats an earlier question", 'ladder', 'rollback')).toContain('(it repeated an earlier question)');
    expect(droppedFollowUpLine('the grammar was rejected', 'ladder', 'rollback')).toBe("The model's follow-up was dropped (the grammar was rejected); this one is from the question's own ladder.");
  });
});

describe('a dropped follow-up, reviewed afterwards', () => {
  const withFallback = (): Session => {
    const session = gradedRound('20261122-090000-fbfb', '2026-11-22T09:00:00.000Z', [{ q: q23, text: WEAK, followUp: 'We roll back when p95 TTFT exceeds 1.5 s.' }]);
    const question = session.questions[0];
    const followUp = question?.answers[1];
    if (question === undefined || followUp === undefined) throw new Error('a follow-up expected');
    return { ...session, questions: [{ ...question, answers: [question.answers[0] ?? followUp, { ...followUp, followUpSource: 'ladder', followUpFallback: "the model's follow-up was not a question" }] }] };
  };
  const line = "The model's follow-up was dropped (it was not a question); this one is from the question's own ladder.";

  it('says so under the follow-up in the Markdown export, on history’s session page and in coach history <id>', () => {
    const md = sessionMarkdown(withFallback());
    expect(md).toContain(`### Follow-up on rollback (240 s)\n\n> follow-up\n\n*${line}*\n`);
    const page = wrapAll(sessionBlocks(withFallback()), 200).map(plainText);
    const at = page.findIndex((l) => l.includes('Follow-up on rollback'));
    expect(page[at + 1]?.trim()).toBe(line);
    expect(formatSession(withFallback())).toContain(`    Q: follow-up\n    ${line}\n`);
  });

  it('says nothing when the follow-up was the one asked', () => {
    const session = gradedRound('20261122-090000-okok', '2026-11-22T09:00:00.000Z', [{ q: q23, text: WEAK, followUp: 'We roll back when p95 TTFT exceeds 1.5 s.' }]);
    expect(sessionMarkdown(session)).not.toContain('was dropped');
    expect(formatSession(session)).not.toContain('was dropped');
  });
});
