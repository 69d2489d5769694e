import { OpError } from '../../../shared/errors.js';
import type { SelectorSpec } from './extract.js';

/**
 * Checks selectors before a page is fetched, so a typo is an input error and nothing is fetched.
 * cheerio (what reads the pages) is loaded on the first check, not when Officina starts.
 */
export async function checkSelectors(
  selectors: Record<string, string | SelectorSpec>,
  field = 'selectors',
): Promise<void> {
  const { load } = await import('cheerio');
  const $ = load('<html></html>');
  for (const [name, spec] of Object.entries(selectors)) {
    const selector = typeof spec === 'string' ? spec : spec.selector;
    try {
      $(selector);
    } catch (error) {
      throw new OpError(
        'invalid_input',
        `The selector for "${name}" (${selector}) is not valid CSS: ${(error as Error).message}.`,
        [{ path: `${field}.${name}`, message: 'Not a valid CSS selector' }],
      );
    }
  }
}
