/** A session as a Markdown report a person can read on its own, or as JSON lines for tools. */
import { DIMENSIONS, DRILL_NAMES } from '../../schemas/constants.js';
import type { Evidence, Grade } from '../../schemas/grade.js';
import type { AnswerRecord, Session } from '../../schemas/session.js';
import type { ReferenceAnswer } from '../../schemas/bank.js';
import { printable } from '../printable.js';
import { drillAccuracy, sessionOverall } from './history.js';
import { counted } from '../counted.js';
import { droppedFollowUpLine } from '../practice/dropped-follow-up.js';
import { codingMarkdown } from '../coding/attempts.js';

const MD_SPECIAL = /[\\`*_{}[\]<>#|]/g;

/** Markdown-escaped and printable(): every piece of a report that came from a session passes here, so a report never carries terminal controls. */
function escape(text: string): string {
  return printable(text).replace(MD_SPECIAL, (c) => `\\${c}`);
}

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** The answer with every quoted span in bold, so the words that earned credit stand out. */
export function boldEvidence(text: string, evidence: readonly Evidence[]): string {
  const spans = [...evidence].filter((e) => e.end > e.start && e.end <= text.length).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  let out = '';
  let at = 0;
  for (const m of merged) {
    out += escape(text.slice(at, m.start));
    // Bold cannot cross a line break in Markdown: bold each line of the span.
    out += text
      .slice(m.start, m.end)
      .split('\n')
      .map((line) => (line.trim() === '' ? line : `**${escape(line)}**`))
      .join('\n');
    at = m.end;
  }
  return out + escape(text.slice(at));
}

function gradeMarkdown(grade: Grade, pressed?: AnswerRecord['dimension']): string[] {
  const out: string[] = [];
  const dims = DIMENSIONS.filter((d) => pressed === undefined || d === pressed);
  const agreement = grade.agreement !== undefined && grade.agreement.ruled > 0 ? `, agreeing on ${grade.agreement.agreed} of ${counted(grade.agreement.ruled, 'criterion', 'criteria')}` : '';
  if (pressed === undefined) out.push(`**Overall ${grade.overall}/100** (${grade.grader === 'rubric' ? 'rubric grader' : `rubric + model grader${agreement}`}, ${counted(grade.wordCount, 'word')})`, '');
  out.push('| Dimension | Score | Criteria met |', '|---|---|---|');
  for (const d of dims) out.push(`| ${d} | ${grade.dimensions[d].score}/4 | ${grade.dimensions[d].met} of ${grade.dimensions[d].total}${grade.dimensions[d].disputed === undefined ? '' : `, ${grade.dimensions[d].disputed} disputed`} |`);
  const criteria = grade.criteria.filter((c) => pressed === undefined || c.dimension === pressed);
  const met = criteria.filter((c) => c.met);
  const disputed = criteria.filter((c) => c.disputed !== undefined);
  const missed = criteria.filter((c) => !c.met && c.disputed === undefined && c.general !== true);
  const missedGeneral = criteria.filter((c) => !c.met && c.disputed === undefined && c.general === true);
  out.push('', `**Met (${met.length})**`, '');
  if (met.length === 0) out.push('- none');
  for (const c of met) {
    const quotes = [...new Set([...c.evidence.map((e) => e.text.replace(/\s+/g, ' ').trim()), ...(c.asked ?? []).map((q) => `you asked: ${q}`)])];
    out.push(`- [${c.dimension}] ${escape(c.text)}${c.general === true && c.asked === undefined ? ' *(any answer)*' : ''}${c.decidedBy === 'model' ? ' *(found by the model)*' : ''}${quotes.map((q) => `\n  > “${escape(q.replace(/\s+/g, ' ').trim())}”`).join('')}`);
  }
  if (disputed.length > 0) {
    out.push('', `**Disputed (${disputed.length})**: the rubric and the model disagree; each earns half`, '');
    for (const c of disputed) {
      const rubricQuote = c.disputed?.rubricMet === true ? c.evidence[0] : undefined;
      const modelQuote = c.disputed?.modelEvidence[0];
      const side = (who: string, q: typeof rubricQuote): string => (q === undefined ? `${who}: not met` : `${who}: met by “${escape(q.text.replace(/\s+/g, ' ').trim())}”`);
      out.push(`- [${c.dimension}] ${escape(c.text)}\n  - ${side('rubric', rubricQuote)}\n  - ${side('model', modelQuote)}`);
    }
  }
  out.push('', `**Missed (${missed.length})**`, '');
  if (missed.length === 0) out.push('- none');
  for (const c of missed) out.push(`- [${c.dimension}] ${escape(c.text)}`);
  if (missedGeneral.length > 0) out.push('', `*What any answer needs and this one lacks: ${escape(missedGeneral.map((c) => c.text.charAt(0).toLowerCase() + c.text.slice(1)).join('; '))}.*`);
  if (pressed === undefined && grade.redFlags.length > 0) {
    out.push('', '**Red flags**', '');
    for (const f of grade.redFlags) out.push(`- −${f.penalty} ${escape(f.label)}: ${escape(f.why)}`);
  }
  if (pressed === undefined && grade.factChecks.length > 0) {
    out.push('', '**Figures checked**', '');
    for (const c of grade.factChecks) out.push(`- ${escape(c.fact)}: you said “${escape(c.stated.text.replace(/\s+/g, ' ').trim())}”; it is about ${escape(c.expected)}. ${escape(c.working)}`);
  }
  if (pressed === undefined && grade.firstGap !== null) out.push('', `**First gap** (${grade.firstGap.dimension}): ${escape(grade.firstGap.advice)}`);
  for (const n of grade.notes) out.push('', `*${escape(n)}*`);
  return out;
}

/** What the bank says about a drill prompt: its expected items in words, and what the review explained. */
export interface DrillItemInfo {
  labelOf(expectedId: string): string | undefined;
  readonly explain?: string | undefined;
}


/** Which grader graded the answers, as each answer records it: "rubric + model for 2 of 3 answers, rubric for 1" when they differ. */
export function gradersUsed(session: Session): string {
  const answers = session.questions.flatMap((q) => q.answers);
  const withModel = answers.filter((a) => a.grade.grader === 'rubric+model').length;
  if (answers.length === 0) return session.grader === 'rubric' ? 'rubric' : 'rubric + model';
  if (withModel === 0) return 'rubric';
  if (withModel === answers.length) return 'rubric + model';
  return `rubric + model for ${withModel} of ${counted(answers.length, 'answer')}, rubric for ${answers.length - withModel}`;
}

/** `itemInfo` names a drill's expected items in words and adds the review's explanation; without it, ids are shown. */
export function sessionMarkdown(
  session: Session,
  itemInfo: (itemId: string) => DrillItemInfo | undefined = () => undefined,
  referenceOf: (questionId: string) => Pick<ReferenceAnswer, 'short' | 'avoid'> | undefined = () => undefined,
): string {
  const out: string[] = [];
  const settings = [
    session.settings.minutes === undefined ? undefined : `${session.settings.minutes} minutes`,
    session.settings.company === undefined ? undefined : `${session.settings.company} interviewer`,
    session.settings.cluster === undefined ? undefined : `${session.settings.cluster} questions`,
  ].filter((x): x is string => x !== undefined);
  const title = session.mode === 'coding' ? 'Coding round' : session.mode === 'round' ? (session.settings.scenario === true ? '45-minute scenario' : 'Mock interview round') : DRILL_NAMES[session.settings.variant ?? 'rapid-fire'];
  out.push(`# ${title}, ${when(session.startedAt)}`, '');
  const graders = session.mode === 'coding' ? 'graded by: hidden tests, a scale test against the reference, the rubric for the follow-ups' : `grader: ${gradersUsed(session)} · interviewer: ${session.interviewer}`;
  out.push(`Session \`${session.id}\` · ${session.status} · ${graders}${settings.length > 0 ? ` · ${settings.join(', ')}` : ''}`, '');
  if (session.mode === 'coding') {
    for (const c of session.coding ?? []) out.push(...codingMarkdown(c, escape));
  } else if (session.mode === 'round') {
    const overall = sessionOverall(session);
    out.push(overall === undefined ? 'No answer was graded.' : `**Overall ${Math.round(overall)}/100**: the mean of each question's first answer.`, '');
    for (const q of session.questions) {
      out.push(`## ${q.questionId} · ${escape(q.title)}`, '');
      const initial = q.answers.find((a) => a.kind === 'initial');
      if (initial !== undefined) out.push(...initial.prompt.split('\n').map((l) => `> ${escape(l)}`), '');
      const asked = q.clarifications ?? [];
      if (asked.length > 0) {
        out.push('### Your clarifying questions', '');
        for (const c of asked) out.push(`- **${escape(c.question)}** ${escape(c.answer)}`);
        out.push('');
      }
      if (q.answers.length === 0) out.push('*Not answered.*', '');
      for (const a of q.answers) {
        const seconds = Math.round(a.elapsedMs / 1000);
        const dropped = a.followUpFallback === undefined ? [] : [`*${escape(droppedFollowUpLine(a.followUpFallback, a.followUpSource, a.dimension))}*`, ''];
        if (a.skipped === true) {
          out.push(`### Follow-up on ${a.dimension ?? 'the answer'}: moved on`, '', `> ${escape(a.prompt)}`, '', ...dropped, `*${escape(a.text)}*`, '');
          continue;
        }
        if (a.kind === 'initial') out.push(`### Your answer (${seconds} s${a.autoSubmitted ? ', submitted when time ran out' : ''})`, '');
        else if (a.kind === 'wrap-up') out.push(`### Wrap-up (${seconds} s)`, '', `> ${escape(a.prompt)}`, '');
        else out.push(`### Follow-up on ${a.dimension ?? 'the answer'} (${seconds} s)`, '', `> ${escape(a.prompt)}`, '', ...dropped);
        out.push(boldEvidence(a.text, a.grade.criteria.filter((c) => c.met && (a.kind !== 'follow-up' || c.dimension === a.dimension)).flatMap((c) => c.evidence)), '');
        out.push(...gradeMarkdown(a.grade, a.kind === 'follow-up' ? a.dimension : undefined), '');
      }
      if (q.draft !== undefined && q.draft.text.trim() !== '') out.push('*Unsubmitted draft:*', '', escape(q.draft.text), '');
      const ref = referenceOf(q.questionId);
      if (ref !== undefined) out.push('### What a strong answer sounds like (90 seconds)', '', `*Avoid:* ${escape(ref.avoid)}`, '', ...ref.short.split('\n').map((l) => escape(l)), '');
    }
  } else {
    const accuracy = drillAccuracy(session);
    out.push(accuracy === undefined ? 'No prompt was answered.' : `**Accuracy ${Math.round(accuracy)}%** (${session.drill.filter((d) => d.correct).length} of ${session.drill.length})`, '');
    const flaws = session.settings.variant === 'spot-the-flaw';
    for (const d of session.drill) {
      const info = itemInfo(d.itemId);
      const label = (id: string): string => escape(info?.labelOf(id) ?? id);
      const answer = d.answer.trim() === '' ? '*No answer.*' : escape(d.answer);
      if (d.title === undefined) out.push(`## ${d.correct ? '✓' : '✗'} ${escape(d.prompt)}`, '', `> ${answer}`, '');
      // A long prompt (the answer to critique) is quoted under its title, and the user's words follow it.
      else out.push(`## ${d.correct ? '✓' : '✗'} ${escape(d.title)}`, '', ...d.prompt.split('\n').map((l) => (l.trim() === '' ? '>' : `> ${escape(l)}`)), '', `**You:** ${answer}`, '');
      const named = d.named.length > 0 ? ` Named: ${d.named.map(label).join('; ')}.` : '';
      const missed = d.missed.length > 0 ? ` ${flaws ? 'Not named' : 'Missed'}: ${d.missed.map(label).join('; ')}.` : '';
      for (const problem of d.problems ?? []) out.push(`- ✗ ${escape(problem)}`);
      if ((d.problems ?? []).length > 0) out.push('');
      out.push(`Named ${d.named.length} ${flaws ? `of the ${d.atLeast} ${d.atLeast === 1 ? 'flaw planted' : 'flaws planted'}` : `(${d.atLeast} needed)`}${d.autoSubmitted ? ' (time ran out)' : ''}.${named}${missed}`, '');
      const explain = info?.explain?.split('\n').filter((l) => l.trim() !== '') ?? [];
      if (explain.length > 0) out.push(flaws ? '*How an interviewer would put it:*' : '*Why:*', '', ...explain.map((l) => `- ${escape(l)}`), '');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** One session per line, newest first: the whole history for tools. */
export function historyJsonl(sessions: readonly Session[]): string {
  return sessions.map((s) => JSON.stringify(s)).join('\n') + (sessions.length > 0 ? '\n' : '');
}
