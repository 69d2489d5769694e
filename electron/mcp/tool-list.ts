import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Contract } from '../../shared/operation.js';
import { writeFileAtomic } from '../core/common/files.js';
import { toolFor, type ToolOptions } from './tools.js';

/**
 * The tools' JSON Schemas are converted from zod once per build, not per process: converting all of
 * them takes 35–70 ms, which the first tools/list after initialize would wait for. `npm run build:node`
 * (and the tests' global setup) writes them beside this module, with a fingerprint of the compiled
 * code they come from (the contracts in shared/, the conversion, zod's version); a process uses the
 * file only when the fingerprint matches what it runs, and converts at its first tools/list otherwise
 * (after a bare `tsc`, or from the sources under vitest).
 */
export interface ToolListFile {
  fingerprint: string;
  /** Every assistant tool, output schema included, by name. */
  tools: Record<string, Tool>;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** The compiled tree's root (out/node when built). */
const ROOT = join(HERE, '..', '..');
export const TOOL_LIST_FILE = join(HERE, 'tool-list.json');

/** The code the schemas are made from, as it is on disk now in the compiled tree at `root`. */
export function fingerprint(root = ROOT): string {
  const hash = createHash('sha256');
  const ours = [
    ...readdirSync(join(root, 'shared'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.js'))
      .sort()
      .map((name) => join('shared', name)),
    join('electron', 'mcp', 'tool-schemas.js'),
    join('electron', 'mcp', 'tools.js'),
  ];
  for (const name of ours) hash.update(`${name}\n`).update(readFileSync(join(root, name)));
  hash.update(readFileSync(fileURLToPath(import.meta.resolve('zod/package.json'))));
  return hash.digest('hex');
}

/** The built tool list, if there is one and it was built from the code this process runs. */
export function readToolList(path = TOOL_LIST_FILE, root = ROOT): ToolListFile['tools'] | undefined {
  const file = readFile(path);
  return file && isCurrent(file, root) ? file.tools : undefined;
}

function readFile(path: string): ToolListFile | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ToolListFile;
  } catch {
    // No built list (the sources under vitest, or a build without the step): convert instead.
    return undefined;
  }
}

function isCurrent(file: ToolListFile, root: string): boolean {
  try {
    return file.fingerprint === fingerprint(root);
  } catch {
    // The files it was made from are not where a build puts them: convert instead.
    return false;
  }
}

/** Writes tool-list.json for every tool an assistant can be given (`contracts`): the build's last step. */
export function writeToolList(contracts: readonly Contract[]): { file: string; tools: number; bytes: number } {
  const tools = Object.fromEntries(
    contracts
      .filter((contract) => contract.faces.includes('mcp'))
      .map((contract) => [contract.name, toolFor(contract, { outputSchemas: true })]),
  );
  const text = JSON.stringify({ fingerprint: fingerprint(), tools } satisfies ToolListFile);
  writeFileAtomic(TOOL_LIST_FILE, text, { mode: 'replace', fileMode: 0o644 });
  return { file: TOOL_LIST_FILE, tools: Object.keys(tools).length, bytes: text.length };
}

/**
 * The tools of `contracts` as tools/list gives them: from the built list when it is this build's,
 * converted otherwise. The file is read at each tools/list (about a millisecond; hosts ask once per
 * session) rather than kept: parsed, it would hold ~1 MB for the life of an idle server. Whether it
 * is this build's is worked out once, since that reads every contract's compiled code.
 */
export class ToolList {
  private current: boolean | undefined;

  constructor(
    private readonly path = TOOL_LIST_FILE,
    private readonly root = ROOT,
  ) {}

  tools(contracts: readonly Contract[], options: ToolOptions = {}): Tool[] {
    const file = readFile(this.path);
    if (file) this.current ??= isCurrent(file, this.root);
    const built = file && this.current ? file.tools : {};
    return contracts.map((contract) => {
      const tool = Object.hasOwn(built, contract.name) ? built[contract.name] : undefined;
      if (!tool) return toolFor(contract, options);
      if (options.outputSchemas) return tool;
      const { outputSchema: _output, ...withoutOutput } = tool;
      return withoutOutput;
    });
  }
}

/** One per process: whether the built file is current is asked once. */
export const toolList = new ToolList();
