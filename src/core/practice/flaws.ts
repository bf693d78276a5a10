/**
 * The spot-the-flaw drill: an answer to a bank question with some of its red flags planted,
 * which the user critiques. Pure: the bank's flaw sets come in, drill items and grades go out.
 */
import type { FlawSet, FlawSwitch, RapidFireItem } from '../../schemas/bank.js';
import { analyse, type Analysis } from '../grading/analyse.js';
import { gradeAnalysed, type DrillItemGrade } from '../grading/drill-grade.js';
import { gradeAnswer, PLANTABLE_GENERAL_FLAGS, type PreparedRubric } from '../grading/grade.js';
import type { CompiledLexicon } from '../grading/lexicon.js';
import { shuffled } from './plan.js';
import { countWords } from '../grading/text.js';

/** A question's flaw set with what building and grading it needs. */
export interface FlawEntry {
  readonly set: FlawSet;
  readonly prepared: PreparedRubric;
  /** The question's lexicon plus the set's own critique vocabulary. */
  readonly lexicon: CompiledLexicon;
}

export function switches(set: FlawSet): FlawSwitch[] {
  return set.parts.filter((p): p is FlawSwitch => 'flag' in p);
}

/** The answer with the given flags planted: flawed versions for those, sound ones for the rest. */
export function composeFlawed(set: FlawSet, flawed: ReadonlySet<string>): string {
  return set.parts.map((p) => ('flag' in p ? (flawed.has(p.flag) ? p.flawed : p.sound) : p.text).trim()).join('\n\n');
}

const PREFIX = 'flaw:';

/** `flaw:q05:all-traffic-at-once+model-first`: the question and the planted flags, enough to rebuild the item. */
export function flawItemId(questionId: string, flags: readonly string[]): string {
  return `${PREFIX}${questionId}:${[...flags].sort().join('+')}`;
}

export function parseFlawItemId(id: string): { questionId: string; flags: string[] } | undefined {
  const m = /^flaw:(q\d{2}):([a-z0-9+-]+)$/.exec(id);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  return { questionId: m[1], flags: m[2].split('+') };
}

export function isFlawItemId(id: string): boolean {
  return id.startsWith(PREFIX);
}

/** The label and why of a planted flag: the question's own red flag, or a general one. */
export function flagInfo(prepared: PreparedRubric, flag: string): { label: string; why: string } | undefined {
  const own = prepared.question.redFlags.find((f) => f.id === flag);
  return own === undefined ? PLANTABLE_GENERAL_FLAGS[flag] : { label: own.label, why: own.why };
}

/** Reading about 4 words a second and writing the critique: a minute plus the reading, in 15 s steps. */
export function flawSeconds(answer: string): number {
  return Math.min(300, Math.ceil((60 + countWords(answer) / 4) / 15) * 15);
}

/**
 * The drill item for one choice of planted flags, shaped like a rapid-fire item so the drill
 * reducer, the screen and the model's re-check treat it as any other: the expected items are
 * the planted flaws, and every one must be named.
 */
export function flawDrillItem(entry: FlawEntry, flags: readonly string[]): RapidFireItem | undefined {
  const planted = new Set(flags);
  const chosen = switches(entry.set).filter((s) => planted.has(s.flag));
  if (chosen.length === 0 || chosen.length !== planted.size) return undefined;
  const q = entry.prepared.question;
  const answer = composeFlawed(entry.set, planted);
  const expected = chosen.flatMap((s) => {
    const info = flagInfo(entry.prepared, s.flag);
    return info === undefined ? [] : [{ id: s.flag, label: info.label, signals: s.named }];
  });
  if (expected.length !== chosen.length) return undefined;
  const count = chosen.length === 1 ? 'one problem' : `${chosen.length} problems`;
  return {
    id: flawItemId(q.id, flags),
    prompt: `${q.title}\n\n${q.prompt}\n\nA candidate answered:\n\n${answer}\n\nThis answer has ${count} an interviewer would press on. Name ${chosen.length === 1 ? 'it' : 'them'}.`,
    seconds: flawSeconds(answer),
    dimension: 'tradeoffs',
    atLeast: chosen.length,
    expected,
    explain: chosen.map((s) => `${flagInfo(entry.prepared, s.flag)?.label ?? s.flag}: ${s.critique}`).join('\n'),
  };
}

/** Negated words count in a critique: "there is no rollback trigger" names a missing rollback. */
function critiqueAnalysis(text: string, lexicon: CompiledLexicon): Analysis {
  const a = analyse(text, lexicon);
  const open = (s: Analysis['sentences'][number]): Analysis['sentences'][number] =>
    s.negated.length === 0 ? s : { ...s, hits: [...s.hits, ...s.negated].sort((x, y) => x.start - y.start), concepts: new Set([...s.concepts, ...s.negated.map((h) => h.concept)]) };
  const sentences = a.sentences.map(open);
  const live = sentences.filter((s) => !s.injection);
  return { ...a, sentences, live, statements: live.filter((s) => s.statement) };
}

/** Which planted flaws a critique names, each with the words that named it. */
export function gradeCritique(item: RapidFireItem, critique: string, lexicon: CompiledLexicon): DrillItemGrade {
  return gradeAnalysed(item, critiqueAnalysis(critique, lexicon));
}

/** Which flags a critique names among all of a set's switches: for checking the set's own critiques. */
export function flagsNamed(entry: FlawEntry, critique: string): string[] {
  const all: RapidFireItem = {
    id: 'check',
    prompt: '',
    seconds: 60,
    dimension: 'tradeoffs',
    atLeast: 1,
    expected: switches(entry.set).map((s) => ({ id: s.flag, label: s.flag, signals: s.named })),
    explain: 'check',
  };
  return gradeCritique(all, critique, entry.lexicon).named.map((n) => n.id);
}

/** Every non-empty choice of planted flags, smallest first. */
export function flagChoices(set: FlawSet): string[][] {
  const flags = switches(set).map((s) => s.flag);
  const out: string[][] = [];
  for (let mask = 1; mask < 1 << flags.length; mask++) out.push(flags.filter((_, i) => (mask & (1 << i)) !== 0));
  return out.sort((a, b) => a.length - b.length);
}

/**
 * What is wrong with a flaw set as content, one line each: a choice of planted flags whose
 * answer the rubric grader does not flag exactly as planted, or a model critique that names
 * the wrong flags. Empty when the set is sound.
 */
export function checkFlawSet(entry: FlawEntry): string[] {
  const problems: string[] = [];
  const flagIds = new Set([...entry.prepared.question.redFlags.map((f) => f.id), ...Object.keys(PLANTABLE_GENERAL_FLAGS)]);
  for (const choice of [[], ...flagChoices(entry.set)]) {
    const grade = gradeAnswer(entry.prepared, composeFlawed(entry.set, new Set(choice)));
    const raised = grade.redFlags.map((f) => f.id);
    const planted = new Set(choice);
    const extra = raised.filter((id) => !planted.has(id));
    const missing = choice.filter((id) => !raised.includes(id));
    if (extra.length > 0 || missing.length > 0) {
      const what = [missing.length > 0 ? `does not raise ${missing.join(', ')}` : '', extra.length > 0 ? `also raises ${extra.join(', ')}` : ''].filter((x) => x !== '').join(' and ');
      problems.push(`planted [${choice.join(', ') || 'none'}]: the answer ${what}`);
    }
  }
  for (const s of switches(entry.set)) {
    if (!flagIds.has(s.flag)) continue;
    const named = flagsNamed(entry, s.critique);
    if (!named.includes(s.flag)) problems.push(`${s.flag}: its critique does not name it`);
    const others = named.filter((f) => f !== s.flag);
    if (others.length > 0) problems.push(`${s.flag}: its critique also names ${others.join(', ')}`);
  }
  return problems;
}

/**
 * `count` spot-the-flaw items, each a different question where there are enough, with one or
 * two planted flags (two more often: it takes reading the whole answer).
 */
export function planFlawDrill(entries: readonly FlawEntry[], count: number, random: () => number): RapidFireItem[] {
  // Every question once before any comes back.
  const order = shuffled(entries, random);
  const out: RapidFireItem[] = [];
  for (let i = 0; i < count && order.length > 0; i++) {
    const entry = order[i % order.length];
    if (entry === undefined) break;
    const flags = switches(entry.set).map((s) => s.flag);
    const size = flags.length >= 2 && random() < 0.6 ? 2 : 1;
    const item = flawDrillItem(entry, shuffled(flags, random).slice(0, size));
    if (item !== undefined) out.push(item);
  }
  return out;
}
