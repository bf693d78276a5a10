/**
 * The local model on random-weight GGUF files of realistic shapes (generated once into
 * .bench-cache/, never committed): load time, prompt processing and decode speed against the
 * memory-bandwidth roofline; the grade's prompt layouts by tokens evaluated and decoded and by
 * wall time (940d83a's five quote-writing sequences beside today's sentence numbers, decoded under a
 * grammar or with the keys evaluated and only the digits chosen); batched vs sequential grading on
 * both paths next to raw five-sequence decode batching; prefix reuse; peak RSS. Random
 * weights make the text gibberish; the work per token is that of a real model of the same shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBank } from '../src/adapters/fs-bank.js';
import { disposeLlama, openModel, physicalCores } from '../src/adapters/llm/engine.js';
import { ModelGrader, type GradeLayout } from '../src/adapters/llm/model-grader.js';
import { analyse } from '../src/core/grading/analyse.js';
import { gradeAnswer, type PreparedRubric } from '../src/core/grading/grade.js';
import { citableSentences, verdictPrompt } from '../src/core/grading/verdicts.js';
import type { LanguageModel } from '../src/ports.js';
import { legacyGrade } from './legacy-layout.js';
import { ensureRandomGguf, SHAPES, type TinyModelShape } from '../test/fixtures/gguf/generate.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const cache = join(root, '.bench-cache', 'models');
const threads = physicalCores();

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** Single-threaded copy bandwidth of a buffer far larger than the caches, in bytes/s: the roofline's denominator. */
function memoryBandwidth(): number {
  const size = 256 * 1024 * 1024;
  const a = Buffer.alloc(size, 1);
  const b = Buffer.alloc(size);
  a.copy(b);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    a.copy(b);
    runs.push((performance.now() - t) / 1000);
  }
  // A copy reads and writes every byte.
  return (2 * size) / Math.min(...runs);
}

/** `npm run bench:gpu`: the same measurements, refused in one line where node-llama-cpp finds no GPU backend. */
const gpuRun = process.argv.includes('--gpu');
{
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: 'auto', build: 'never' });
  if (gpuRun && llama.gpu === false) {
    console.error('bench:gpu: node-llama-cpp found no GPU backend here (it chose the CPU); npm run bench:llm measures the CPU.');
    process.exit(1);
  }
}
const bank = await loadBank();
const answerA = 'p95 TTFT went from 900 ms to 4 s since Tuesday while p50 stayed at 350 ms. I split slow requests into queue wait, prefill and decode with tracing, and route prompts over 4k tokens to a separate pool.';
const answerB = 'We page when p95 TTFT exceeds 1.5 s for 10 minutes, roll back what shipped on Tuesday, and shed batch traffic until the tail recovers.';
const bandwidth = memoryBandwidth();

/** Batched-vs-sequential timings are taken this many times; the medians are reported. */
const REPEATS = 3;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

type Engine = Awaited<ReturnType<typeof openModel>>;
const open = (path: string): Promise<Engine> => openModel(path, { slots: 6, contextSize: 8192, threads });
/** How a verdict is produced: every token decoded under the grammar, or the keys evaluated and only the digits chosen (used). */
type VerdictPath = 'grammar' | 'fill';
/** The engine as a grader sees it, on one path: without `fill`, the grammar decodes everything. */
const onPath = (model: Engine, path: VerdictPath): LanguageModel =>
  path === 'fill' ? model : { info: model.info, slots: model.slots, dispose: () => model.dispose(), complete: ({ fill: _fill, ...request }) => model.complete(request) };
const question = (id: string): PreparedRubric => {
  const q = bank.question(id);
  if (q === undefined) throw new Error(`${id} missing from the bank`);
  return q;
};

/** Answers other engineers wrote (test/fixtures/answers), of three questions, short and long. */
const LAYOUT_SET = ['q23-weak', 'q23-strong', 'q07-strong', 'q01-weak'].map((f) => ({ q: question(f.slice(0, 3)), text: readFileSync(join(root, 'test', 'fixtures', 'answers', `${f}.md`), 'utf8') }));

/** Five short answers to one question: several graded at once, as a regrade or a round's answers are. */
const FIVE = [
  answerA,
  answerB,
  'The tail grew because long prompts share batches with short ones. I would cap prefill per step with chunked prefill and watch p95 TTFT per prompt-length bucket.',
  'First question: did anything ship? A config change on Tuesday raised max batch tokens; I would revert it and confirm p95 TTFT falls under 1.5 s within 15 minutes.',
  'Queue wait is the suspect when p50 holds and p95 climbs. I would add replicas only after tracing shows decode is saturated, since more GPUs hide a scheduling bug.',
];

interface LayoutRow {
  readonly layout: string;
  readonly evaluated: number;
  readonly decoded: number;
  /** Output text evaluated rather than decoded: the keys, on the fill path. */
  readonly fixed: number;
  readonly maxDecoded: number;
  readonly seconds: number;
}

/** One layout over the layout set on a fresh model: mean tokens and seconds per grade. */
async function layoutRow(path: string, name: string, layout: GradeLayout | 'legacy', verdicts: VerdictPath = 'grammar'): Promise<LayoutRow> {
  const model = await open(path);
  const grader = layout === 'legacy' ? undefined : new ModelGrader(onPath(model, verdicts), { timeoutMs: 3_600_000, layout, random: seeded(5) });
  const decoded: number[] = [];
  let evaluated = 0;
  let fixed = 0;
  const t = performance.now();
  for (const a of LAYOUT_SET) {
    const before = model.tokens();
    if (grader === undefined) await legacyGrade(model, a.q, a.text);
    else await grader.grade(a.q, a.text);
    const after = model.tokens();
    evaluated += after.evaluated - before.evaluated;
    fixed += after.fixed - before.fixed;
    decoded.push(after.decoded - before.decoded);
  }
  const seconds = (performance.now() - t) / 1000 / LAYOUT_SET.length;
  await model.dispose();
  return { layout: name, evaluated: evaluated / LAYOUT_SET.length, fixed: fixed / LAYOUT_SET.length, decoded: decoded.reduce((x, y) => x + y, 0) / decoded.length, maxDecoded: Math.max(...decoded), seconds };
}

interface Row {
  readonly model: string;
  readonly backend: string;
  readonly layers: string;
  readonly sizeMb: number;
  readonly loadS: number;
  readonly ppTps: number;
  readonly decodeTps: number;
  readonly rooflineTps: number;
  readonly decode5Batched: number;
  readonly decode5Sequential: number;
  /** Five grades at once and one after another, medians, per verdict path. */
  readonly grading: Readonly<Record<VerdictPath, { readonly batched: number; readonly sequential: number }>>;
  readonly answerTokens: number;
  readonly firstInput: number;
  readonly secondInput: number;
}

/** Decodes `count` tokens after `prompt` on a sequence. */
async function decodeOn(seq: { evaluate: (t: number[], o: { temperature: number }) => AsyncGenerator<unknown> }, prompt: number[], count: number): Promise<void> {
  let n = 0;
  for await (const _token of seq.evaluate(prompt, { temperature: 0 })) if (++n >= count) break;
}

async function measure(name: string, shape: TinyModelShape): Promise<Row> {
  const path = ensureRandomGguf(cache, shape, { type: 'Q8_0', seed: 1 });
  const t0 = performance.now();
  const model = await open(path);
  const loadS = (performance.now() - t0) / 1000;
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: 'auto', build: 'never' });
  // Prompt processing and decode on a sequence of their own, counted in tokens.
  const raw = await llama.loadModel({ modelPath: path });
  const ctx = await raw.createContext({ contextSize: 1024, threads });
  const seq = ctx.getSequence();
  const prompt = raw.tokenize('The quick brown fox jumps over the lazy dog. '.repeat(60)).slice(0, 512);
  const tp = performance.now();
  let first = 0;
  let n = 0;
  let tFirst = 0;
  for await (const _token of seq.evaluate(prompt, { temperature: 0 })) {
    if (n === 0) {
      tFirst = performance.now();
      first = (tFirst - tp) / 1000;
    }
    n += 1;
    if (n >= 65) break;
  }
  const decodeTps = (n - 1) / ((performance.now() - tFirst) / 1000);
  const ppTps = prompt.length / first;
  await ctx.dispose();
  // Five sequences decoding together in one batch vs the same five one after another, three
  // times over: batching on two busy cores varies from run to run, so the medians are reported.
  const short = prompt.slice(0, 64);
  const five = await raw.createContext({ contextSize: 512, sequences: 5, threads });
  const seqs = Array.from({ length: 5 }, () => five.getSequence());
  const rawBatched: number[] = [];
  const rawSequential: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    for (const q of seqs) await q.clearHistory();
    let tb = performance.now();
    await Promise.all(seqs.map((q) => decodeOn(q as never, short, 48)));
    rawBatched.push((performance.now() - tb) / 1000);
    for (const q of seqs) await q.clearHistory();
    tb = performance.now();
    for (const q of seqs) await decodeOn(q as never, short, 48);
    rawSequential.push((performance.now() - tb) / 1000);
  }
  const decode5Batched = median(rawBatched);
  const decode5Sequential = median(rawSequential);
  await five.dispose();
  // What a second answer to a question should cost: its own numbered sentences, nothing of the prefix.
  const q23 = question('q23');
  const criteria = gradeAnswer(q23, answerB).criteria;
  const full = verdictPrompt(q23, criteria, citableSentences(analyse(answerB, q23.lexicon, q23.context)), 'abcdefghijkl');
  const answerTokens = raw.tokenize(full.slice(full.indexOf('<answer-'))).length;
  await raw.dispose();
  // Prefix reuse: the second grade of a question evaluates only the new answer.
  const grader = new ModelGrader(model, { timeoutMs: 3_600_000, random: seeded(3) });
  await grader.grade(q23, answerA);
  const firstInput = model.tokens().evaluated;
  await grader.grade(q23, answerB);
  const secondInput = model.tokens().evaluated - firstInput;
  // Five answers at once vs one after another, on each verdict path, every sequence already
  // holding the question's prefix (a warm-up pass), so both evaluate only the answers and the verdicts.
  const grading = { grammar: { batched: 0, sequential: 0 }, fill: { batched: 0, sequential: 0 } };
  for (const path of ['grammar', 'fill'] as const) {
    const g = new ModelGrader(onPath(model, path), { timeoutMs: 3_600_000, random: seeded(3) });
    await Promise.all(FIVE.map((a) => g.grade(q23, a)));
    const batched: number[] = [];
    const sequential: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      let t = performance.now();
      await Promise.all(FIVE.map((a) => g.grade(q23, a)));
      batched.push((performance.now() - t) / 1000);
      t = performance.now();
      for (const a of FIVE) await g.grade(q23, a);
      sequential.push((performance.now() - t) / 1000);
    }
    grading[path] = { batched: median(batched), sequential: median(sequential) };
  }
  await model.dispose();
  // Every weight is read once per decoded token: the roofline is bandwidth over the weights' bytes.
  return { model: name, backend: model.info.backend, layers: `${model.info.gpuLayers}/${model.info.totalLayers}`, sizeMb: model.info.sizeBytes / 1024 ** 2, loadS, ppTps, decodeTps, rooflineTps: bandwidth / model.info.sizeBytes, decode5Batched, decode5Sequential, grading, answerTokens, firstInput, secondInput };
}

function print(title: string, table: string[][]): void {
  const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => r[i]?.length ?? 0))) ?? [];
  console.log(`\n${title}`);
  for (const [i, r] of table.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

const smol = ensureRandomGguf(cache, SHAPES.smollm2_135m, { type: 'Q8_0', seed: 1 });
const layouts: LayoutRow[] = [];
layouts.push(await layoutRow(smol, '940d83a: 5 sequences, one per dimension, verbatim quotes', 'legacy'));
layouts.push(await layoutRow(smol, '5 sequences, one per dimension, sentence numbers under a grammar', 'dimensions'));
layouts.push(await layoutRow(smol, '1 sequence, every criterion, sentence numbers under a grammar', 'one'));
layouts.push(await layoutRow(smol, '1 sequence, every criterion, keys evaluated, digits chosen (used)', 'one', 'fill'));
const rows: Row[] = [];
rows.push(await measure('SmolLM2-135M-shaped Q8_0', SHAPES.smollm2_135m));
rows.push(await measure('Qwen2.5-0.5B-shaped Q8_0', SHAPES.qwen25_05b));
await disposeLlama();
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const legacy = layouts[0];

console.log(`\nLocal model (random weights, ${rows[0]?.backend === 'cpu' ? `${threads} CPU threads` : `${rows[0]?.backend ?? '?'} backend`}, memory bandwidth ${(bandwidth / 1e9).toFixed(1)} GB/s measured by a 256 MB copy, peak RSS ${peakRssMb.toFixed(0)} MB)`);
print(`Tokens per model grade, SmolLM2-135M shape, mean of ${LAYOUT_SET.length} answers (${LAYOUT_SET.map((a) => a.q.question.id).join(', ')}):`, [
  ['layout', 'evaluated', 'keys evaluated', 'decoded', 'most decoded', 'decoded vs 940d83a', 'seconds'],
  ...layouts.map((l) => [l.layout, l.evaluated.toFixed(0), l.fixed.toFixed(0), l.decoded.toFixed(0), String(l.maxDecoded), legacy === undefined ? '-' : `${((100 * l.decoded) / Math.max(1, legacy.decoded)).toFixed(0)}%`, l.seconds.toFixed(1)]),
]);
print(`Engine (raw decode batched and sequential: medians of ${REPEATS} runs each):`, [
  ['model', 'backend', 'layers on GPU', 'file', 'load', 'prompt tok/s', 'decode tok/s', 'of roofline', 'raw 5x48 decode batched', 'sequential', 'raw speed-up', '1st grade evaluated', '2nd grade', 'answer tokens'],
  ...rows.map((r) => [
    r.model,
    r.backend,
    r.layers,
    `${r.sizeMb.toFixed(0)} MB`,
    `${r.loadS.toFixed(2)} s`,
    r.ppTps.toFixed(0),
    r.decodeTps.toFixed(1),
    // The roofline is the CPU's memory bandwidth: on a GPU it says nothing.
    r.backend === 'cpu' ? `${((100 * r.decodeTps) / r.rooflineTps).toFixed(0)}%` : '-',
    `${r.decode5Batched.toFixed(1)} s`,
    `${r.decode5Sequential.toFixed(1)} s`,
    `${(r.decode5Sequential / r.decode5Batched).toFixed(2)}x`,
    String(r.firstInput),
    String(r.secondInput),
    `${r.answerTokens} (2nd grade is ${((100 * r.secondInput) / Math.max(1, r.answerTokens)).toFixed(0)}%)`,
  ]),
]);
print(`Five grades of one question, every sequence holding its prefix (medians of ${REPEATS} runs each):`, [
  ['model', 'verdicts', '5 grades batched', 'one after another', 'speed-up', 'of raw', 'per grade, batched'],
  ...rows.flatMap((r) => {
    const rawUp = r.decode5Sequential / r.decode5Batched;
    return (['grammar', 'fill'] as const).map((path) => {
      const g = r.grading[path];
      const up = g.sequential / g.batched;
      return [r.model, path === 'fill' ? 'keys evaluated, digits chosen (used)' : 'decoded under a grammar', `${g.batched.toFixed(1)} s`, `${g.sequential.toFixed(1)} s`, `${up.toFixed(2)}x`, `${((100 * up) / rawUp).toFixed(0)}%`, `${(g.batched / 5).toFixed(1)} s`];
    });
  }),
]);
