/**
 * Every kind of drill prompt behind one id: rapid-fire items from the bank (`rf-…`),
 * spot-the-flaw answers (`flaw:q05:all-traffic-at-once+model-first`) and the focused prompt for a
 * leech (`focus:q05:rollback`). A saved drill keeps only ids, so resuming, grading and the
 * model's re-check all go through here.
 */
import type { DimensionSpec, PrepItem, RapidFireItem } from '../../schemas/bank.js';
import { gradePrepItem } from '../grading/prep-grade.js';
import { DIMENSIONS, type Dimension, type DrillVariant } from '../../schemas/constants.js';
import type { QuestionBank } from '../bank.js';
import type { DrillPrompt } from './drill.js';
import type { DrillItemInfo } from '../progress/export.js';
import { shuffled } from './plan.js';
import { gradeDrillItem, type DrillItemGrade } from '../grading/drill-grade.js';
import { flawDrillItem, gradeCritique, parseFlawItemId, planFlawDrill } from './flaws.js';
import type { PreparedRubric } from '../grading/grade.js';
import type { CompiledLexicon } from '../grading/lexicon.js';

export interface DrillEntry {
  readonly kind: DrillVariant;
  readonly item: RapidFireItem | PrepItem;
  readonly lexicon: CompiledLexicon;
  grade(answer: string): DrillItemGrade;
}

export interface DrillCatalog {
  entry(id: string): DrillEntry | undefined;
  /** The prompt as the drill shows it; `seconds` overrides the item's own time. */
  prompt(id: string, seconds?: number): DrillPrompt | undefined;
}

export function focusItemId(questionId: string, dimension: Dimension): string {
  return `focus:${questionId}:${dimension}`;
}

export function parseFocusItemId(id: string): { questionId: string; dimension: Dimension } | undefined {
  const m = /^focus:(q\d{2}):([a-z]+)$/.exec(id);
  const dimension = DIMENSIONS.find((d) => d === m?.[2]);
  return m?.[1] === undefined || dimension === undefined ? undefined : { questionId: m[1], dimension };
}

/**
 * One dimension of one question, asked on its own: the rubric's criteria for that dimension are
 * the items to name, and the review gives each criterion's advice.
 */
export function focusDrillItem(prepared: PreparedRubric, dimension: Dimension, spec: DimensionSpec | undefined): RapidFireItem | undefined {
  const criteria = prepared.rubric.criteria.filter((c) => c.dimension === dimension);
  if (criteria.length === 0) return undefined;
  const q = prepared.question;
  const name = spec?.name ?? dimension;
  return {
    id: focusItemId(q.id, dimension),
    prompt: `${q.title}\n\n${q.prompt}\n\nGive only the "${name}" part of your answer, in a few sentences: ${spec?.description ?? ''}`.trim(),
    seconds: 90 + 30 * criteria.length,
    dimension,
    atLeast: Math.max(1, Math.ceil(criteria.length * 0.6)),
    expected: criteria.map((c) => ({ id: c.id, label: c.text, signals: c.signals })),
    explain: criteria.map((c) => `${c.text}: ${c.gap}`).join('\n'),
  };
}

function titleOf(e: DrillEntry, bank: QuestionBank): string {
  const id = e.item.id;
  const questionId = parseFlawItemId(id)?.questionId ?? parseFocusItemId(id)?.questionId ?? '';
  const title = bank.question(questionId)?.question.title ?? questionId;
  if (e.kind === 'spot-the-flaw') return `Spot the flaw: ${questionId} ${title}`;
  const spec = bank.dimensions.find((d) => d.id === e.item.dimension);
  return `${questionId} ${title}: ${spec?.name ?? e.item.dimension} only`;
}

function maxWordsOf(item: RapidFireItem | PrepItem): number | undefined {
  return 'maxWords' in item ? item.maxWords : undefined;
}

export function drillCatalog(bank: QuestionBank): DrillCatalog {
  const rapid = new Map(bank.rapidFire().map((e) => [e.item.id, e]));
  const flaws = new Map(bank.spotTheFlaw().map((e) => [e.set.question, e]));
  const prep = new Map(bank.prep().map((e) => [e.item.id, e]));
  const built = new Map<string, DrillEntry | undefined>();
  const build = (id: string): DrillEntry | undefined => {
    const rf = rapid.get(id);
    if (rf !== undefined) return { kind: 'rapid-fire', item: rf.item, lexicon: rf.lexicon, grade: (answer) => gradeDrillItem(rf.item, answer, rf.lexicon) };
    const p = prep.get(id);
    if (p !== undefined) return { kind: p.kind, item: p.item, lexicon: p.lexicon, grade: (answer) => gradePrepItem(p.item, answer, p.lexicon) };
    const flaw = parseFlawItemId(id);
    if (flaw !== undefined) {
      const set = flaws.get(flaw.questionId);
      const item = set === undefined ? undefined : flawDrillItem(set, flaw.flags);
      if (set === undefined || item === undefined) return undefined;
      return { kind: 'spot-the-flaw', item, lexicon: set.lexicon, grade: (answer) => gradeCritique(item, answer, set.lexicon) };
    }
    const focus = parseFocusItemId(id);
    if (focus !== undefined) {
      const prepared = bank.question(focus.questionId);
      const item = prepared === undefined ? undefined : focusDrillItem(prepared, focus.dimension, bank.dimensions.find((d) => d.id === focus.dimension));
      if (prepared === undefined || item === undefined) return undefined;
      return { kind: 'focus', item, lexicon: prepared.lexicon, grade: (answer) => gradeDrillItem(item, answer, prepared.lexicon) };
    }
    return undefined;
  };
  const entry = (id: string): DrillEntry | undefined => {
    if (!built.has(id)) built.set(id, build(id));
    return built.get(id);
  };
  return {
    entry,
    prompt(id, seconds) {
      const e = entry(id);
      if (e === undefined) return undefined;
      const title = 'title' in e.item && e.item.title !== undefined ? e.item.title : e.kind === 'rapid-fire' || prep.has(id) ? undefined : titleOf(e, bank);
      return { id, prompt: e.item.prompt, seconds: seconds ?? e.item.seconds, explain: e.item.explain, ...(title === undefined ? {} : { title }), ...(maxWordsOf(e.item) === undefined ? {} : { maxWords: maxWordsOf(e.item) }) };
    },
  };
}

/** Spot-the-flaw answers take a couple of minutes each: four make a drill. */
export const FLAW_DRILL_COUNT = 4;

/** `count` spot-the-flaw prompts, different questions, one or two flaws planted in each. */
export function planFlawPrompts(bank: QuestionBank, count: number, seconds: number | undefined, random: () => number): DrillPrompt[] {
  const catalog = drillCatalog(bank);
  return planFlawDrill(bank.spotTheFlaw(), count, random).flatMap((item) => catalog.prompt(item.id, seconds) ?? []);
}

/**
 * A leech's focused drill: the dimension asked on its own, three rapid-fire prompts on the same
 * dimension, then the dimension again, once the review has shown what a strong answer says.
 */
export function planFocusPrompts(bank: QuestionBank, questionId: string, dimension: Dimension, random: () => number): DrillPrompt[] {
  const catalog = drillCatalog(bank);
  const focus = catalog.prompt(focusItemId(questionId, dimension));
  if (focus === undefined) return [];
  const related = shuffled(bank.rapidFire().filter((e) => e.item.dimension === dimension), random)
    .slice(0, 3)
    .flatMap((e) => catalog.prompt(e.item.id) ?? []);
  return [focus, ...related, focus];
}

/** For exports: a drill item's expected items in words and its explanation, from the bank. */
export function drillItemInfo(bank: QuestionBank): (itemId: string) => DrillItemInfo | undefined {
  const catalog = drillCatalog(bank);
  return (itemId) => {
    const item = catalog.entry(itemId)?.item;
    return item === undefined ? undefined : { labelOf: (id) => item.expected.find((e) => e.id === id)?.label, explain: item.explain };
  };
}
