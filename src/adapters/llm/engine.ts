/**
 * node-llama-cpp behind the LanguageModel port. Imported lazily, so commands that need no model
 * never load it. One Llama per process; GPU layers and backend chosen by the library ("auto":
 * CUDA, Vulkan or Metal when present, CPU otherwise), never a backend that would need a source
 * build; threads = physical cores on CPU; an explicit context size; explicit dispose().
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { ControlledEvaluateInputItem, Llama, LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel, Token } from 'node-llama-cpp';
import type { CompletionRequest, LanguageModel, ModelInfo, NumberFill } from '../../ports.js';

/** Physical cores: llama.cpp decodes no faster on hyper-threads, and oversubscribing 2 cores made it ~100x slower. */
export function physicalCores(): number {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    let physical = '0';
    for (const line of info.split('\n')) {
      const [key, value] = line.split(':').map((s) => s.trim());
      if (key === 'physical id') physical = value ?? '0';
      if (key === 'core id') cores.add(`${physical}:${value ?? ''}`);
    }
    if (cores.size > 0) return cores.size;
  } catch {
    // Not Linux: fall through.
  }
  return Math.max(1, availableParallelism());
}

let llamaPromise: Promise<Llama> | undefined;

/** llama.cpp's own warnings, kept instead of printed: a line on stderr would tear the TUI. */
export const llamaLog: string[] = [];

/** The one Llama of this process. */
async function theLlama(): Promise<Llama> {
  llamaPromise ??= import('node-llama-cpp').then(({ getLlama, LlamaLogLevel }) =>
    getLlama({
      gpu: 'auto',
      build: 'never',
      progressLogs: false,
      logLevel: LlamaLogLevel.warn,
      logger: (_level, message) => {
        llamaLog.push(message.trim());
        if (llamaLog.length > 50) llamaLog.shift();
      },
    }),
  );
  return llamaPromise;
}

export interface OpenOptions {
  /** Tokens per sequence. */
  readonly contextSize?: number;
  /** Sequences kept alive side by side: five dimensions and the interviewer. */
  readonly slots?: number;
  readonly onProgress?: (share: number) => void;
  readonly signal?: AbortSignal;
  /** CPU threads; default the physical cores. Tests that share the machine with other work pass 1. */
  readonly threads?: number;
}

export interface TokenCounts {
  readonly evaluated: number;
  readonly decoded: number;
  readonly fixed: number;
}

/** The token sequences of a range of whole numbers, as a tree: each path from the root spells one number. */
interface DigitNode {
  /** A number ends here. */
  complete: boolean;
  readonly next: Map<Token, DigitNode>;
}

/** The beginning-of-text token LlamaCompletion puts before a prompt, so both paths share the sequence's prefix. */
function beginningToken(model: LlamaModel): Token | undefined {
  const type = model.vocabularyType as string;
  if (type === 'rwkv' || type === 'ugm') return undefined;
  if (type === 'wpm' || model.tokens.shouldPrependBosToken) return model.tokens.bos ?? undefined;
  return undefined;
}

class LlamaEngine implements LanguageModel {
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private readonly digitTrees = new Map<string, DigitNode>();
  private readonly queues: Promise<unknown>[];
  /** Tokens of fixed output text (and the digits before it) evaluated on the fill path: output, though metered as input. */
  private fixedEvaluated = 0;

  constructor(
    readonly info: ModelInfo,
    readonly slots: number,
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly sequences: readonly LlamaContextSequence[],
    private readonly completions: readonly LlamaCompletion[],
  ) {
    this.queues = completions.map(() => Promise.resolve());
  }

  /** Compiled once per schema or GBNF text, then reused. */
  private grammar(request: CompletionRequest): Promise<LlamaGrammar> | undefined {
    if (request.grammar === undefined && request.schema === undefined) return undefined;
    const key = request.grammar ?? JSON.stringify(request.schema);
    let g = this.grammars.get(key);
    if (g === undefined) {
      g = request.grammar !== undefined ? this.llama.createGrammar({ grammar: request.grammar }) : (this.llama.createGrammarForJsonSchema(request.schema as never) as Promise<LlamaGrammar>);
      this.grammars.set(key, g);
    }
    return g;
  }

  /** The numbers of a range as token paths, built once per range. */
  private digitTree([min, max]: readonly [number, number]): DigitNode {
    const key = `${min}-${max}`;
    let root = this.digitTrees.get(key);
    if (root !== undefined) return root;
    root = { complete: false, next: new Map() };
    for (let n = Math.max(0, min); n <= max; n++) {
      let node = root;
      for (const token of this.model.tokenize(String(n), false, 'trimLeadingSpace')) {
        let child = node.next.get(token);
        if (child === undefined) {
          child = { complete: false, next: new Map() };
          node.next.set(token, child);
        }
        node = child;
      }
      node.complete = true;
    }
    this.digitTrees.set(key, root);
    return root;
  }

  /**
   * Evaluates `pending` on the sequence and returns the model's raw scores, after its last token,
   * for `options` only: llama.cpp reads those few logits, with no grammar and no pass over the vocabulary.
   */
  private async scores(sequence: LlamaContextSequence, pending: readonly Token[], options: readonly Token[]): Promise<ReadonlyMap<Token, number>> {
    const items: ControlledEvaluateInputItem[] = pending.map((token, i) => (i === pending.length - 1 ? [token, { generateNext: { logits: { filter: { tokens: options } }, options: { temperature: 0 } } }] : token));
    const out = await sequence.controlledEvaluate(items);
    return out[pending.length - 1]?.next.logits ?? new Map();
  }

  /**
   * Jump-forward decoding: the fixed text is evaluated like a prompt, a batch of tokens at once,
   * and the model chooses only the digits, each the likeliest of the tokens that keep the gap a
   * number in its range (at temperature 0, what a grammar would let through). A verdict on ten
   * criteria is ten to twenty choices instead of some sixty grammar-checked samples.
   */
  private async fillIn(slot: number, request: CompletionRequest, fill: NumberFill): Promise<string> {
    const sequence = this.sequences[slot];
    if (sequence === undefined) throw new Error('no sequence for this slot');
    const bos = beginningToken(this.model);
    const prompt = [...(bos === undefined ? [] : [bos]), ...this.model.tokenize(request.prompt + (fill.text[0] ?? ''), false, bos === undefined ? undefined : 'trimLeadingSpace')];
    const follows = fill.text.slice(1).map((t) => this.model.tokenize(t, false, 'trimLeadingSpace'));
    const longest = follows.reduce((n, f) => n + f.length + 3, prompt.length);
    if (longest > this.info.contextSize) throw new Error(`the prompt takes ${prompt.length} tokens, too many for the model's context of ${this.info.contextSize}`);
    // Keep what the sequence holds of this prompt already (the instructions and rubric); evaluate the rest.
    const last = prompt.pop();
    await sequence.adaptStateToTokens(prompt, false);
    let pending: Token[] = [...prompt.slice(sequence.nextTokenIndex), ...(last === undefined ? [] : [last])];
    // How many tokens at the head of `pending` are the prompt's; the rest is output text.
    let ofPrompt = pending.length;
    let out = fill.text[0] ?? '';
    for (const [g, range] of fill.ranges.entries()) {
      request.signal?.throwIfAborted();
      const follow = follows[g] ?? [];
      const end = follow[0];
      if (end === undefined) throw new Error('a filled number must be followed by text');
      const digits: Token[] = [];
      let node = this.digitTree(range);
      while (node.next.size > 0) {
        const candidates = [...node.next.keys()];
        let pick = candidates[0] as Token;
        if (candidates.length > 1 || node.complete) {
          const options = node.complete ? [...candidates, end] : candidates;
          const scores = await this.scores(sequence, pending, options);
          // The last token evaluated is metered as output (its scores were read); the output text before it as input.
          this.fixedEvaluated += Math.max(0, pending.length - ofPrompt - 1);
          pending = [];
          ofPrompt = 0;
          pick = options.reduce((best, t) => ((scores.get(t) ?? -Infinity) > (scores.get(best) ?? -Infinity) ? t : best));
          if (pick === end) break;
        }
        digits.push(pick);
        pending.push(pick);
        node = node.next.get(pick) ?? { complete: true, next: new Map() };
      }
      out += this.model.detokenize(digits) + (fill.text[g + 1] ?? '');
      pending.push(...follow);
    }
    return out;
  }

  complete(request: CompletionRequest): Promise<string> {
    const slot = request.slot % this.completions.length;
    const completion = this.completions[slot];
    if (completion === undefined) return Promise.reject(new Error('no sequence for this slot'));
    // One generation at a time per sequence; different sequences decode together in one batch.
    const run = async (): Promise<string> => {
      request.signal?.throwIfAborted();
      if (request.fill !== undefined) return this.fillIn(slot, request, request.fill);
      const grammar = await this.grammar(request);
      return completion.generateCompletion(request.prompt, {
        maxTokens: request.maxTokens,
        ...(grammar === undefined ? {} : { grammar }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(request.onText === undefined ? {} : { onTextChunk: request.onText }),
        ...(request.stopAt === undefined ? {} : { customStopTriggers: [...request.stopAt] }),
        temperature: grammar === undefined ? 0.7 : 0,
      });
    };
    const result = (this.queues[slot] ?? Promise.resolve()).then(run, run);
    this.queues[slot] = result.catch(() => undefined);
    return result;
  }

  /**
   * Tokens so far on every sequence together: prompt tokens evaluated, tokens decoded (positions
   * whose next-token scores were read), and output text evaluated rather than decoded (the fill path's fixed text).
   */
  tokens(): TokenCounts {
    let evaluated = 0;
    let decoded = 0;
    for (const s of this.sequences) {
      evaluated += s.tokenMeter.usedInputTokens;
      decoded += s.tokenMeter.usedOutputTokens;
    }
    return { evaluated: evaluated - this.fixedEvaluated, decoded, fixed: this.fixedEvaluated };
  }

  async dispose(): Promise<void> {
    for (const c of this.completions) c.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}

/** Loads a GGUF model and keeps `slots` sequences alive on one context. Throws with a one-line reason. */
export async function openModel(path: string, options: OpenOptions = {}): Promise<LanguageModel & { tokens(): TokenCounts }> {
  const llama = await theLlama();
  const { LlamaCompletion } = await import('node-llama-cpp');
  const model = await llama.loadModel({
    modelPath: path,
    gpuLayers: 'auto',
    ...(options.onProgress === undefined ? {} : { onLoadProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { loadSignal: options.signal }),
  });
  const slots = Math.max(1, options.slots ?? 6);
  const contextSize = Math.min(options.contextSize ?? 4096, model.trainContextSize);
  const fromEnv = Number(process.env['COACH_MODEL_THREADS']);
  const threads = options.threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : llama.gpu === false ? physicalCores() : Math.min(physicalCores(), llama.cpuMathCores));
  let context: LlamaContext;
  try {
    context = await model.createContext({ contextSize, sequences: slots, threads, batchSize: Math.min(512, contextSize) });
  } catch (error) {
    await model.dispose();
    throw error;
  }
  const sequences = Array.from({ length: slots }, () => context.getSequence());
  const completions = sequences.map((contextSequence) => new LlamaCompletion({ contextSequence }));
  const gpuNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames().catch(() => []);
  const info: ModelInfo = {
    name: model.fileInfo.metadata.general.name ?? basename(path),
    path,
    backend: llama.gpu === false ? 'cpu' : llama.gpu,
    gpuNames,
    gpuLayers: model.gpuLayers,
    totalLayers: Number(model.fileInsights.totalLayers),
    threads,
    contextSize,
    sizeBytes: model.size,
  };
  return new LlamaEngine(info, slots, llama, model, context, sequences, completions);
}

/** Releases the process's Llama (after every model is disposed). */
export async function disposeLlama(): Promise<void> {
  const pending = llamaPromise;
  llamaPromise = undefined;
  if (pending !== undefined) await (await pending).dispose();
}
