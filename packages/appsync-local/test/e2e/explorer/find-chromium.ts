/**
 * Where the explorer's browser tests find Chromium: a system browser, never one downloaded by
 * Playwright (the tests run offline and `.ci/run` installs Debian's `chromium`).
 * `CHROMIUM_PATH` wins; then Debian's and Ubuntu's usual paths.
 */
import { accessSync, constants } from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['CHROMIUM_PATH'], ...CHROMIUM_CANDIDATES].filter((p): p is string => Boolean(p));
  return candidates.find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
