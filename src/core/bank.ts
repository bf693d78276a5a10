/** The question bank as grading and practice read it; the file loader in adapters/ builds it. */
import type { CompanyMode, DimensionSpec, PrepItem, RapidFireItem, ReferenceAnswer } from '../schemas/bank.js';
import type { CodingLanguage, CodingProblem, TestCase } from '../schemas/coding.js';
import type { Company, PrepKind } from '../schemas/constants.js';
import type { PreparedRubric } from './grading/grade.js';
import type { CompiledLexicon } from './grading/lexicon.js';
import type { FlawEntry } from './practice/flaws.js';

/** One problem in a bank file: which file, which field, what is wrong. */
export interface BankProblem {
  readonly file: string;
  /** Field path inside the file, e.g. `followUps[2].dimension`; empty for whole-file problems. */
  readonly path: string;
  readonly message: string;
}

export interface RapidFireEntry {
  readonly set: string;
  readonly setTitle: string;
  readonly item: RapidFireItem;
  /** The shared lexicon plus the set's own concepts. */
  readonly lexicon: CompiledLexicon;
}

/** One item of a preparation drill (questions/prep/): numbers, scripts, first questions, triage, story. */
export interface PrepEntry {
  readonly kind: PrepKind;
  readonly set: string;
  readonly setTitle: string;
  readonly item: PrepItem;
  /** The shared lexicon plus the set's own concepts. */
  readonly lexicon: CompiledLexicon;
}

/** One problem of the coding round (questions/coding/<id>/). */
export interface CodingEntry {
  readonly problem: CodingProblem;
  readonly cases: readonly TestCase[];
  /** The starter file a round begins from, per language. */
  readonly starter: Readonly<Record<CodingLanguage, string>>;
  /** The model solution per language, shown once the code is submitted. */
  readonly reference: Readonly<Record<CodingLanguage, string>>;
  /** The problem's directory: its reference solutions and scale.mjs, which only the runner reads. */
  readonly dir: string;
  /** The shared lexicon plus the problem's own concepts, for grading the follow-ups. */
  readonly lexicon: CompiledLexicon;
}

/** The question bank, loaded once; invalid files are listed in `problems` and left out. */
export interface QuestionBank {
  readonly root: string;
  readonly dimensions: readonly DimensionSpec[];
  readonly problems: readonly BankProblem[];
  questions(): PreparedRubric[];
  question(id: string): PreparedRubric | undefined;
  rapidFire(): readonly RapidFireEntry[];
  /** questions/flaws/: the answers the spot-the-flaw drill plants red flags in. */
  spotTheFlaw(): readonly FlawEntry[];
  /** questions/prep/: the preparation drills' items. */
  prep(): readonly PrepEntry[];
  /** questions/reference/: what a strong answer to the question sounds like. */
  reference(questionId: string): ReferenceAnswer | undefined;
  /** questions/coding/: the coding round's problems. */
  coding(): readonly CodingEntry[];
  /** rubrics/companies.yaml: how a company mode grades. */
  company(id: Company): CompanyMode | undefined;
}
