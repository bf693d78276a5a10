import { useEffect, useState } from 'react';
import type { EngineMonitor, EngineState, ModelInfo } from '../../ports.js';
import { printableLine } from '../../core/printable.js';
import { seg, type FlexRow } from '../rich.js';

/** Where the model runs, in one line: "Qwen2.5 3B Instruct on CUDA (NVIDIA H100), 37/37 layers on the GPU". The name comes from the file. */
export function describeModel(info: ModelInfo): string {
  return printableLine(modelLine(info));
}

function modelLine(info: ModelInfo): string {
  const size = info.sizeBytes >= 1024 ** 3 ? `${(info.sizeBytes / 1024 ** 3).toFixed(1)} GB` : `${Math.max(1, Math.round(info.sizeBytes / 1024 ** 2))} MB`;
  if (info.backend === 'cpu') return `${info.name} (${size}) on the CPU, ${info.threads} ${info.threads === 1 ? 'thread' : 'threads'}`;
  const gpu = info.gpuNames.length === 0 ? '' : ` (${info.gpuNames.join(', ')})`;
  return `${info.name} (${size}) on ${info.backend.toUpperCase()}${gpu}, ${info.gpuLayers}/${info.totalLayers} layers on the GPU`;
}

export function useEngineState(engine: EngineMonitor): EngineState {
  const [state, setState] = useState(() => engine.current());
  useEffect(() => {
    setState(engine.current());
    return engine.subscribe(setState);
  }, [engine]);
  return state;
}

/** The home screen's rows about who grades and who interviews, and the model's state; the second gives way first on a short terminal. */
export function engineRows(s: EngineState): FlexRow[] {
  const ready = s.state === 'ready';
  const who: FlexRow = { line: [seg('Grader '), seg(ready ? 'rubric + model' : 'rubric', 'bold'), seg(' · interviewer '), seg(ready ? 'model' : 'scripted (the question’s follow-up ladder)', 'bold')], drop: 1 };
  const detail = (() => {
    switch (s.state) {
      case 'none':
        return [seg('No local model: grades come from the rubric grader, quoting your answer for every point. Add one with coach model use FILE.gguf or coach model pull.', 'dim')];
      case 'configured':
        return [seg(`Loading the model ${printableLine(s.path.split('/').at(-1) ?? s.path)}… (the rubric grader serves until it is ready)`, 'dim')];
      case 'loading':
        return [seg(`Loading the model… ${Math.round(s.progress * 100)}% (the rubric grader serves until it is ready)`, 'dim')];
      case 'ready':
        return [seg(describeModel(s.info), 'dim')];
      case 'failed':
        return [seg(`Model not used: ${s.reason}. The rubric grader and the scripted interviewer serve.`, 'warn')];
      default: {
        const never: never = s;
        return never;
      }
    }
  })();
  return [who, { line: detail, wrap: true, drop: 2 }];
}
