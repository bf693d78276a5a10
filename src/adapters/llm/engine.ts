/**
 * node-llama-cpp behind the LanguageModel port. Imported lazily, so commands that need no model
 * never load it. One Llama per process; GPU layers and backend chosen by the library ("auto":
 * CUDA, Vulkan or Metal when present, CPU otherwise), never a backend that would need a source
 * build; threads = physical cores on CPU; an explicit context size; explicit dispose().
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Llama, LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import type { CompletionRequest, LanguageModel, ModelInfo } from '../../ports.js';

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

class LlamaEngine implements LanguageModel {
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private readonly queues: Promise<unknown>[];

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

  complete(request: CompletionRequest): Promise<string> {
    const slot = request.slot % this.completions.length;
    const completion = this.completions[slot];
    if (completion === undefined) return Promise.reject(new Error('no sequence for this slot'));
    // One generation at a time per sequence; different sequences decode together in one batch.
    const run = async (): Promise<string> => {
      request.signal?.throwIfAborted();
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

  /** Tokens evaluated and decoded so far on every sequence together. */
  tokens(): { readonly evaluated: number; readonly decoded: number } {
    let evaluated = 0;
    let decoded = 0;
    for (const s of this.sequences) {
      evaluated += s.tokenMeter.usedInputTokens;
      decoded += s.tokenMeter.usedOutputTokens;
    }
    return { evaluated, decoded };
  }

  async dispose(): Promise<void> {
    for (const c of this.completions) c.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}

/** Loads a GGUF model and keeps `slots` sequences alive on one context. Throws with a one-line reason. */
export async function openModel(path: string, options: OpenOptions = {}): Promise<LanguageModel & { tokens(): { readonly evaluated: number; readonly decoded: number } }> {
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
