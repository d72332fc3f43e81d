/**
 * A value that React components and plain code share: the fetcher writes the auth mode's
 * credentials and the last operation's trace, the panels render them. Plugins are rendered by
 * GraphiQL outside our component tree, so a React context cannot carry these; a tiny external
 * store read with useSyncExternalStore can.
 */
import { useSyncExternalStore } from 'react';

export class ObservableValue<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(value: T): void {
    this.value = value;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The current value, re-rendering the component when it changes. */
export function useObservableValue<T>(observable: ObservableValue<T>): T {
  return useSyncExternalStore(
    (listener) => observable.subscribe(listener),
    () => observable.get(),
  );
}
