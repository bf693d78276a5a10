import { useEffect, useState, useSyncExternalStore } from 'react';
import { DrillController, type DrillControllerState } from '../../core/practice/drill-controller.js';
import type { EditorAction } from '../../core/practice/editor.js';
import type { SubmitResult } from '../../core/practice/round-controller.js';
import type { DrillStart } from '../../core/practice/start.js';
import type { Services } from '../services.js';
export type { DrillStart } from '../../core/practice/start.js';

export interface DrillControls extends DrillControllerState {
  edit(action: EditorAction): void;
  submit(): SubmitResult;
  next(): void;
  leave(): void;
  /** Stops the clocks while the leave question is up (true), and starts them again (false). */
  hold(on: boolean): void;
}

/** The drill's controller, made once per screen; the screen re-renders on each of its state changes. */
export function useDrill(services: Services, start: DrillStart): DrillControls {
  const [controller] = useState(() => new DrillController(services, start));
  useEffect(() => {
    controller.start();
    return () => controller.dispose();
  }, [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return {
    ...state,
    edit: (action) => controller.edit(action),
    submit: () => controller.submit(),
    next: () => controller.next(),
    leave: () => controller.leave(),
    hold: (on) => controller.hold(on),
  };
}
