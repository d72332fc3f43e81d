/**
 * The regular expressions of an API's auth configuration (a user pool's AppIdClientRegex, an OIDC
 * provider's ClientId, a Lambda authorizer's IdentityValidationExpression) are Java patterns that
 * AppSync matches against the whole value. Every check of them goes through here, so a token, the
 * explorer and the local sign-in agree on which clients a pattern accepts.
 */
import { wholeMatchRegExp } from '../appsync-js/java-pattern.js';

/**
 * Compiled patterns by source (null: one JavaScript cannot compile). They come from templates, so
 * there are few; the bound only keeps a long session of reloads from growing it without end.
 */
const compiled = new Map<string, RegExp | null>();
const PATTERNS_KEPT = 256;

/**
 * Whether the whole value matches a configured pattern, read as Java reads it (`(?i)`, `\Q...\E`,
 * `\A`/`\z`: appsync-js/java-pattern.ts). Unicode mode first, for Java's `\p{...}` classes, then
 * without it, which accepts the identity escapes (`\-`) unicode mode rejects. A pattern
 * JavaScript cannot compile at all matches nothing, as no value can be shown to match it.
 * Each pattern is compiled once.
 */
export function matchesConfiguredPattern(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = compile(pattern);
    if (compiled.size >= PATTERNS_KEPT) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex !== null && regex.test(value);
}

function compile(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return wholeMatchRegExp(pattern, flags);
    } catch {
      // Try the next mode; null once none compiles.
    }
  }
  return null;
}
