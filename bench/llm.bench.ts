/**
 * The local model on random-weight GGUF files of realistic shapes (generated once into
 * .bench-cache/, never committed): load time, prompt processing and decode speed, batched vs
 * sequential grading, prefix reuse, peak RSS, and decode speed against the memory-bandwidth
 * roofline measured in the same run. Random weights make the text gibberish; the work per token
 * is that of a real model of the same shape.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBank } from '../src/adapters/fs-bank.js';
import { disposeLlama, openModel, physicalCores } from '../src/adapters/llm/engine.js';
import { ModelGrader } from '../src/adapters/llm/model-grader.js';
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

interface Row {
  readonly model: string;
  readonly decode5Batched: number;
  readonly decode5Sequential: number;
  readonly sizeMb: number;
  readonly loadS: number;
  readonly ppTps: number;
  readonly decodeTps: number;
  readonly rooflineTps: number;
  readonly batchedS: number;
  readonly sequentialS: number;
  readonly firstInput: number;
  readonly secondInput: number;
}

const bank = await loadBank();
const q23 = bank.question('q23');
if (q23 === undefined) throw new Error('q23 missing from the bank');
const answerA = 'p95 TTFT went from 900 ms to 4 s since Tuesday while p50 stayed at 350 ms. I split slow requests into queue wait, prefill and decode with tracing, and route prompts over 4k tokens to a separate pool.';
const answerB = 'We page when p95 TTFT exceeds 1.5 s for 10 minutes, roll back what shipped on Tuesday, and shed batch traffic until the tail recovers.';
const bandwidth = memoryBandwidth();

/** Decodes `count` tokens after `prompt` on a sequence. */
async function decodeOn(seq: { evaluate: (t: number[], o: { temperature: number }) => AsyncGenerator<unknown> }, prompt: number[], count: number): Promise<void> {
  let n = 0;
  for await (const _token of seq.evaluate(prompt, { temperature: 0 })) if (++n >= count) break;
}

async function measure(name: string, shape: TinyModelShape, grading: boolean): Promise<Row> {
  const path = ensureRandomGguf(cache, shape, { type: 'Q8_0', seed: 1 });
  const t0 = performance.now();
  const model = await openModel(path, { slots: 6, contextSize: 2048, threads });
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
  // Five sequences decoding together in one batch vs the same five one after another.
  const short = prompt.slice(0, 64);
  const five = await raw.createContext({ contextSize: 512, sequences: 5, threads });
  const seqs = Array.from({ length: 5 }, () => five.getSequence());
  let tb = performance.now();
  await Promise.all(seqs.map((q) => decodeOn(q as never, short, 48)));
  const decode5Batched = (performance.now() - tb) / 1000;
  for (const q of seqs) await q.clearHistory();
  tb = performance.now();
  for (const q of seqs) await decodeOn(q as never, short, 48);
  const decode5Sequential = (performance.now() - tb) / 1000;
  await five.dispose();
  await raw.dispose();
  if (!grading) {
    await model.dispose();
    return { model: name, decode5Batched, decode5Sequential, sizeMb: model.info.sizeBytes / 1024 ** 2, loadS, ppTps, decodeTps, rooflineTps: bandwidth / model.info.sizeBytes, batchedS: NaN, sequentialS: NaN, firstInput: NaN, secondInput: NaN };
  }
  // Grading: all five dimensions at once vs one after another, each on a fresh model so neither reuses a prefix.
  const batchedModel = await openModel(path, { slots: 6, contextSize: 2048, threads });
  let t = performance.now();
  await new ModelGrader(batchedModel, { timeoutMs: 600_000, random: seeded(3) }).grade(q23 as NonNullable<typeof q23>, answerA);
  const batchedS = (performance.now() - t) / 1000;
  const inputs = (m: typeof batchedModel): number => [0, 1, 2, 3, 4].reduce((sum, s) => sum + m.inputTokens(s), 0);
  const firstInput = inputs(batchedModel);
  // A second answer to the same question: only the answer's tokens should be evaluated again.
  await new ModelGrader(batchedModel, { timeoutMs: 600_000, random: seeded(3) }).grade(q23 as NonNullable<typeof q23>, answerB);
  const secondInput = inputs(batchedModel) - firstInput;
  await batchedModel.dispose();
  const sequentialModel = await openModel(path, { slots: 6, contextSize: 2048, threads });
  t = performance.now();
  await new ModelGrader(sequentialModel, { timeoutMs: 600_000, random: seeded(3), sequential: true }).grade(q23 as NonNullable<typeof q23>, answerA);
  const sequentialS = (performance.now() - t) / 1000;
  await sequentialModel.dispose();
  await model.dispose();
  // Every weight is read once per decoded token: the roofline is bandwidth over the weights' bytes.
  const rooflineTps = bandwidth / model.info.sizeBytes;
  return { model: name, decode5Batched, decode5Sequential, sizeMb: model.info.sizeBytes / 1024 ** 2, loadS, ppTps, decodeTps, rooflineTps, batchedS, sequentialS, firstInput, secondInput };
}

const rows: Row[] = [];
rows.push(await measure('SmolLM2-135M-shaped Q8_0', SHAPES.smollm2_135m, true));
// Grading the larger shape takes minutes on 2 cores and shows the same ratios; its raw speeds are measured.
rows.push(await measure('Qwen2.5-0.5B-shaped Q8_0', SHAPES.qwen25_05b, false));
await disposeLlama();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const table: string[][] = [
  ['model', 'file', 'load', 'prompt tok/s', 'decode tok/s', 'roofline tok/s', 'of roofline', '5x48 tokens batched', 'sequential', 'speed-up', 'grade batched', 'sequential', 'speed-up', 'prompt tokens 1st grade', '2nd grade'],
  ...rows.map((r) => [
    r.model,
    `${r.sizeMb.toFixed(0)} MB`,
    `${r.loadS.toFixed(2)} s`,
    r.ppTps.toFixed(0),
    r.decodeTps.toFixed(1),
    r.rooflineTps.toFixed(1),
    `${((100 * r.decodeTps) / r.rooflineTps).toFixed(0)}%`,
    `${r.decode5Batched.toFixed(1)} s`,
    `${r.decode5Sequential.toFixed(1)} s`,
    `${(r.decode5Sequential / r.decode5Batched).toFixed(2)}x`,
    Number.isNaN(r.batchedS) ? '-' : `${r.batchedS.toFixed(1)} s`,
    Number.isNaN(r.sequentialS) ? '-' : `${r.sequentialS.toFixed(1)} s`,
    Number.isNaN(r.batchedS) ? '-' : `${(r.sequentialS / r.batchedS).toFixed(2)}x`,
    Number.isNaN(r.firstInput) ? '-' : String(r.firstInput),
    Number.isNaN(r.secondInput) ? '-' : `${r.secondInput} (${((100 * r.secondInput) / Math.max(1, r.firstInput)).toFixed(0)}%)`,
  ]),
];
const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => r[i]?.length ?? 0))) ?? [];
console.log(`\nLocal model (random weights, ${threads} CPU threads, memory bandwidth ${(bandwidth / 1e9).toFixed(1)} GB/s measured by a 256 MB copy, peak RSS ${peakRssMb.toFixed(0)} MB)`);
for (const [i, r] of table.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
