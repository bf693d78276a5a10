import { createContext, createElement, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useStdin } from 'ink';
import { parseInput, type KeyPress } from '../keys.js';

interface InkStdin {
  readonly setRawMode: (enabled: boolean) => void;
  readonly internal_eventEmitter?: NodeJS.EventEmitter;
}

type Handler = { current: (key: KeyPress) => void };

/** Hands each key to the screen that is listening now; keys that arrive while none is are kept for the next. */
class Router {
  private readonly handlers: Handler[] = [];
  private waiting: KeyPress[] = [];

  listen(handler: Handler): () => void {
    this.handlers.push(handler);
    if (this.waiting.length > 0) {
      const keys = this.waiting;
      this.waiting = [];
      // After the commit that mounted the screen, so its handler acts on a rendered screen.
      queueMicrotask(() => this.deliver(keys));
    }
    return () => {
      const i = this.handlers.lastIndexOf(handler);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  /** In order, each to whoever listens when it is its turn: a key may switch screens for the keys after it. */
  deliver(keys: readonly KeyPress[]): void {
    for (const key of keys) {
      const top = this.handlers.at(-1);
      if (top === undefined) this.waiting.push(key);
      else top.current(key);
    }
  }
}

const RouterContext = createContext<Router | undefined>(undefined);

/**
 * The one owner of the terminal's input, for the app's whole life: raw mode is turned on once
 * and never off between screens. Turning it off on a screen switch left a gap while the next
 * frame was written in which the terminal was in cooked mode: a Ctrl+D typed then was eaten by
 * the line discipline and never reached the app.
 */
export function KeyRouter({ children }: { readonly children: ReactNode }): ReactNode {
  const stdin = useStdin() as unknown as InkStdin;
  const [router] = useState(() => new Router());
  useLayoutEffect(() => {
    stdin.setRawMode(true);
    return () => stdin.setRawMode(false);
  }, [stdin]);
  useLayoutEffect(() => {
    const events = stdin.internal_eventEmitter;
    if (events === undefined) return undefined;
    const onInput = (input: string): void => router.deliver(parseInput(input));
    events.on('input', onInput);
    return () => {
      events.removeListener('input', onInput);
    };
  }, [stdin, router]);
  return createElement(RouterContext.Provider, { value: router }, children);
}

/**
 * Like Ink's useInput, but with our key parser (Backspace vs Delete, Alt+Enter, pastes with
 * control keys) and through the KeyRouter, which holds raw mode. Only maps keys to a handler;
 * the handler dispatches actions, and must read state that the key before it may have changed
 * (several keys can arrive in one read) from a ref or a controller, not from the last render.
 */
export function useKeys(handler: (key: KeyPress) => void): void {
  const router = useContext(RouterContext);
  if (router === undefined) throw new Error('useKeys needs a KeyRouter above it (App provides one)');
  const latest = useRef(handler);
  latest.current = handler;
  // A layout effect runs in the same task as the commit that drew the screen, before any key is read.
  useLayoutEffect(() => router.listen(latest), [router]);
}
