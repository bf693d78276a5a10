import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionStore } from '../../ports.js';
import type { Session } from '../../schemas/session.js';

let unsaved: { store: SessionStore; session: Session } | undefined;

/** For exit signals (terminal closed, SIGTERM): writes the newest snapshot synchronously. */
export function flushUnsavedSession(): void {
  const pending = unsaved;
  unsaved = undefined;
  if (pending !== undefined) pending.store.saveSync(pending.session);
}

/**
 * Saves sessions one at a time, in order, so an older snapshot never lands after a newer one.
 * A failed save is shown, never thrown: the answers stay on screen and in memory.
 */
export function useSessionWriter(store: SessionStore): { save: (s: Session) => void; error: string | undefined } {
  const chain = useRef<Promise<void>>(Promise.resolve());
  const [error, setError] = useState<string | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const save = useCallback(
    (session: Session) => {
      const entry = { store, session };
      unsaved = entry;
      chain.current = chain.current.then(() =>
        store.save(session).then(
          () => {
            if (unsaved === entry) unsaved = undefined;
            if (mounted.current) setError(undefined);
          },
          (e: unknown) => {
            if (mounted.current) setError(`could not save the session: ${e instanceof Error ? e.message : String(e)}`);
          },
        ),
      );
    },
    [store],
  );
  return { save, error };
}
