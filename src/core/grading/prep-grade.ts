/**
 * Grading for the preparation drills. Each builds on list-type grading (which expected items the
 * answer names, each with its words) and adds what its kind is judged on: a figure within
 * tolerance, the order of a script's stages, a trap taken as the first move, a word limit, only
 * the first N questions counted. Every reason an answer is not right is one line in `problems`.
 */
import type { PrepItem, Signal } from '../../schemas/bank.js';
import type { Evidence } from '../../schemas/grade.js';
import { analyse, ownFigure, type Analysis } from './analyse.js';
import { gradeAnalysed, type DrillItemGrade } from './drill-grade.js';
import { formatValue } from './facts.js';
import { matchSignal, quote } from './grade.js';
import type { CompiledLexicon } from './lexicon.js';
import { countWords } from './text.js';
import { counted } from '../counted.js';

/** Only the first `n` questions count: the text up to and including the n-th question mark. */
export function firstQuestions(answer: string, n: number): { readonly text: string; readonly asked: number; readonly more: boolean } {
  let asked = 0;
  for (let i = 0; i < answer.length; i++) {
    if (answer[i] !== '?') continue;
    asked++;
    if (asked === n) return { text: answer.slice(0, i + 1), asked, more: /\?/.test(answer.slice(i + 1)) };
  }
  return { text: answer, asked, more: false };
}

function firstStart(evidence: readonly Evidence[]): number {
  return evidence.reduce((min, e) => Math.min(min, e.start), Number.POSITIVE_INFINITY);
}

function earliest(signals: readonly Signal[], analysis: Analysis): Evidence | undefined {
  const all = signals.flatMap((s) => matchSignal(s, analysis, { statementsOnly: false }));
  return [...all].sort((a, b) => a.start - b.start)[0];
}

function short(text: string, max = 90): string {
  const one = text.replace(/\s+/g, ' ').trim().replace(/[.;,]+$/, '');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

type FigureResult = NonNullable<DrillItemGrade['figure']>;

const MONTH_SECONDS = 30 * 86_400;

/** A bound of the accepted range as the prompt would say it: months for paybacks, not 98.6 days. */
function bound(kind: PrepItem['figure'] extends infer F ? (F extends { kind: infer K } ? K : never) : never, value: number): string {
  if (kind === 'time' && value >= 2 * MONTH_SECONDS) return `${(value / MONTH_SECONDS).toFixed(1).replace(/\.0$/, '')} months`;
  return formatValue(kind, value);
}

/** The figure of the item's kind the answer gives, checked against the expected value. */
function checkFigure(item: PrepItem, analysis: Analysis): { result: FigureResult; evidence?: Evidence; problem?: string } {
  const spec = item.figure;
  if (spec === undefined) throw new Error('checkFigure needs a figure');
  const figures = analysis.live.flatMap((s) => s.figures.filter((f) => ownFigure(f)).map((f) => ({ s, f })));
  const ofKind = figures.filter(({ f }) => f.kind === spec.kind);
  const within = (v: number): boolean => Math.abs(v - spec.value) <= spec.tolerance * spec.value;
  const base = { expected: spec.says, working: spec.working, tolerance: spec.tolerance };
  const right = ofKind.find(({ f }) => within(f.value));
  if (right !== undefined) return { result: { ...base, within: true, said: right.f.text }, evidence: quote(analysis.answer, right.s.start, right.s.end) };
  // "saves $3,000 a month": the per-period "a month" is a figure too, but not the one the answer gives.
  const stated = ofKind.filter(({ f }) => /\d/.test(f.text));
  const last = stated[stated.length - 1] ?? ofKind[ofKind.length - 1];
  if (last !== undefined) {
    const low = spec.value * (1 - spec.tolerance);
    const high = spec.value * (1 + spec.tolerance);
    // Measured from the nearest figure that counts, not from the middle of a range.
    const off = last.f.value > high ? last.f.value / high : low / last.f.value;
    const how = last.f.value > high ? 'too high' : 'too low';
    const by = off >= 2 ? `${formatValue('multiplier', off)} ${how}` : how;
    return {
      result: { ...base, within: false, said: last.f.text },
      problem: `${last.f.text} is ${by}: it is ${spec.says} (anything from ${bound(spec.kind, low)} to ${bound(spec.kind, high)} counts). ${spec.working}`,
    };
  }
  const bare = figures.find(({ f }) => f.kind === 'bare');
  if (bare !== undefined) {
    return { result: { ...base, within: false, said: bare.f.text }, problem: `${bare.f.text} of what? Say the unit: it is ${spec.says}. ${spec.working}` };
  }
  return { result: { ...base, within: false }, problem: `No figure given: it is ${spec.says}. ${spec.working}` };
}

export function gradePrepItem(item: PrepItem, answer: string, lexicon: CompiledLexicon): DrillItemGrade {
  const problems: string[] = [];
  const notes: string[] = [];
  let text = answer;
  if (item.questions !== undefined) {
    const first = firstQuestions(answer, item.questions);
    text = first.text;
    if (first.asked < item.questions) problems.push(`You asked ${counted(first.asked, 'question')}; the drill asks for ${item.questions}, each ending in a question mark.`);
    if (first.more) notes.push(`Only your first ${counted(item.questions, 'question')} count: in the room, those are the ones the interviewer hears.`);
  }
  const analysis = analyse(text, lexicon);
  const listed = gradeAnalysed(item, analysis);
  let named = [...listed.named];
  let missed = [...listed.missed];

  // Traps first: a wrong first move is never evidence of the right one, so what it alone names is not credited.
  const trapped: { id: string; label: string; evidence: Evidence[] }[] = [];
  if (item.traps !== undefined) {
    const hits = item.traps.flatMap((trap) => {
      const hit = earliest(trap.signals, analysis);
      return hit === undefined ? [] : [{ trap, hit }];
    });
    const within = (n: (typeof named)[number], spans: readonly { hit: Evidence }[]): boolean => n.evidence.every((e) => spans.some(({ hit }) => e.start < hit.end && e.end > hit.start));
    const clean = named.filter((n) => !within(n, hits));
    const firstNamed = clean.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...clean.map((n) => firstStart(n.evidence)));
    const fired = hits.filter(({ hit }) => hit.start < firstNamed);
    if (fired.length > 0) {
      const order = new Map(item.expected.map((e, i) => [e.id, i]));
      missed = [...missed, ...named.filter((n) => within(n, fired)).map((n) => ({ id: n.id, label: n.label }))].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      named = named.filter((n) => !within(n, fired));
    }
    for (const { trap, hit } of fired) {
      trapped.push({ id: trap.id, label: trap.label, evidence: [hit] });
      problems.push(`${trap.label} first: “${short(hit.text)}”. ${trap.why}`);
    }
  }
  const at = new Map(named.map((n) => [n.id, firstStart(n.evidence)]));

  for (const id of item.required ?? []) {
    if (at.has(id)) continue;
    const label = item.expected.find((e) => e.id === id)?.label ?? id;
    problems.push(`Needed and missing: ${label}.`);
  }

  if (item.stages !== undefined) {
    const firsts = item.stages.map((stage) => {
      const starts = stage.items.flatMap((id) => (at.has(id) ? [at.get(id) ?? 0] : []));
      if (starts.length < stage.need) problems.push(`No ${stage.name} step: ${stage.need === 1 ? 'name one of' : `name ${stage.need} of`} ${stage.items.map((id) => item.expected.find((e) => e.id === id)?.label ?? id).join('; ')}.`);
      return starts.length === 0 ? undefined : Math.min(...starts);
    });
    // One line per out-of-order sentence: a rollback said first is a remedy before measuring, not also a classification.
    const wrong: { at: number; stage: number; text: string }[] = [];
    item.stages.forEach((later, j) => {
      const laterAt = firsts[j];
      if (laterAt === undefined) return;
      const earlier = item.stages?.slice(0, j).findIndex((_, i) => firsts[i] !== undefined && laterAt < (firsts[i] ?? 0)) ?? -1;
      const before = earlier < 0 ? undefined : item.stages?.[earlier];
      if (before === undefined) return;
      const said = named.find((n) => later.items.includes(n.id) && firstStart(n.evidence) === laterAt)?.evidence.find((e) => e.start === laterAt);
      const text = `${later.name.charAt(0).toUpperCase()}${later.name.slice(1)} comes before ${before.name}${said === undefined ? '' : `: “${short(said.text)}” comes first`}. The order is ${item.stages?.map((s) => s.name).join(' → ')}.`;
      wrong.push({ at: laterAt, stage: j, text });
    });
    for (const w of wrong) if (!wrong.some((o) => o.at === w.at && o.stage > w.stage)) problems.push(w.text);
  }

  if (item.maxWords !== undefined) {
    const words = countWords(answer);
    if (words > item.maxWords) problems.push(`${counted(words, 'word')}: this is ${item.maxWords} at most, so it fits the time it is said in. Cut it.`);
  }

  // Right content in the wrong order, over the limit or after a trap is half-right: half the coverage.
  const halved = problems.length > 0;
  let figure: FigureResult | undefined;
  if (item.figure !== undefined) {
    const checked = checkFigure(item, analysis);
    figure = checked.result;
    if (checked.evidence !== undefined) named.unshift({ id: 'figure', label: item.figure.says, evidence: [checked.evidence] });
    if (checked.problem !== undefined) problems.push(checked.problem);
  }

  const own = named.filter((n) => n.id !== 'figure').length;
  const coverage = item.atLeast === 0 ? 1 : Math.min(own, item.atLeast) / item.atLeast;
  const figureScore = figure === undefined ? undefined : figure.within ? 1 : 0;
  const score = (figureScore === undefined ? coverage : item.expected.length === 0 ? figureScore : (coverage + figureScore) / 2) * (halved ? 0.5 : 1);
  const correct = problems.length === 0 && own >= item.atLeast;
  return {
    ...listed,
    named,
    missed,
    correct,
    score,
    problems,
    ...(notes.length > 0 ? { notes } : {}),
    ...(figure === undefined ? {} : { figure }),
    ...(trapped.length > 0 ? { traps: trapped.map((t) => ({ id: t.id, label: t.label, evidence: t.evidence })) } : {}),
  };
}
