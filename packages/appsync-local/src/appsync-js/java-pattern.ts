/**
 * AppSync reads the patterns of util.matches, String.prototype.replace and replaceAll as Java
 * regular expressions (java.util.regex.Pattern). JavaScript's syntax covers the common core;
 * this translates the Java-only constructs people use in practice: leading inline flags
 * (`(?i)`), `\Q...\E` quoting and the `\A`, `\z`, `\Z` anchors. Anything else is passed through,
 * and syntax JavaScript rejects (possessive quantifiers, atomic groups) fails as a SyntaxError.
 */
export interface TranslatedPattern {
  source: string;
  flags: string;
}

const INLINE_FLAGS: Record<string, string> = { i: 'i', s: 's', m: 'm' };

export function translateJavaPattern(pattern: string): TranslatedPattern {
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (leading) {
    for (const f of leading[1]!) {
      const js = INLINE_FLAGS[f];
      if (!js) throw new SyntaxError(`Unsupported inline flag (?${f}) in pattern ${pattern}`);
      if (!flags.includes(js)) flags += js;
    }
    source = source.slice(leading[0].length);
  }
  source = source.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, quoted: string) => quoted.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  source = source.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  return { source, flags };
}

/**
 * Java's String.matches: the whole input must match, whatever the flags. The anchors are
 * lookarounds on "any character" rather than ^ and $, which (?m) would turn into line anchors.
 */
export function matchesWhole(pattern: string, value: string): boolean {
  return wholeMatchRegExp(pattern).test(value);
}

/**
 * The expression matchesWhole tests with, for callers that compile a pattern once and test it
 * often; `extraFlags` are added to the pattern's own (`u`). Throws a SyntaxError as matchesWhole does.
 */
export function wholeMatchRegExp(pattern: string, extraFlags = ''): RegExp {
  const { source, flags } = translateJavaPattern(pattern);
  return new RegExp(`(?<![\\s\\S])(?:${source})(?![\\s\\S])`, flags + extraFlags);
}
