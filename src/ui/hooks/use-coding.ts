import { useEffect, useState, useSyncExternalStore } from 'react';
import { CodingController, type CodingStart, type CodingState } from '../../core/practice/coding-controller.js';
import type { Services } from '../services.js';

/** The coding round's controller, made once per screen; the screen re-renders on each of its state changes. */
export function useCoding(services: Services, start: CodingStart): { readonly state: CodingState; readonly controller: CodingController } {
  const [controller] = useState(() => new CodingController({ ...services, runner: services.coding }, start));
  useEffect(() => {
    controller.start();
    return () => controller.dispose();
  }, [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return { state, controller };
}
