/**
 * `coach model status|use|pull`, and the model grader that `grade --model`, `regrade` and
 * `selftest --model` use. The settings (zod), the model grader and node-llama-cpp are imported
 * inside the commands, so every other command starts without them.
 */
import type { ModelGrader as ModelGraderType } from '../adapters/llm/model-grader.js';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { configuredModelPath, ModelOpenError, openCheckedModel } from '../adapters/llm/configured-model.js';
import type { Grader, LanguageModel, ModelInfo } from '../ports.js';
import { ioReason } from '../adapters/read-text.js';
import { printableLine, terminalJson } from '../core/printable.js';
import { Failure, UsageError } from './args.js';
import { cliSettings } from './context.js';

export interface Recommendation {
  readonly uri: string;
  readonly name: string;
  readonly sizeGb: number;
  readonly fits: string;
}

/** Small instruct models that follow a JSON grammar well, by the machine they suit. */
export const RECOMMENDED: readonly Recommendation[] = [
  { uri: 'hf:bartowski/Qwen2.5-3B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 3B Instruct Q4_K_M', sizeGb: 1.9, fits: 'CPU with 8 GB RAM, or any GPU (the default)' },
  { uri: 'hf:bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', name: 'Llama 3.2 3B Instruct Q4_K_M', sizeGb: 2.0, fits: 'CPU with 8 GB RAM, or any GPU' },
  { uri: 'hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 1.5B Instruct Q4_K_M', sizeGb: 1.0, fits: 'slow CPUs and 2-4 cores' },
  { uri: 'hf:bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 7B Instruct Q4_K_M', sizeGb: 4.7, fits: 'a GPU with 8 GB or more (CUDA, Metal, Vulkan)' },
  { uri: 'hf:bartowski/Qwen2.5-14B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 14B Instruct Q4_K_M', sizeGb: 9.0, fits: 'a GPU with 16 GB or more' },
];

export const DEFAULT_MODELS_DIR = join(homedir(), '.cache', 'coach', 'models');

/** The model's name and GPU names come from the file and the driver: printed printable(). */
export function formatInfo(info: ModelInfo): string {
  const gpu = info.backend === 'cpu' ? `CPU, ${info.threads} ${info.threads === 1 ? 'thread' : 'threads'}` : `${info.backend.toUpperCase()}${info.gpuNames.length > 0 ? ` (${info.gpuNames.join(', ')})` : ''}, ${info.gpuLayers}/${info.totalLayers} layers on the GPU`;
  return [`model    ${printableLine(info.name)}`, `file     ${printableLine(info.path)} (${(info.sizeBytes / 1024 ** 2).toFixed(0)} MB)`, `backend  ${printableLine(gpu)}`, `context  ${info.contextSize} tokens per sequence`].join('\n');
}

/** Checks the file and loads it; any fault is one line and exit 2. */
async function loadChecked(path: string, onProgress?: (share: number) => void): Promise<LanguageModel> {
  try {
    return await openCheckedModel(path, onProgress === undefined ? {} : { onProgress });
  } catch (error) {
    if (error instanceof ModelOpenError) throw new UsageError(error.message);
    throw error;
  }
}

/** The model path the TUI would load too: COACH_MODEL, then the saved setting. */
export async function configuredModel(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return configuredModelPath(env, (await cliSettings()).settings.modelPath);
}

async function modelStatus(json: boolean): Promise<string> {
  const path = await configuredModel();
  if (path === undefined) {
    const none = { configured: false, grader: 'rubric', interviewer: 'scripted', hint: 'coach model use FILE.gguf, or coach model pull' };
    return json ? JSON.stringify(none, null, 2) : 'No model configured: the rubric grader and the scripted interviewer are used.\nAdd one with coach model use FILE.gguf, or coach model pull (coach model pull --list shows the recommendations).';
  }
  let model: LanguageModel;
  try {
    model = await loadChecked(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (json) return terminalJson(JSON.stringify({ configured: true, path, loaded: false, reason, grader: 'rubric', interviewer: 'scripted' }, null, 2));
    return `Model configured but not usable: ${printableLine(reason)}\nThe rubric grader and the scripted interviewer are used until this is fixed.`;
  }
  try {
    return json ? terminalJson(JSON.stringify({ configured: true, loaded: true, grader: 'rubric+model', interviewer: 'model', ...model.info }, null, 2)) : `${formatInfo(model.info)}\ngrader   rubric + model · interviewer model`;
  } finally {
    await model.dispose();
  }
}

async function modelUse(path: string): Promise<string> {
  const absolute = resolve(path);
  const model = await loadChecked(absolute);
  try {
    const { ConfSettingsStore, SettingsFileError } = await import('../adapters/settings.js');
    try {
      await new ConfSettingsStore().write({ modelPath: absolute });
    } catch (error) {
      if (error instanceof SettingsFileError) throw new UsageError(`the model was not saved as the setting: ${error.message}`);
      throw new Failure(`the model was not saved as the setting: ${ioReason(error)}`);
    }
    return `${formatInfo(model.info)}\nSaved: coach now grades with this model (rubric + model) and interviews with it.`;
  } finally {
    await model.dispose();
  }
}

/** Clears the saved model; says so when $COACH_MODEL still names one, since it wins over the setting. */
async function modelNone(): Promise<string> {
  const { ConfSettingsStore, SettingsFileError } = await import('../adapters/settings.js');
  try {
    await new ConfSettingsStore().write({ modelPath: undefined });
  } catch (error) {
    if (error instanceof SettingsFileError) throw new UsageError(`the setting was not changed: ${error.message}`);
    throw new Failure(`the setting was not changed: ${ioReason(error)}`);
  }
  const env = process.env['COACH_MODEL'];
  if (env !== undefined && env.trim() !== '') return `The saved model is cleared, but $COACH_MODEL still names ${printableLine(env)}: unset it to stop using a model.`;
  return 'No model: coach grades with the rubric grader and interviews from its scripts.';
}

function recommendations(): string {
  const rows = RECOMMENDED.map((r) => `  ${r.name.padEnd(30)} ${`${r.sizeGb.toFixed(1)} GB`.padStart(7)}  ${r.fits}\n    ${r.uri}`);
  return ['Recommended models (Q4_K_M GGUF; the first is the default for coach model pull):', ...rows].join('\n');
}

/** Downloads through node-llama-cpp's own resolver (progress bar included) and makes it the model. */
async function modelPull(uri: string | undefined, directory: string = DEFAULT_MODELS_DIR): Promise<string> {
  const target = uri ?? RECOMMENDED[0]?.uri ?? '';
  const { resolveModelFile } = await import('node-llama-cpp');
  let path: string;
  try {
    path = await resolveModelFile(target, { directory, cli: process.stderr.isTTY === true });
  } catch (error) {
    throw new UsageError(`could not download ${target}: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  return modelUse(path);
}

/** The configured model's grader for one non-interactive command, or one line saying why there is none. */
export async function modelGrader(onProgress?: (share: number) => void): Promise<{ grader: ModelGraderType; dispose: () => Promise<void> }> {
  const path = await configuredModel();
  if (path === undefined) throw new UsageError('no model configured: run coach model use FILE.gguf or coach model pull first');
  const model = await loadChecked(path, onProgress);
  const { ModelGrader } = await import('../adapters/llm/model-grader.js');
  return { grader: new ModelGrader(model, { timeoutMs: 120_000 }), dispose: () => model.dispose() };
}

export function modelCommands(program: Command): void {
  const model = program.command('model').description('the local model: status, use a GGUF file, download a recommended one');
  model
    .command('status')
    .description('which model is configured, and where it runs (backend, GPUs, layers on the GPU)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      process.stdout.write(`${await modelStatus(opts.json === true)}\n`);
    });
  model
    .command('use')
    .description('check a GGUF file, load it once, and make it the model coach uses; --none stops using a model')
    .argument('[path]', 'a .gguf model file')
    .option('--none', 'stop using a model: the rubric grader and the scripted interviewer serve')
    .action(async (path: string | undefined, opts: { none?: boolean }) => {
      if (opts.none === true && path !== undefined) throw new UsageError('give a model file or --none, not both');
      if (opts.none === true) {
        process.stdout.write(`${await modelNone()}\n`);
        return;
      }
      if (path === undefined) throw new UsageError('which model? give a .gguf file, or --none to stop using one');
      process.stdout.write(`${await modelUse(path)}\n`);
    });
  model
    .command('pull')
    .description("download a model with node-llama-cpp's resolver and use it (default: a small instruct model)")
    .argument('[uri]', 'hf:user/repo:quant, hf:user/repo/file.gguf or an https URL')
    .option('--list', 'show the recommended models by backend and size')
    .option('--dir <dir>', 'where models are kept (default ~/.cache/coach/models)')
    .action(async (uri: string | undefined, opts: { list?: boolean; dir?: string }) => {
      if (opts.list === true) {
        process.stdout.write(`${recommendations()}\n`);
        return;
      }
      process.stdout.write(`${await modelPull(uri, opts.dir)}\n`);
    });
}
