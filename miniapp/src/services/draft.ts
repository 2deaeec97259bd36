import { useCallback, useRef, useState } from 'react';
import { readJson, store, writeJson } from './storage';

/**
 * Form state that survives closing the mini-program, a failed call or a crash: every change is written to
 * storage at once; `clear` forgets it after a successful submit.
 */
export function useDraft<T extends object>(
  key: string,
  initial: T,
): [T, (patch: Partial<T> | ((prev: T) => Partial<T>)) => void, (keepOnScreen?: boolean) => void] {
  const storageKey = `draft:${key}`;
  const initialRef = useRef(initial);
  const [value, setValue] = useState<T>(() => ({ ...initial, ...(readJson<Partial<T>>(storageKey) ?? {}) }));
  const update = useCallback(
    (patch: Partial<T> | ((prev: T) => Partial<T>)) => {
      setValue((prev) => {
        const next = { ...prev, ...(typeof patch === 'function' ? patch(prev) : patch) };
        writeJson(storageKey, next);
        return next;
      });
    },
    [storageKey],
  );
  /** Forgets the draft; `keepOnScreen` leaves the form as it is (a page about to close after a successful save). */
  const clear = useCallback(
    (keepOnScreen = false) => {
      store.remove(storageKey);
      if (!keepOnScreen) setValue(initialRef.current);
    },
    [storageKey],
  );
  return [value, update, clear];
}
