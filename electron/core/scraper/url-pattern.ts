/**
 * A wildcard pattern for URLs: `*` matches any run of characters; a pattern without `*` matches any
 * URL that contains it; case is ignored. Not a regular expression, on purpose: an assistant-supplied
 * regex can take exponential time (ReDoS); this matcher is O(pattern × URL) whatever it is given.
 */
export class UrlPattern {
  private readonly pattern: string;

  constructor(pattern: string) {
    const lower = pattern.toLowerCase();
    this.pattern = lower.includes('*') ? lower : `*${lower}*`;
  }

  matches(url: string): boolean {
    return wildcardMatch(this.pattern, url.toLowerCase());
  }
}

/** Greedy wildcard matching that only ever backtracks to the last star: linear-times-pattern at worst. */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
