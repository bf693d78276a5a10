/**
 * The one way coach finds and opens its model, for the TUI and every command alike: COACH_MODEL,
 * then the saved setting; the file's header is checked before node-llama-cpp, imported only here
 * and only once a model is really opened, loads it.
 */
import type { LanguageModel, ModelInForce } from '../../ports.js';
import { checkGguf } from './gguf.js';

/** COACH_MODEL when set and not blank, else the setting; undefined means no model (rubric grader, scripted interviewer). */
export function configuredModelPath(env: NodeJS.ProcessEnv, setting: string | undefined): string | undefined {
  return modelInForce(env, setting)?.path;
}

/** The configured model and what chose it, so the settings screen can say when $COACH_MODEL wins over the setting. */
export function modelInForce(env: NodeJS.ProcessEnv, setting: string | undefined): ModelInForce | undefined {
  const given = (p: string | undefined): p is string => p !== undefined && p.trim() !== '';
  const fromEnv = env['COACH_MODEL'];
  if (given(fromEnv)) return { path: fromEnv, from: 'environment' };
  return given(setting) ? { path: setting, from: 'setting' } : undefined;
}

/** The model could not be opened: `reason` for a status line beside the path, `message` names the file. */
export class ModelOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelOpenError';
  }
}

export interface OpenModelOptions {
  readonly contextSize?: number;
  readonly slots?: number;
  readonly onProgress?: (share: number) => void;
  /** For tests: stands in for node-llama-cpp once the file has passed its check. */
  readonly open?: (path: string, onProgress: (share: number) => void) => Promise<LanguageModel>;
}

/** The context every caller opens with: five dimension sequences and the interviewer's. */
const DEFAULT_OPEN = { contextSize: 4096, slots: 6 } as const;

/** Checks the file, then loads it; any fault is a ModelOpenError with one line a user can act on. */
export async function openCheckedModel(path: string, options: OpenModelOptions = {}): Promise<LanguageModel> {
  const check = await checkGguf(path);
  if (!check.ok) throw new ModelOpenError(path, check.reason, check.reason);
  const onProgress = options.onProgress;
  try {
    if (options.open !== undefined) return await options.open(path, onProgress ?? (() => undefined));
    const { openModel } = await import('./engine.js');
    return await openModel(path, { contextSize: options.contextSize ?? DEFAULT_OPEN.contextSize, slots: options.slots ?? DEFAULT_OPEN.slots, ...(onProgress === undefined ? {} : { onProgress }) });
  } catch (error) {
    const reason = loadFailure(error);
    throw new ModelOpenError(path, reason, `${path}: ${reason}`);
  }
}

/** One line a user can act on. */
export function loadFailure(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  if (/memory|alloc|VRAM|RAM/i.test(message)) return `the model does not fit in memory (${message.slice(0, 120)})`;
  return `it failed to load (${message.slice(0, 160)})`;
}
