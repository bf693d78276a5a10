import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { compileLexicon, extendLexicon, type CompiledLexicon } from '../core/grading/lexicon.js';
import { PLANTABLE_GENERAL_FLAGS, prepareRubric, type PreparedRubric } from '../core/grading/grade.js';
import { switches, type FlawEntry } from '../core/practice/flaws.js';
import { inCompanyMode } from '../core/grading/company.js';
import type {
  CompaniesFile,
  CompanyMode,
  Concept,
  DimensionSpec,
  DimensionsFile,
  FlawSet,
  Lexicon,
  PrepSet,
  Question,
  RapidFireItem,
  RapidFireSet,
  ReferenceAnswer,
  Rubric,
  Signal,
} from '../schemas/bank.js';
import { DIMENSIONS, PREP_PREFIXES, type Company, QUESTION_ID_PATTERN, STANDARD_PROBES, UNIT_KINDS } from '../schemas/constants.js';
import type { BankProblem, CodingEntry, PrepEntry, QuestionBank, RapidFireEntry } from '../ports.js';
import { CODING_ID_PATTERN, CODING_LANGUAGES, STARTER_FILES, REFERENCE_FILES, type CodingProblem, type CodingTests } from '../schemas/coding.js';
import { FileCache, NO_CACHE, type ValidatedCache } from './yaml-cache.js';
import { CHECKOUT_DIR } from './checkout.js';
import { readTextFileSync, UnreadableFile } from './read-text.js';

/** The largest bank file read: the biggest shipped one is about 30 KB. */
export const MAX_BANK_FILE_BYTES = 1024 * 1024;

/** The bank shipped with coach: questions/ and rubrics/ at the package root. */
export const DEFAULT_BANK_DIR = `${CHECKOUT_DIR}/`;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}

class ProblemList {
  readonly items: BankProblem[] = [];
  constructor(
    private readonly root: string,
    readonly cache: ValidatedCache,
  ) {}
  add(file: string, path: string, message: string): void {
    this.items.push({ file: relative(this.root, file) || file, path, message });
  }
}

interface FileShapes {
  lexicon: Lexicon;
  dimensions: DimensionsFile;
  question: Question;
  rubric: Rubric;
  rapidFire: RapidFireSet;
  flaws: FlawSet;
  prep: PrepSet;
  reference: ReferenceAnswer;
  companies: CompaniesFile;
  codingProblem: CodingProblem;
  codingTests: CodingTests;
}

/** zod and the YAML parser are loaded only when a file is not in the cache. */
type SchemasModule = typeof import('../schemas/bank.js') & typeof import('../schemas/coding.js');
type FileSchema<K extends keyof FileShapes> = z.ZodType<FileShapes[K]>;
let schemas: Promise<SchemasModule> | undefined;
async function schemaFor<K extends keyof FileShapes>(kind: K): Promise<FileSchema<K>> {
  schemas ??= Promise.all([import('../schemas/bank.js'), import('../schemas/coding.js')]).then(([bank, coding]) => ({ ...bank, ...coding }));
  const m = await schemas;
  const byKind: { [P in keyof FileShapes]: FileSchema<P> } = {
    lexicon: m.Lexicon,
    dimensions: m.DimensionsFile,
    question: m.Question,
    rubric: m.Rubric,
    rapidFire: m.RapidFireSet,
    flaws: m.FlawSet,
    prep: m.PrepSet,
    reference: m.ReferenceAnswer,
    companies: m.CompaniesFile,
    codingProblem: m.CodingProblem,
    codingTests: m.CodingTests,
  };
  return byKind[kind];
}
let yamlParse: ((text: string) => unknown) | undefined;
function parseYaml(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: (text: string) => unknown }).parse;
  return yamlParse(text);
}

/** Reads and validates one YAML file; every schema issue becomes a problem naming file and field path. */
async function readYaml<K extends keyof FileShapes>(file: string, kind: K, problems: ProblemList): Promise<FileShapes[K] | undefined> {
  let stat: { size: number; mtimeMs: number };
  let text: string;
  try {
    stat = statSync(file);
    const cached = problems.cache.get(file, stat);
    if (cached !== undefined) return cached as FileShapes[K];
    // Bounded, text only, and never a FIFO or device: `bank validate --dir` reads whatever a user points it at.
    text = readTextFileSync(file, { maxBytes: MAX_BANK_FILE_BYTES });
  } catch (error) {
    const why = error instanceof UnreadableFile ? (error.kind === 'io' ? error.reason : `cannot read: it ${error.reason}`) : `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    problems.add(file, '', why);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    problems.add(file, '', `YAML: ${first.replace(/:$/, '')}`);
    return undefined;
  }
  const result = (await schemaFor(kind)).safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) problems.add(file, formatPath(issue.path), issue.message);
    return undefined;
  }
  problems.cache.set(file, stat, result.data);
  return result.data;
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function signalConcepts(signal: Signal): string[] {
  if ('all' in signal) return signal.all.flatMap((e) => (typeof e === 'string' ? [e] : e));
  if ('distinct' in signal) return signal.distinct;
  return [];
}

function checkLocalConcepts(file: string, local: readonly Concept[], shared: ReadonlySet<string>, problems: ProblemList, taken?: Map<string, string>): void {
  local.forEach((c, i) => {
    if (shared.has(c.id)) problems.add(file, `concepts[${i}].id`, `"${c.id}" is already a shared concept in rubrics/concepts.yaml`);
    const owner = taken?.get(c.id);
    if (owner !== undefined && owner !== file) problems.add(file, `concepts[${i}].id`, `"${c.id}" is already defined in ${owner}`);
    taken?.set(c.id, file);
  });
}

/** `broader` and `contains` may name only concepts the file can see. */
function checkRelations(file: string, concepts: readonly Concept[], known: ReadonlySet<string>, problems: ProblemList): void {
  concepts.forEach((c, i) => {
    for (const field of ['broader', 'contains'] as const) {
      for (const ref of c[field] ?? []) if (!known.has(ref)) problems.add(file, `concepts[${i}].${field}`, `unknown concept "${ref}"`);
    }
  });
}

interface LoadedShared {
  /** False when concepts.yaml failed: concept references cannot be checked, and nothing can be graded. */
  readonly ok: boolean;
  readonly lexicon: CompiledLexicon;
  readonly conceptIds: ReadonlySet<string>;
  readonly dimensions: readonly DimensionSpec[];
  /** rubrics/companies.yaml: how each company mode grades; empty when the file has problems. */
  readonly companies: readonly CompanyMode[];
}

async function loadCompanies(root: string, conceptIds: ReadonlySet<string>, dimensions: readonly DimensionSpec[], problems: ProblemList): Promise<CompanyMode[]> {
  const file = join(root, 'rubrics', 'companies.yaml');
  const parsed = await readYaml(file, 'companies', problems);
  if (parsed === undefined) return [];
  const before = problems.items.length;
  const general = new Set(dimensions.flatMap((d) => d.general.map((c) => `general-${c.id}`)));
  const seen = new Set<string>();
  parsed.companies.forEach((mode, i) => {
    if (seen.has(mode.id)) problems.add(file, `companies[${i}].id`, `a second mode for ${mode.id}`);
    seen.add(mode.id);
    checkLocalConcepts(file, mode.concepts, conceptIds, problems);
    const known = new Set([...conceptIds, ...mode.concepts.map((c) => c.id)]);
    mode.criteria.forEach((c, j) => {
      if (!c.id.startsWith(`${mode.id}-`) || general.has(c.id)) problems.add(file, `companies[${i}].criteria[${j}].id`, `a ${mode.id} criterion's id starts with "${mode.id}-", so it never clashes with a rubric's`);
      c.signals.forEach((s, k) => {
        for (const ref of signalConcepts(s)) if (!known.has(ref)) problems.add(file, `companies[${i}].criteria[${j}].signals[${k}]`, `unknown concept "${ref}"`);
      });
    });
  });
  return problems.items.length === before ? parsed.companies : [];
}

async function loadShared(root: string, problems: ProblemList): Promise<LoadedShared> {
  const lexiconFile = join(root, 'rubrics', 'concepts.yaml');
  const lexicon = await readYaml(lexiconFile, 'lexicon', problems);
  const conceptIds = new Set<string>();
  lexicon?.concepts.forEach((c, i) => {
    if (conceptIds.has(c.id)) problems.add(lexiconFile, `concepts[${i}].id`, `duplicate concept id "${c.id}"`);
    conceptIds.add(c.id);
  });
  checkRelations(lexiconFile, lexicon?.concepts ?? [], conceptIds, problems);
  const dimensionsFile = join(root, 'rubrics', 'dimensions.yaml');
  const dims = await readYaml(dimensionsFile, 'dimensions', problems);
  if (dims !== undefined) {
    const ids = new Set(dims.dimensions.map((d) => d.id));
    for (const d of DIMENSIONS) if (!ids.has(d)) problems.add(dimensionsFile, 'dimensions', `missing dimension "${d}"`);
    dims.dimensions.forEach((d, i) =>
      d.general.forEach((c, j) => {
        if (c.dimension !== d.id) problems.add(dimensionsFile, `dimensions[${i}].general[${j}].dimension`, `is "${c.dimension}" under dimension "${d.id}"`);
        c.signals.forEach((s, k) => {
          for (const ref of signalConcepts(s)) if (!conceptIds.has(ref)) problems.add(dimensionsFile, `dimensions[${i}].general[${j}].signals[${k}]`, `unknown concept "${ref}"`);
        });
      }),
    );
  }
  const companies = await loadCompanies(root, conceptIds, dims?.dimensions ?? [], problems);
  return {
    ok: lexicon !== undefined && dims !== undefined,
    lexicon: compileLexicon(lexicon?.concepts ?? [], lexicon?.negations ?? []),
    conceptIds,
    dimensions: dims?.dimensions ?? [],
    companies,
  };
}

/** Loads one question and its rubric, checking the references between them. */
async function loadQuestionFiles(root: string, id: string, shared: LoadedShared, problems: ProblemList): Promise<PreparedRubric | undefined> {
  const questionFile = join(root, 'questions', `${id}.yaml`);
  const question = await readYaml(questionFile, 'question', problems);
  if (question === undefined) return undefined;
  if (question.id !== id) problems.add(questionFile, 'id', `"${question.id}" does not match the file name ${id}.yaml`);
  const rubricFile = join(root, 'rubrics', `${question.rubric}.yaml`);
  const before = problems.items.length;
  const rubric = await readYaml(rubricFile, 'rubric', problems);
  if (rubric === undefined) {
    if (problems.items.length === before) problems.add(questionFile, 'rubric', `rubric "${question.rubric}" not found`);
    return undefined;
  }
  if (rubric.question !== question.id) problems.add(rubricFile, 'question', `is "${rubric.question}" but question ${question.id} points here`);
  checkLocalConcepts(rubricFile, rubric.concepts, shared.conceptIds, problems);
  const known = new Set([...shared.conceptIds, ...rubric.concepts.map((c) => c.id)]);
  const criterionIds = new Set<string>();
  rubric.criteria.forEach((c, i) => {
    if (criterionIds.has(c.id)) problems.add(rubricFile, `criteria[${i}].id`, `duplicate criterion id "${c.id}"`);
    criterionIds.add(c.id);
    c.signals.forEach((s, j) => {
      for (const ref of signalConcepts(s)) {
        if (!known.has(ref)) problems.add(rubricFile, `criteria[${i}].signals[${j}]`, `unknown concept "${ref}"`);
      }
      if ('distinct' in s && s.atLeast > s.distinct.length) problems.add(rubricFile, `criteria[${i}].signals[${j}].atLeast`, `asks for ${s.atLeast} of only ${s.distinct.length} concepts`);
    });
  });
  rubric.facts.forEach((f, i) => {
    for (const ref of f.near) if (!known.has(ref)) problems.add(rubricFile, `facts[${i}].near`, `unknown concept "${ref}"`);
    if (f.criterion !== undefined && !criterionIds.has(f.criterion)) problems.add(rubricFile, `facts[${i}].criterion`, `no criterion "${f.criterion}" in this rubric`);
  });
  const covered = new Set(rubric.criteria.map((c) => c.dimension));
  const missing = DIMENSIONS.filter((d) => !covered.has(d));
  if (missing.length > 0) problems.add(rubricFile, 'criteria', `no criterion for ${missing.join(', ')}: every rubric covers all five dimensions`);
  const rubricIds = new Set(rubric.concepts.map((c) => c.id));
  question.concepts.forEach((c, i) => {
    if (shared.conceptIds.has(c.id)) problems.add(questionFile, `concepts[${i}].id`, `"${c.id}" is already a shared concept in rubrics/concepts.yaml`);
    if (rubricIds.has(c.id)) problems.add(questionFile, `concepts[${i}].id`, `"${c.id}" is already a concept of rubrics/${question.rubric}.yaml`);
  });
  const flagKnown = new Set([...known, ...question.concepts.map((c) => c.id)]);
  checkRelations(questionFile, question.concepts, flagKnown, problems);
  checkRelations(rubricFile, rubric.concepts, known, problems);
  question.redFlags.forEach((f, i) => {
    const refs = [...f.detect.whenAny, ...(f.detect.unlessAny ?? [])];
    for (const ref of refs) if (!flagKnown.has(ref)) problems.add(questionFile, `redFlags[${i}].detect`, `unknown concept "${ref}"`);
  });
  const flagIds = new Set<string>();
  question.redFlags.forEach((f, i) => {
    if (flagIds.has(f.id)) problems.add(questionFile, `redFlags[${i}].id`, `duplicate red flag id "${f.id}"`);
    flagIds.add(f.id);
  });
  checkProbes(questionFile, question, flagKnown, problems);
  return prepareRubric(question, rubric, shared.lexicon, shared.dimensions);
}

/** Probes and the fact sheet refer to concepts the grader knows, quote only figures they require, and cover the two standard probes. */
function checkProbes(file: string, question: Question, known: ReadonlySet<string>, problems: ProblemList): void {
  const texts = new Set<string>();
  question.followUps.forEach((f, i) => {
    for (const field of ['said', 'notSaid'] as const) {
      for (const ref of f.when?.[field] ?? []) if (!known.has(ref)) problems.add(file, `followUps[${i}].when.${field}`, `unknown concept "${ref}"`);
    }
    const figures = new Set<string>(f.when?.figures ?? []);
    for (const m of f.text.matchAll(/\{([a-z]+)\}/g)) {
      const kind = m[1] ?? '';
      if (!(UNIT_KINDS as readonly string[]).includes(kind)) problems.add(file, `followUps[${i}].text`, `"{${kind}}" is not a kind of figure (${UNIT_KINDS.join(', ')})`);
      else if (!figures.has(kind)) problems.add(file, `followUps[${i}].text`, `quotes {${kind}} but when.figures does not require one`);
    }
    if (texts.has(f.text)) problems.add(file, `followUps[${i}].text`, 'the same probe twice');
    texts.add(f.text);
  });
  for (const standard of STANDARD_PROBES) {
    if (!question.followUps.some((f) => f.standard === standard)) problems.add(file, 'followUps', `no "${standard}" probe: every question has the scale probe and the single-rollback-metric probe`);
  }
  const factIds = new Set<string>();
  question.factSheet.forEach((f, i) => {
    if (factIds.has(f.id)) problems.add(file, `factSheet[${i}].id`, `duplicate fact id "${f.id}"`);
    factIds.add(f.id);
    for (const ref of f.asks) if (!known.has(ref)) problems.add(file, `factSheet[${i}].asks`, `unknown concept "${ref}"`);
  });
  if (!question.factSheet.some((f) => f.constraint === true)) problems.add(file, 'factSheet', 'no fact marked constraint: a candidate who asks for the business constraints first must find some');
}

async function loadRapidFire(root: string, shared: LoadedShared, problems: ProblemList): Promise<RapidFireEntry[]> {
  const out: RapidFireEntry[] = [];
  const itemIds = new Map<string, string>();
  const localOwners = new Map<string, string>();
  for (const file of yamlFiles(join(root, 'questions', 'rapid-fire'))) {
    const set = await readYaml(file, 'rapidFire', problems);
    if (set === undefined) continue;
    checkLocalConcepts(file, set.concepts, shared.conceptIds, problems, localOwners);
    const known = new Set([...shared.conceptIds, ...set.concepts.map((c) => c.id)]);
    let valid = true;
    set.items.forEach((item: RapidFireItem, i) => {
      const owner = itemIds.get(item.id);
      if (owner !== undefined) {
        problems.add(file, `items[${i}].id`, `duplicate item id "${item.id}" (also in ${relative(root, owner)})`);
        valid = false;
      }
      itemIds.set(item.id, file);
      if (item.atLeast > item.expected.length) {
        problems.add(file, `items[${i}].atLeast`, `asks for ${item.atLeast} of only ${item.expected.length} expected items`);
        valid = false;
      }
      item.expected.forEach((e, j) =>
        e.signals.forEach((s, k) => {
          for (const ref of signalConcepts(s)) {
            if (!known.has(ref)) {
              problems.add(file, `items[${i}].expected[${j}].signals[${k}]`, `unknown concept "${ref}"`);
              valid = false;
            }
          }
        }),
      );
    });
    if (!valid) continue;
    const lexicon = extendLexicon(shared.lexicon, set.concepts);
    for (const item of set.items) out.push({ set: set.set, setTitle: set.title, item, lexicon });
  }
  return out;
}

/** The expected-item and trap ids a stage or `required` may name, each checked. */
function checkPrepItem(file: string, i: number, item: PrepSet['items'][number], known: ReadonlySet<string>, problems: ProblemList): boolean {
  const before = problems.items.length;
  const ids = new Set(item.expected.map((e) => e.id));
  if (item.atLeast > item.expected.length) problems.add(file, `items[${i}].atLeast`, `asks for ${item.atLeast} of only ${item.expected.length} expected items`);
  if (item.expected.length === 0 && item.figure === undefined) problems.add(file, `items[${i}]`, 'grades nothing: give it expected items or a figure');
  for (const id of item.required ?? []) if (!ids.has(id)) problems.add(file, `items[${i}].required`, `no expected item "${id}"`);
  item.stages?.forEach((stage, j) => {
    for (const id of stage.items) if (!ids.has(id)) problems.add(file, `items[${i}].stages[${j}].items`, `no expected item "${id}"`);
    if (stage.need > stage.items.length) problems.add(file, `items[${i}].stages[${j}].need`, `needs ${stage.need} of only ${stage.items.length} items`);
  });
  const signals = [...item.expected.map((e, j) => ({ at: `expected[${j}]`, signals: e.signals })), ...(item.traps ?? []).map((t, j) => ({ at: `traps[${j}]`, signals: t.signals }))];
  for (const { at, signals: list } of signals) {
    list.forEach((s, k) => {
      for (const ref of signalConcepts(s)) if (!known.has(ref)) problems.add(file, `items[${i}].${at}.signals[${k}]`, `unknown concept "${ref}"`);
    });
  }
  return problems.items.length === before;
}

/** questions/prep/: one file per set, each of one preparation kind; an item id's prefix names its kind. */
async function loadPrep(root: string, shared: LoadedShared, problems: ProblemList): Promise<PrepEntry[]> {
  const out: PrepEntry[] = [];
  const itemIds = new Map<string, string>();
  const localOwners = new Map<string, string>();
  for (const file of yamlFiles(join(root, 'questions', 'prep'))) {
    const set = await readYaml(file, 'prep', problems);
    if (set === undefined) continue;
    checkLocalConcepts(file, set.concepts, shared.conceptIds, problems, localOwners);
    const known = new Set([...shared.conceptIds, ...set.concepts.map((c) => c.id)]);
    checkRelations(file, set.concepts, known, problems);
    const prefix = `${PREP_PREFIXES[set.kind]}-`;
    const valid = set.items.map((item, i) => {
      let ok = checkPrepItem(file, i, item, known, problems);
      if (!item.id.startsWith(prefix)) {
        problems.add(file, `items[${i}].id`, `a ${set.kind} item's id starts with "${prefix}"`);
        ok = false;
      }
      const owner = itemIds.get(item.id);
      if (owner !== undefined) {
        problems.add(file, `items[${i}].id`, `duplicate item id "${item.id}" (also in ${relative(root, owner)})`);
        ok = false;
      }
      itemIds.set(item.id, file);
      return ok;
    });
    if (valid.includes(false)) continue;
    let lexicon: CompiledLexicon | undefined;
    for (const item of set.items) {
      out.push({
        kind: set.kind,
        set: set.set,
        setTitle: set.title,
        item,
        get lexicon() {
          lexicon ??= extendLexicon(shared.lexicon, set.concepts);
          return lexicon;
        },
      });
    }
  }
  return out;
}

/** questions/reference/: one reference answer per question; the grader's checks of them are in `bank validate`. */
async function loadReferences(root: string, prepared: ReadonlyMap<string, PreparedRubric>, problems: ProblemList): Promise<Map<string, ReferenceAnswer>> {
  const out = new Map<string, ReferenceAnswer>();
  for (const file of yamlFiles(join(root, 'questions', 'reference'))) {
    const ref = await readYaml(file, 'reference', problems);
    if (ref === undefined) continue;
    const id = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
    if (ref.question !== id) problems.add(file, 'question', `"${ref.question}" does not match the file name ${id}.yaml`);
    else if (!prepared.has(id) && !questionExists(id, root)) problems.add(file, 'question', `question "${id}" is not in the bank`);
    else out.set(id, ref);
  }
  return out;
}

/** questions/flaws/: one spot-the-flaw answer per question, checked against the question it answers. */
async function loadFlaws(root: string, prepared: ReadonlyMap<string, PreparedRubric>, shared: LoadedShared, problems: ProblemList): Promise<FlawEntry[]> {
  const out: FlawEntry[] = [];
  const seen = new Set<string>();
  for (const file of yamlFiles(join(root, 'questions', 'flaws'))) {
    const set = await readYaml(file, 'flaws', problems);
    if (set === undefined) continue;
    const before = problems.items.length;
    const question = prepared.get(set.question);
    if (question === undefined) {
      // A question that failed has its own problems listed already; only a missing one is this file's.
      if (!questionExists(set.question, root)) problems.add(file, 'question', `question "${set.question}" is not in the bank`);
      continue;
    }
    if (seen.has(set.question)) problems.add(file, 'question', `a second flaw set for ${set.question}`);
    seen.add(set.question);
    const rubricConcepts = new Set([...question.rubric.concepts.map((c) => c.id), ...question.question.concepts.map((c) => c.id)]);
    set.concepts.forEach((c, i) => {
      if (shared.conceptIds.has(c.id)) problems.add(file, `concepts[${i}].id`, `"${c.id}" is already a shared concept in rubrics/concepts.yaml`);
      if (rubricConcepts.has(c.id)) problems.add(file, `concepts[${i}].id`, `"${c.id}" is already a concept of ${set.question}'s question or rubric`);
    });
    const known = new Set([...shared.conceptIds, ...rubricConcepts, ...set.concepts.map((c) => c.id)]);
    const flags = new Set([...question.question.redFlags.map((f) => f.id), ...Object.keys(PLANTABLE_GENERAL_FLAGS)]);
    const used = new Set<string>();
    set.parts.forEach((part, i) => {
      if (!('flag' in part)) return;
      if (!flags.has(part.flag)) problems.add(file, `parts[${i}].flag`, `"${part.flag}" is not a red flag of ${set.question} (nor ${Object.keys(PLANTABLE_GENERAL_FLAGS).join(', ')})`);
      if (used.has(part.flag)) problems.add(file, `parts[${i}].flag`, `"${part.flag}" has two parts`);
      used.add(part.flag);
      part.named.forEach((sig, j) => {
        for (const ref of signalConcepts(sig)) if (!known.has(ref)) problems.add(file, `parts[${i}].named[${j}]`, `unknown concept "${ref}"`);
      });
    });
    if (switches(set).length < 2) problems.add(file, 'parts', 'needs at least two parts with a flag, so drills can vary what is planted');
    if (problems.items.length === before) {
      // Built on first use, as the question's own lexicon is.
      let lexicon: CompiledLexicon | undefined;
      out.push({
        set,
        prepared: question,
        get lexicon() {
          lexicon ??= extendLexicon(question.lexicon, set.concepts);
          return lexicon;
        },
      });
    }
  }
  return out;
}

/** The files every coding problem has besides problem.yaml and tests.yaml. */
const CODING_FILES = ['scale.mjs', ...CODING_LANGUAGES.map((l) => STARTER_FILES[l]), ...CODING_LANGUAGES.map((l) => REFERENCE_FILES[l])];

/**
 * questions/coding/<id>/: one directory per problem. Whether each reference solution passes its
 * tests is checked by running it (test/adapters/coding-problems.test.ts), not here: loading runs nothing.
 */
async function loadCoding(root: string, shared: LoadedShared, problems: ProblemList): Promise<CodingEntry[]> {
  const base = join(root, 'questions', 'coding');
  let dirs: string[];
  try {
    dirs = readdirSync(base, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  const out: CodingEntry[] = [];
  const localOwners = new Map<string, string>();
  for (const name of dirs) {
    const dir = join(base, name);
    const before = problems.items.length;
    const problem = await readYaml(join(dir, 'problem.yaml'), 'codingProblem', problems);
    const tests = await readYaml(join(dir, 'tests.yaml'), 'codingTests', problems);
    const texts: Record<string, string> = {};
    for (const file of CODING_FILES) {
      try {
        texts[file] = readTextFileSync(join(dir, file), { maxBytes: MAX_BANK_FILE_BYTES });
      } catch (error) {
        const missing = !(error instanceof UnreadableFile) || error.kind === 'missing';
        problems.add(join(dir, file), '', missing ? 'missing: every coding problem has a starter and a reference per language, and scale.mjs' : `cannot read: it ${error.reason}`);
      }
    }
    if (problem === undefined || tests === undefined) continue;
    const file = join(dir, 'problem.yaml');
    if (problem.id !== name) problems.add(file, 'id', `"${problem.id}" is not the directory's name "${name}"`);
    checkLocalConcepts(file, problem.concepts, shared.conceptIds, problems, localOwners);
    const known = new Set([...shared.conceptIds, ...problem.concepts.map((c) => c.id)]);
    checkRelations(file, problem.concepts, known, problems);
    problem.followUps.forEach((f, i) => {
      if (f.atLeast > f.expected.length) problems.add(file, `followUps[${i}].atLeast`, `asks for ${f.atLeast} of only ${f.expected.length} expected items`);
      f.expected.forEach((e, j) =>
        e.signals.forEach((sig, k) => {
          for (const ref of signalConcepts(sig)) if (!known.has(ref)) problems.add(file, `followUps[${i}].expected[${j}].signals[${k}]`, `unknown concept "${ref}"`);
        }),
      );
    });
    const testsFile = join(dir, 'tests.yaml');
    const names = new Set<string>();
    tests.cases.forEach((c, i) => {
      if (names.has(c.name)) problems.add(testsFile, `cases[${i}].name`, `a second case named "${c.name}"`);
      names.add(c.name);
    });
    if (!tests.cases.some((c) => c.visible)) problems.add(testsFile, 'cases', 'no visible case: a save must have something to run');
    if (!tests.cases.some((c) => !c.visible)) problems.add(testsFile, 'cases', 'no hidden case: submitting must test more than the visible cases');
    if (!tests.cases.some((c) => c.category === 'edge')) problems.add(testsFile, 'cases', 'no edge case');
    for (const lang of CODING_LANGUAGES) {
      const starter = texts[STARTER_FILES[lang]];
      if (starter !== undefined && !new RegExp(`class\\s+${problem.class}\\b`).test(starter)) problems.add(join(dir, STARTER_FILES[lang]), '', `does not define the class ${problem.class}`);
    }
    if (problems.items.length > before) continue;
    let lexicon: CompiledLexicon | undefined;
    out.push({
      problem,
      cases: tests.cases,
      starter: { node: texts[STARTER_FILES.node] ?? '', python: texts[STARTER_FILES.python] ?? '' },
      reference: { node: texts[REFERENCE_FILES.node] ?? '', python: texts[REFERENCE_FILES.python] ?? '' },
      dir,
      get lexicon() {
        lexicon ??= extendLexicon(shared.lexicon, problem.concepts);
        return lexicon;
      },
    });
  }
  return out;
}

class LoadedBank implements QuestionBank {
  constructor(
    readonly root: string,
    private readonly prepared: ReadonlyMap<string, PreparedRubric>,
    private readonly drills: readonly RapidFireEntry[],
    private readonly flawSets: readonly FlawEntry[],
    private readonly prepItems: readonly PrepEntry[],
    private readonly references: ReadonlyMap<string, ReferenceAnswer>,
    private readonly codingProblems: readonly CodingEntry[],
    private readonly companies: readonly CompanyMode[],
    readonly dimensions: readonly DimensionSpec[],
    readonly problems: readonly BankProblem[],
  ) {}
  questions(): PreparedRubric[] {
    return [...this.prepared.values()].sort((a, b) => a.question.id.localeCompare(b.question.id));
  }
  question(id: string): PreparedRubric | undefined {
    return this.prepared.get(id);
  }
  rapidFire(): readonly RapidFireEntry[] {
    return this.drills;
  }
  spotTheFlaw(): readonly FlawEntry[] {
    return this.flawSets;
  }
  prep(): readonly PrepEntry[] {
    return this.prepItems;
  }
  reference(questionId: string): ReferenceAnswer | undefined {
    return this.references.get(questionId);
  }
  coding(): readonly CodingEntry[] {
    return this.codingProblems;
  }
  company(id: Company): CompanyMode | undefined {
    return this.companies.find((c) => c.id === id);
  }
}

export interface BankLoadOptions {
  /** A directory holding questions/ and rubrics/ (default: the bank shipped with coach). */
  readonly root?: string;
  /** Where validated files are cached; NO_CACHE validates every file afresh. */
  readonly cache?: ValidatedCache;
}

/** Loads the whole bank. Bad files are reported in `problems` and skipped; the rest loads. */
export async function loadBank(options: BankLoadOptions = {}): Promise<QuestionBank> {
  const root = options.root ?? DEFAULT_BANK_DIR;
  const problems = new ProblemList(root, options.cache ?? new FileCache());
  const shared = await loadShared(root, problems);
  if (!shared.ok) return new LoadedBank(root, new Map(), [], [], [], new Map(), [], [], shared.dimensions, problems.items);
  const prepared = new Map<string, PreparedRubric>();
  const files = yamlFiles(join(root, 'questions'));
  if (files.length === 0) problems.add(join(root, 'questions'), '', 'no question files found');
  for (const file of files) {
    const id = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
    const before = problems.items.length;
    const loaded = await loadQuestionFiles(root, id, shared, problems);
    // A question with any problem is skipped whole: a half-checked rubric would grade wrongly.
    if (loaded !== undefined && problems.items.length === before) prepared.set(loaded.question.id, loaded);
  }
  const drills = await loadRapidFire(root, shared, problems);
  const flaws = await loadFlaws(root, prepared, shared, problems);
  const prep = await loadPrep(root, shared, problems);
  const references = await loadReferences(root, prepared, problems);
  const coding = await loadCoding(root, shared, problems);
  return new LoadedBank(root, prepared, drills, flaws, prep, references, coding, shared.companies, shared.dimensions, problems.items);
}

/**
 * Loads only what grading one question needs, so `coach grade` stays fast. The id may come from a
 * session file: it names a file only once it has the shape of a question id and the bank lists it.
 */
export async function loadQuestion(id: string, options: BankLoadOptions & { readonly company?: Company | undefined } = {}): Promise<{ prepared?: PreparedRubric; problems: readonly BankProblem[] }> {
  const root = options.root ?? DEFAULT_BANK_DIR;
  if (!questionExists(id, root)) return { problems: [{ file: 'questions', path: '', message: `no question "${id}" in the bank` }] };
  const problems = new ProblemList(root, options.cache ?? new FileCache());
  const shared = await loadShared(root, problems);
  if (!shared.ok) return { problems: problems.items };
  const before = problems.items.length;
  const prepared = await loadQuestionFiles(root, id, shared, problems);
  if (prepared === undefined || problems.items.length > before) return { problems: problems.items };
  if (options.company === undefined) return { prepared, problems: problems.items };
  const mode = shared.companies.find((c) => c.id === options.company);
  if (mode === undefined) return { problems: [...problems.items, { file: 'rubrics/companies.yaml', path: '', message: `no ${options.company} mode in the bank` }] };
  return { prepared: inCompanyMode(prepared, mode), problems: problems.items };
}

export { NO_CACHE } from './yaml-cache.js';

/** One question's reference answer, for `coach bank show` and `coach grade`; undefined when it is missing or invalid. */
export async function loadReference(id: string, options: BankLoadOptions = {}): Promise<ReferenceAnswer | undefined> {
  const root = options.root ?? DEFAULT_BANK_DIR;
  if (!questionExists(id, root)) return undefined;
  const problems = new ProblemList(root, options.cache ?? new FileCache());
  const ref = await readYaml(join(root, 'questions', 'reference', `${id}.yaml`), 'reference', problems);
  return ref?.question === id ? ref : undefined;
}

/** Whether the bank has this question: a question id (never a path) whose file is listed in questions/. */
export function questionExists(id: string, root: string = DEFAULT_BANK_DIR): boolean {
  if (!QUESTION_ID_PATTERN.test(id)) return false;
  try {
    return readdirSync(join(root, 'questions'), { withFileTypes: true }).some((entry) => entry.name === `${id}.yaml` && entry.isFile());
  } catch {
    return false;
  }
}

/** The coding problems' ids: the directories of questions/coding/, without loading them. */
export function codingProblemIds(root: string = DEFAULT_BANK_DIR): string[] {
  try {
    return readdirSync(join(root, 'questions', 'coding'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && CODING_ID_PATTERN.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export function codingProblemExists(id: string, root: string = DEFAULT_BANK_DIR): boolean {
  return CODING_ID_PATTERN.test(id) && codingProblemIds(root).includes(id);
}
