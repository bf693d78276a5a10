import { gradeAnswer, type PreparedRubric } from '../../core/grading/grade.js';
import { annotate, REFERENCE_VERSIONS, type ReferenceVersion } from '../../core/grading/reference.js';
import type { ReferenceAnswer } from '../../schemas/bank.js';
import type { QuestionBank } from '../../ports.js';
import { switches } from '../../core/practice/flaws.js';
import { CLUSTERS, DIMENSIONS, DRILL_NAMES, PREP_KINDS } from '../../schemas/constants.js';
import { counted } from '../../core/counted.js';

const CLUSTER_TITLES: Record<(typeof CLUSTERS)[number], string> = {
  architecture: 'Architecture and performance',
  reliability: 'Reliability and operations',
  incident: 'Incident debugging and optimisation',
};

function minutes(sec: number): string {
  return `${Math.round(sec / 60)} min`;
}

export function formatBankList(bank: QuestionBank): string {
  const lines: string[] = [];
  const questions = bank.questions();
  for (const cluster of CLUSTERS) {
    const mine = questions.filter((p) => p.question.cluster === cluster);
    if (mine.length === 0) continue;
    lines.push(`${CLUSTER_TITLES[cluster]} (${mine.length})`);
    for (const { question, rubric } of mine) {
      lines.push(`  ${question.id}  ${question.title.padEnd(62)} ${minutes(question.timeBudgetSec).padStart(6)}  ${counted(rubric.criteria.length, 'criterion', 'criteria')}`);
    }
    lines.push('');
  }
  const drills = bank.rapidFire();
  const sets = new Map<string, { title: string; count: number }>();
  for (const d of drills) {
    const s = sets.get(d.set) ?? { title: d.setTitle, count: 0 };
    s.count++;
    sets.set(d.set, s);
  }
  lines.push(`Rapid-fire (${counted(drills.length, 'item')})`);
  for (const [id, s] of sets) lines.push(`  ${id.padEnd(20)} ${s.title} (${s.count})`);
  const flaws = bank.spotTheFlaw();
  if (flaws.length > 0) {
    const plantable = flaws.map((f) => switches(f.set).length);
    lines.push('', `Spot the flaw (${counted(flaws.length, 'answer')}, ${Math.min(...plantable)}-${Math.max(...plantable)} red flags that can be planted in each): coach drill --spot-the-flaw`);
  }
  const prep = bank.prep();
  if (prep.length > 0) {
    lines.push('', `Interview prep (${counted(prep.length, 'prompt')})`);
    for (const kind of PREP_KINDS) {
      const mine = prep.filter((e) => e.kind === kind);
      if (mine.length > 0) lines.push(`  ${kind.padEnd(20)} ${DRILL_NAMES[kind]} (${mine.length}): coach drill --kind ${kind}`);
    }
  }
  const references = questions.filter((p) => bank.reference(p.question.id) !== undefined).length;
  lines.push('', `Reference answers: ${references} of ${questions.length} questions (coach bank show qNN ends with them)`);
  return lines.join('\n');
}

export function formatQuestion({ question, rubric }: PreparedRubric): string {
  const lines: string[] = [];
  lines.push(`${question.id} · ${question.title}`);
  lines.push(`${CLUSTER_TITLES[question.cluster]} · ${minutes(question.timeBudgetSec)}`);
  lines.push('');
  lines.push('Prompt');
  lines.push(`  ${question.prompt}`);
  lines.push('');
  lines.push('What it probes');
  lines.push(`  ${question.probing}`);
  lines.push('');
  lines.push('Follow-up ladder');
  question.followUps.forEach((f, i) => lines.push(`  ${i + 1}. [${f.dimension}] ${f.text}${f.standard === undefined ? '' : ` (${f.standard})`}`));
  lines.push('');
  lines.push('Rubric');
  for (const d of DIMENSIONS) {
    for (const c of rubric.criteria.filter((x) => x.dimension === d)) lines.push(`  [${d}] (w${c.weight}) ${c.text}`);
  }
  lines.push('');
  lines.push('Red flags');
  for (const f of question.redFlags) lines.push(`  -${f.penalty} ${f.label}: ${f.why}`);
  lines.push('');
  lines.push('Company emphasis');
  lines.push(`  Amazon:  ${question.companyEmphasis.amazon}`);
  lines.push(`  Google:  ${question.companyEmphasis.google}`);
  lines.push(`  Startup: ${question.companyEmphasis.startup}`);
  return lines.join('\n');
}

/** A criterion id as a reader sees it beside a sentence: the general ones marked as asked of any answer. */
function earnedName(id: string): string {
  return id.startsWith('general-') ? `${id.slice('general-'.length)} (any answer)` : id;
}

/**
 * What a strong answer sounds like: the anti-pattern to avoid, then each version sentence by
 * sentence with the criteria the grader credits in it, and the score it gets.
 */
export function referenceLines(prepared: PreparedRubric, ref: ReferenceAnswer, versions: readonly ReferenceVersion[] = REFERENCE_VERSIONS): string[] {
  const lines: string[] = ['What a strong answer sounds like', `  Avoid: ${ref.avoid}`];
  for (const version of versions) {
    const grade = gradeAnswer(prepared, ref[version]);
    lines.push('', `  ${version === 'short' ? 'In 90 seconds' : 'In full'} (${counted(grade.wordCount, 'word')}, scores ${grade.overall}/100)`);
    for (const s of annotate(ref[version], grade)) {
      lines.push(`    ${s.text}`);
      if (s.earns.length > 0) lines.push(`        ↳ earns ${s.earns.map(earnedName).join(', ')}`);
    }
  }
  return lines;
}
