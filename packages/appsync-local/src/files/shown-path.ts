/** A path as the banner and messages show it: relative to the working folder, "." for the folder itself. */
import path from 'node:path';

export function shownPath(file: string, cwd = process.cwd()): string {
  return path.relative(cwd, file) || '.';
}
