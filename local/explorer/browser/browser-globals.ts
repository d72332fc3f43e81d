/**
 * The few browser APIs the explorer's own code touches, typed here rather than through
 * TypeScript's DOM library: the browser sources are checked by the project's one TypeScript
 * program (`npm run typecheck`), which also checks the Node code, and adding the DOM library
 * to it changes types that Node code relies on. fetch, URL, TextEncoder and timers are typed by
 * @types/node identically enough for what is used here.
 *
 * For the same reason the components are written with React.createElement instead of JSX (the
 * program has no JSX setting).
 */

interface BrowserElement {
  textContent: string | null;
}

interface BrowserWindow {
  document: { getElementById(id: string): BrowserElement | null };
  location: { search: string };
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

export const browser = globalThis as unknown as BrowserWindow;

/** The value of the input or select an event came from. */
export function controlValue(event: { currentTarget: unknown }): string {
  return (event.currentTarget as { value: string }).value;
}
