/**
 * Which coding problem a round starts with: the one asked for; else the most overdue one; else
 * one never tried; else the one least recently due. The language is JavaScript unless Python is
 * asked for and runs here.
 */
import { LANGUAGE_NAMES, type CodingLanguage } from '../../schemas/coding.js';
import type { QuestionBank } from '../bank.js';
import type { CodingStart } from '../practice/coding-controller.js';
import type { Planned } from '../practice/start.js';
import type { ScheduledProblem } from '../progress/schedule.js';

export interface CodingRequest {
  readonly problemId?: string | undefined;
  readonly language?: CodingLanguage | undefined;
  /** Whether python3 runs on this machine. */
  readonly python: boolean;
  readonly cards?: ReadonlyMap<string, ScheduledProblem> | undefined;
  readonly now?: number | undefined;
}

export function planCodingStart(bank: Pick<QuestionBank, 'coding'>, random: () => number, request: CodingRequest): Planned<Extract<CodingStart, { kind: 'new' }>> {
  const problems = bank.coding();
  if (problems.length === 0) return { ok: false, reason: 'the bank has no coding problems (questions/coding/): coach bank validate says why' };
  const language = request.language ?? 'node';
  if (language === 'python' && !request.python) return { ok: false, reason: `${LANGUAGE_NAMES.python} needs python3, which is not on this machine: install it, or use JavaScript` };
  if (request.problemId !== undefined) {
    if (!problems.some((p) => p.problem.id === request.problemId)) return { ok: false, reason: `no coding problem "${request.problemId}"; there are ${problems.map((p) => p.problem.id).join(', ')}` };
    return { ok: true, start: { kind: 'new', problemId: request.problemId, language } };
  }
  const cards = request.cards ?? new Map<string, ScheduledProblem>();
  const now = request.now ?? 0;
  const due = problems.filter((p) => (cards.get(p.problem.id)?.due.getTime() ?? Infinity) <= now).sort((a, b) => (cards.get(a.problem.id)?.due.getTime() ?? 0) - (cards.get(b.problem.id)?.due.getTime() ?? 0));
  const unseen = problems.filter((p) => !cards.has(p.problem.id));
  const pick = due[0] ?? unseen[Math.floor(random() * unseen.length)] ?? [...problems].sort((a, b) => (cards.get(a.problem.id)?.due.getTime() ?? 0) - (cards.get(b.problem.id)?.due.getTime() ?? 0))[0];
  if (pick === undefined) return { ok: false, reason: 'no coding problem to start' };
  return { ok: true, start: { kind: 'new', problemId: pick.problem.id, language } };
}
