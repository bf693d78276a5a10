import { useCallback, useRef, useState } from 'react';

/**
 * State whose latest value can be read at once: keys can arrive several to one read (Down then
 * Enter), and each handler must see what the one before it did, not the last render's value.
 */
export function useLatestState<T>(initial: T): readonly [T, () => T, (update: (value: T) => T) => void] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const get = useCallback(() => ref.current, []);
  const set = useCallback((update: (value: T) => T) => {
    ref.current = update(ref.current);
    setValue(ref.current);
  }, []);
  return [value, get, set] as const;
}
