import { z } from 'zod';
import { CLUSTERS, COMPANIES, DIMENSIONS, PREP_KINDS, PROBE_LEVELS, QUESTION_ID_PATTERN, STANDARD_PROBES, UNIT_KINDS } from './constants.js';

export { CLUSTERS, COMPANIES, DIMENSIONS, UNIT_KINDS } from './constants.js';

export const Dimension = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof Dimension>;
export const Cluster = z.enum(CLUSTERS);
export type Cluster = z.infer<typeof Cluster>;
export const Company = z.enum(COMPANIES);
export type Company = z.infer<typeof Company>;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug (a-z, 0-9, -)');
const prose = z.string().trim().min(1);

/** A concept id from rubrics/concepts.yaml or from the rubric's own `concepts`. */
export const ConceptRef = slug;

/** YAML reads `429` or `99.9` as numbers; a term is always text. */
const term = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), prose);

/** A synonym class: every term means the same thing to the matcher. */
export const Concept = z.strictObject({
  id: slug,
  terms: z.array(term).min(1),
  /** A quantity that can carry a threshold (latency, error rate, …). */
  metric: z.boolean().optional(),
  /** Concepts this one is a kind of: naming it names them too ("automatic rollback" is a rollback). */
  broader: z.array(slug).optional(),
  /**
   * Concepts whose terms, found inside one of this concept's terms, still count: "separate queue"
   * is also a queue. Any other phrase inside a longer one names only what the longer one names.
   */
  contains: z.array(slug).optional(),
});
export type Concept = z.infer<typeof Concept>;

export const Lexicon = z.strictObject({
  concepts: z.array(Concept).min(1),
  /** Tokens that mark a sentence as negating what follows ("we won't monitor"). */
  negations: z.array(prose).default([]),
});
export type Lexicon = z.infer<typeof Lexicon>;

/**
 * One way a criterion can be evidenced. Phrase signals match inside one sentence:
 * every entry of `all` must appear (an entry that is a list is satisfied by any of its ids).
 */
export const PhraseSignal = z.strictObject({
  all: z.array(z.union([ConceptRef, z.array(ConceptRef).min(1)])).min(1),
  /** The same sentence also carries a number with one of these units. */
  number: z.union([z.literal('any'), z.array(UnitKind).min(1)]).optional(),
  /** The same sentence states a threshold: comparator + number with a unit. */
  threshold: z.boolean().optional(),
  /** The threshold comes with a time window ("for 5 minutes"). */
  window: z.boolean().optional(),
  /**
   * Every entry in one sentence, never completed by its neighbour: for a verdict and what it judges
   * ("averaging the p95s is wrong"), where the next sentence's verdict is about something else.
   */
  sentence: z.boolean().optional(),
});
export type PhraseSignal = z.infer<typeof PhraseSignal>;

/** Several distinct concepts named across the answer's statements ("names ≥3 SLIs"). */
export const DistinctSignal = z.strictObject({
  distinct: z.array(ConceptRef).min(2),
  atLeast: z.number().int().min(1),
});
export type DistinctSignal = z.infer<typeof DistinctSignal>;

/** A computed figure: a number whose value, in the unit kind's base unit, is within tolerance. */
export const ValueSignal = z.strictObject({
  value: z.strictObject({
    kind: z.enum(['time', 'percent', 'size', 'count', 'money', 'rate']),
    /** Base units: seconds, percent, bytes, plain count, dollars, per second. */
    equals: z.number(),
    /** Relative tolerance, 0.1 = ±10 %. */
    tolerance: z.number().min(0).max(1).default(0.1),
  }),
});
export type ValueSignal = z.infer<typeof ValueSignal>;

export const Signal = z.union([PhraseSignal, DistinctSignal, ValueSignal]);
export type Signal = z.infer<typeof Signal>;

export const Criterion = z.strictObject({
  id: slug,
  dimension: Dimension,
  weight: z.number().int().min(1).max(3),
  /** What a strong answer states, phrased as a checklist line. */
  text: prose,
  /** Advice shown when the criterion is the answer's first gap. */
  gap: prose,
  signals: z.array(Signal).min(1),
});
export type Criterion = z.infer<typeof Criterion>;

/**
 * A figure the question fixes, which an answer can state wrongly: "KV cache per token" on this
 * model is 320 KiB. A figure of `kind` in a sentence naming one of `near`, with one of `cues`
 * beside it, is read as a claim about this fact; outside `tolerance` it is wrong, shown with
 * `working`, and costs `criterion`.
 */
export const Fact = z.strictObject({
  id: slug,
  /** What the figure is, as the user would say it. */
  says: prose,
  kind: z.enum(['time', 'percent', 'size', 'count', 'money', 'rate', 'multiplier']),
  /** In the kind's base unit: seconds, percent, bytes, plain count, dollars, per second. */
  value: z.number(),
  tolerance: z.number().min(0).max(1).default(0.15),
  near: z.array(ConceptRef).min(1),
  /** Words within 50 characters of the figure that tie it to this fact ("per token"); none: any figure of the kind. */
  cues: z.array(prose).default([]),
  /** The arithmetic, shown when the answer gets it wrong. */
  working: prose,
  criterion: slug.optional(),
});
export type Fact = z.infer<typeof Fact>;

export const Rubric = z.strictObject({
  question: z.string().regex(/^(q\d{2}|rf-[a-z0-9-]+)$/),
  /** Question-specific vocabulary; ids must not clash with the shared lexicon. */
  concepts: z.array(Concept).default([]),
  criteria: z.array(Criterion).min(6).max(12),
  /** Figures the question fixes, checked when an answer states them. */
  facts: z.array(Fact).default([]),
});
export type Rubric = z.infer<typeof Rubric>;

/**
 * A red flag fires on what an answer says, never on what it leaves out: a missing dimension is
 * already priced by its score.
 */
export const RedFlagDetect = z.strictObject({
  /** The flag fires when any of these is stated (not negated). */
  whenAny: z.array(ConceptRef).min(1),
  /** …unless any of these is stated anywhere in the answer. */
  unlessAny: z.array(ConceptRef).min(1).optional(),
  /** …unless any criterion of these dimensions is met. */
  unlessDimension: z.array(Dimension).min(1).optional(),
});
export type RedFlagDetect = z.infer<typeof RedFlagDetect>;

export const RedFlag = z.strictObject({
  id: slug,
  /** The anti-pattern as an interviewer would name it. */
  label: prose,
  /** Why it costs points in a real interview. */
  why: prose,
  penalty: z.number().int().min(1).max(20),
  detect: RedFlagDetect,
});
export type RedFlag = z.infer<typeof RedFlag>;

/** What the candidate's answers so far must hold for a probe to make sense. */
export const ProbeWhen = z.strictObject({
  /** Concepts the answers named, every one (a probe about batching needs batching said). */
  said: z.array(slug).min(1).optional(),
  /** Concepts the answers never named: a probe about what was left out. */
  notSaid: z.array(slug).min(1).optional(),
  /** Kinds of figure the candidate stated; `{rate}`, `{time}`… in the text quote the first of each. */
  figures: z.array(z.enum(UNIT_KINDS)).min(1).optional(),
});
export type ProbeWhen = z.infer<typeof ProbeWhen>;

export const FollowUp = z.strictObject({
  dimension: Dimension,
  text: prose,
  level: z.literal(PROBE_LEVELS, { error: 'expected 1 (clarify), 2 (stress) or 3 (break)' }),
  when: ProbeWhen.optional(),
  /** One of the two probes every question has; asked before the question's time runs out. */
  standard: z.enum(STANDARD_PROBES).optional(),
  /** Asked only with this company's emphasis, and preferred then. */
  company: Company.optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;

/**
 * One line of a question's fact sheet: what the interviewer answers when the candidate asks
 * about it, and nothing until then.
 */
export const SheetFact = z.strictObject({
  id: slug,
  /** Concepts a clarifying question names to get this answer (shared lexicon, rubric or question concepts). */
  asks: z.array(slug).min(1),
  /** The interviewer's answer, in the interviewer's words, with the figures. */
  answer: prose,
  /** A business constraint (traffic, latency budget, cost ceiling, what a wrong answer costs): asking for it before designing earns constraints credit. */
  constraint: z.boolean().optional(),
});
export type SheetFact = z.infer<typeof SheetFact>;

export const Question = z.strictObject({
  id: z.string().regex(QUESTION_ID_PATTERN, 'expected q01…q99'),
  title: prose,
  cluster: Cluster,
  prompt: prose,
  probing: prose,
  timeBudgetSec: z.number().int().min(60).max(3600),
  followUps: z.array(FollowUp).min(4),
  /** Hidden from the candidate until asked. */
  factSheet: z.array(SheetFact).min(4),
  redFlags: z.array(RedFlag).min(1),
  companyEmphasis: z.strictObject({ amazon: prose, google: prose, startup: prose }),
  rubric: z.string().regex(/^q\d{2}$/),
  /** The words of the anti-patterns its red flags detect; ids must not clash with the shared lexicon or the rubric's. */
  concepts: z.array(Concept).default([]),
});
export type Question = z.infer<typeof Question>;

/** One item a list-type drill answer is expected to name, with the signals that recognise it. */
export const ExpectedItem = z.strictObject({
  id: slug,
  label: prose,
  signals: z.array(Signal).min(1),
});

export const RapidFireItem = z.strictObject({
  id: z.string().regex(/^rf-[a-z0-9-]+$/, 'expected rf-<slug>'),
  prompt: prose,
  seconds: z.number().int().min(15).max(180),
  dimension: Dimension,
  /** How many distinct expected items a full answer names. */
  atLeast: z.number().int().min(1),
  expected: z.array(ExpectedItem).min(1),
  /** One or two lines shown after grading: why these are the answer. */
  explain: prose,
});
export type RapidFireItem = z.infer<typeof RapidFireItem>;

export const RapidFireSet = z.strictObject({
  set: slug,
  title: prose,
  /** Shared vocabulary for this set; ids must not clash with the shared lexicon. */
  concepts: z.array(Concept).default([]),
  items: z.array(RapidFireItem).min(1),
});
export type RapidFireSet = z.infer<typeof RapidFireSet>;

/**
 * A figure to produce from memory or a short calculation, graded numerically: a figure of `kind`
 * within `tolerance` of `value` is right; any other figure of the kind is wrong and shown with `working`.
 */
export const PrepFigure = z.strictObject({
  kind: z.enum(['time', 'percent', 'size', 'count', 'money', 'rate', 'multiplier']),
  /** In the kind's base unit: seconds, percent, bytes, plain count, dollars, per second. */
  value: z.number().positive(),
  /** Relative tolerance, 0.1 = ±10 %. */
  tolerance: z.number().min(0).max(1).default(0.1),
  /** The answer as a person says it: "about 40 GB". */
  says: prose,
  /** The arithmetic that gives it, shown after every answer and always when the figure is off. */
  working: prose,
});
export type PrepFigure = z.infer<typeof PrepFigure>;

/**
 * A stage of a script: measure, then classify, then remedy. The first evidence of a stage must come
 * after the first evidence of every stage before it; `need` items of it must be named.
 */
export const PrepStage = z.strictObject({
  name: prose,
  items: z.array(slug).min(1),
  need: z.number().int().min(0).default(1),
});
export type PrepStage = z.infer<typeof PrepStage>;

/**
 * A move that is wrong as the first move (going to the cost branch while the SLO burns, asking which
 * GPU before what a wrong answer costs): it fails the item when named before the first expected item.
 */
export const PrepTrap = z.strictObject({
  id: slug,
  label: prose,
  signals: z.array(Signal).min(1),
  /** Shown when it fires: why it is the wrong first move. */
  why: prose,
});
export type PrepTrap = z.infer<typeof PrepTrap>;

export const PrepItem = z.strictObject({
  id: z.string().regex(/^(nb|sc|fq|tr|st)-[a-z0-9-]+$/, 'expected nb-, sc-, fq-, tr- or st-<slug>'),
  /** A one-line name for a long prompt (a vignette, a scenario). */
  title: prose.optional(),
  prompt: prose,
  seconds: z.number().int().min(15).max(600),
  dimension: Dimension,
  /** How many distinct expected items a full answer names (0 when the figure alone is graded). */
  atLeast: z.number().int().min(0),
  expected: z.array(ExpectedItem).default([]),
  /** Expected items every right answer names, whatever else it names. */
  required: z.array(slug).optional(),
  stages: z.array(PrepStage).min(2).optional(),
  traps: z.array(PrepTrap).optional(),
  figure: PrepFigure.optional(),
  /** A script is short or it is not a script: more words than this fail the item. */
  maxWords: z.number().int().min(20).optional(),
  /** Only the first N questions count (the first three questions for a scenario). */
  questions: z.number().int().min(1).max(10).optional(),
  /** Shown after grading: what a strong answer says and why. */
  explain: prose,
});
export type PrepItem = z.infer<typeof PrepItem>;

/** One file of questions/prep/: items of one preparation kind. */
export const PrepSet = z.strictObject({
  set: slug,
  kind: z.enum(PREP_KINDS),
  title: prose,
  concepts: z.array(Concept).default([]),
  items: z.array(PrepItem).min(1),
});
export type PrepSet = z.infer<typeof PrepSet>;

/** How one company's interviewers grade: dimension weights (multiplying the shared ones) and their emphasis as criteria. */
export const CompanyMode = z.strictObject({
  id: Company,
  name: prose,
  /** What this company's interviewers listen for, in a phrase: "customer impact in numbers, and …". */
  emphasis: prose,
  weights: z.partialRecord(Dimension, z.number().positive()),
  concepts: z.array(Concept).default([]),
  criteria: z.array(Criterion).min(1),
});
export type CompanyMode = z.infer<typeof CompanyMode>;

export const CompaniesFile = z.strictObject({
  companies: z.array(CompanyMode).length(COMPANIES.length),
});
export type CompaniesFile = z.infer<typeof CompaniesFile>;

/** The criteria the grader credits in one sentence of a reference answer, written by `coach bank annotate`. */
export const ReferenceAnnotation = z.strictObject({
  /** 1-based, in the grader's own sentence split. */
  sentence: z.number().int().min(1),
  /** The sentence's opening words, so a reader (and validate) can see which one it is. */
  opens: prose,
  earns: z.array(slug).min(1),
});
export type ReferenceAnnotation = z.infer<typeof ReferenceAnnotation>;

/** questions/reference/qNN.yaml: what a strong answer sounds like, in 90 seconds and in full. */
export const ReferenceAnswer = z.strictObject({
  question: z.string().regex(QUESTION_ID_PATTERN, 'expected q01…q99'),
  /** The anti-pattern to avoid on this question, in one line. */
  avoid: prose,
  short: prose,
  full: prose,
  annotations: z.strictObject({ short: z.array(ReferenceAnnotation), full: z.array(ReferenceAnnotation) }).optional(),
});
export type ReferenceAnswer = z.infer<typeof ReferenceAnswer>;

export const DimensionSpec = z.strictObject({
  id: Dimension,
  name: prose,
  weight: z.number().positive(),
  description: prose,
  anchors: z.strictObject({ '0': prose, '1': prose, '2': prose, '3': prose, '4': prose }),
  /** The scripted interviewer's fallback probes for this dimension. */
  followUps: z.array(prose).min(2),
  /**
   * What the anchors ask of any answer, whatever the question ("names a way back", "puts a number
   * on a metric"): graded beside each rubric's own criteria, so partial answers get partial credit.
   */
  general: z.array(Criterion).default([]),
});
export type DimensionSpec = z.infer<typeof DimensionSpec>;

export const DimensionsFile = z.strictObject({
  dimensions: z.array(DimensionSpec).length(DIMENSIONS.length),
});
export type DimensionsFile = z.infer<typeof DimensionsFile>;

/** A stretch of a spot-the-flaw answer that is the same in every version. */
export const FlawText = z.strictObject({ text: prose });

/**
 * A stretch that comes in two versions: `sound`, and `flawed`, which shows the red flag `flag`.
 * `named` recognises a critique that names the flaw (negated words count: "there is no rollback
 * plan" names it); `critique` is how an interviewer would put it, shown after grading.
 */
export const FlawSwitch = z.strictObject({
  flag: slug,
  sound: prose,
  flawed: prose,
  named: z.array(Signal).min(1),
  critique: prose,
});
export type FlawSwitch = z.infer<typeof FlawSwitch>;

export const FlawPart = z.union([FlawText, FlawSwitch]);
export type FlawPart = z.infer<typeof FlawPart>;

/**
 * One question's answer for the spot-the-flaw drill, built part by part: each drill picks which
 * switches show their flaw. `bank validate` checks that every choice raises exactly those red flags.
 */
export const FlawSet = z.strictObject({
  question: z.string().regex(/^q\d{2}$/, 'expected q01…q99'),
  /** Vocabulary for recognising critiques; ids must not clash with the shared lexicon or the rubric's. */
  concepts: z.array(Concept).default([]),
  parts: z.array(FlawPart).min(3),
});
export type FlawSet = z.infer<typeof FlawSet>;
