import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { EngineMonitor, EngineState, ModelInfo } from '../../ports.js';
import { printableLine } from '../../core/printable.js';

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

/** The home screen's line about who grades and who interviews, and the model's state. */
export function EngineLine({ engine }: { readonly engine: EngineMonitor }): React.JSX.Element {
  const s = useEngineState(engine);
  const ready = s.state === 'ready';
  return (
    <Box flexDirection="column">
      <Text>
        Grader <Text bold>{ready ? 'rubric + model' : 'rubric'}</Text> · interviewer <Text bold>{ready ? 'model' : 'scripted (the question’s follow-up ladder)'}</Text>
      </Text>
      {s.state === 'none' ? <Text dimColor>No local model: grades come from the rubric grader, quoting your answer for every point. Add one with coach model use FILE.gguf or coach model pull.</Text> : null}
      {s.state === 'loading' ? <Text dimColor>Loading the model… {Math.round(s.progress * 100)}% (the rubric grader serves until it is ready)</Text> : null}
      {s.state === 'ready' ? <Text dimColor>{describeModel(s.info)}</Text> : null}
      {s.state === 'failed' ? <Text color="yellow">Model not used: {printableLine(s.reason)}. The rubric grader and the scripted interviewer serve.</Text> : null}
    </Box>
  );
}
