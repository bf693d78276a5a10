/**
 * The model's life in the app: loaded in the background while the rubric grader serves, then
 * swapped in. The grader and interviewer it exposes switch by themselves; until the model is
 * ready, or if it fails, they are the rubric grader and the scripted interviewer.
 */
import { rubricGrader } from '../../core/grading/grade.js';
import { scriptedInterviewer } from '../../core/practice/scripted-interviewer.js';
import type { DrillChecker, EngineMonitor, EngineState, Grader, Interviewer, LanguageModel } from '../../ports.js';
import { listOnlyChecker, ModelDrillChecker } from './model-drill.js';
import { loadFailure, ModelOpenError, openCheckedModel } from './configured-model.js';
import { ModelGrader } from './model-grader.js';
import { ModelInterviewer } from './model-interviewer.js';

export interface ModelServiceOptions {
  readonly gradeTimeoutMs?: number;
  readonly followUpTimeoutMs?: number;
  readonly contextSize?: number;
  /** For tests: stands in for node-llama-cpp. */
  readonly open?: (path: string, onProgress: (share: number) => void) => Promise<LanguageModel>;
}

export class ModelService implements EngineMonitor {
  private state: EngineState = { state: 'none' };
  private readonly listeners = new Set<(s: EngineState) => void>();
  private model: LanguageModel | undefined;
  private modelGrader: ModelGrader | undefined;
  private modelInterviewer: ModelInterviewer | undefined;

  readonly grader: Grader;
  readonly interviewer: Interviewer;
  readonly drillChecker: DrillChecker;
  private modelDrill: ModelDrillChecker | undefined;

  private started = false;
  private loading: Promise<void> | undefined;

  /** `path` is the configured model, loaded on the first warmUp(); none means the rubric grader only. */
  constructor(
    private readonly options: ModelServiceOptions = {},
    private readonly path?: string,
  ) {
    const service = this;
    // Never "no model" while one is configured: the home screen says so before it has loaded.
    if (path !== undefined) this.state = { state: 'configured', path };
    this.grader = {
      get kind(): Grader['kind'] {
        return service.modelGrader === undefined ? 'rubric' : 'rubric+model';
      },
      grade: (prepared, answer, signal) => (service.modelGrader ?? rubricGrader).grade(prepared, answer, signal),
      review: (prepared, answer, grade, signal) => service.modelGrader?.review(prepared, answer, grade, signal),
    };
    this.interviewer = {
      get kind(): Interviewer['kind'] {
        return service.modelInterviewer === undefined ? 'scripted' : 'model';
      },
      followUp: (request, onText, signal) => (service.modelInterviewer ?? scriptedInterviewer).followUp(request, onText, signal),
      clarify: (request, signal) => (service.modelInterviewer ?? scriptedInterviewer).clarify(request, signal),
    };
    this.drillChecker = {
      get kind(): DrillChecker['kind'] {
        return service.modelDrill === undefined ? 'list' : 'list+model';
      },
      checkMany: (entries, signal) => (service.modelDrill ?? listOnlyChecker).checkMany(entries, signal),
    };
  }

  current(): EngineState {
    return this.state;
  }

  subscribe(listener: (s: EngineState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: EngineState): void {
    this.state = state;
    for (const l of [...this.listeners]) l(state);
  }

  warmUp(): void {
    if (this.started || this.path === undefined || this.path === '') return;
    this.started = true;
    this.loading = this.start(this.path);
  }

  /** Stops using the model: a load in progress finishes first, then the model is released and never loaded again by this service. */
  async stop(): Promise<void> {
    this.started = true;
    await this.loading;
    await this.dispose();
    this.set({ state: 'none' });
  }

  /** Starts loading; resolves when it is ready or has failed (never rejects). */
  async start(path: string): Promise<void> {
    this.set({ state: 'loading', path, progress: 0 });
    try {
      const model = await openCheckedModel(path, {
        ...(this.options.contextSize === undefined ? {} : { contextSize: this.options.contextSize }),
        ...(this.options.open === undefined ? {} : { open: this.options.open }),
        onProgress: (progress) => this.set({ state: 'loading', path, progress }),
      });
      this.model = model;
      this.modelGrader = new ModelGrader(model, { timeoutMs: this.options.gradeTimeoutMs ?? 60_000 });
      this.modelInterviewer = new ModelInterviewer(model, { timeoutMs: this.options.followUpTimeoutMs ?? 20_000, slot: 5 });
      this.modelDrill = new ModelDrillChecker(model, { timeoutMs: this.options.gradeTimeoutMs ?? 60_000 });
      this.set({ state: 'ready', info: model.info });
    } catch (error) {
      this.set({ state: 'failed', path, reason: error instanceof ModelOpenError ? error.reason : loadFailure(error) });
    }
  }

  async dispose(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    this.modelGrader = undefined;
    this.modelInterviewer = undefined;
    this.modelDrill = undefined;
    if (model !== undefined) await model.dispose();
  }
}
