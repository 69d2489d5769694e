// A worker thread of the scraper's extract pool (extract-pool.ts): reads pages off the main thread,
// so a crawl of large pages uses every core while the main thread keeps fetching.
import { extractPage, type ExtractedPage, type ExtractOptions } from './extract.js';

export default function extract(task: { html: string; options: ExtractOptions }): ExtractedPage {
  return extractPage(task.html, task.options);
}
