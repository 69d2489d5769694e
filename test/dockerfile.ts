import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: its keyword (upper case), its argument text, and its build stage. */
export interface Instruction {
  keyword: string;
  args: string;
  /** The index of the FROM this instruction follows (0 for the first stage). */
  stage: number;
}

/**
 * The instructions of a Dockerfile, for the tests that hold the Dockerfile to
 * what the repository has: comment lines dropped, continuation lines (ending in a backslash) joined.
 */
export function readDockerfile(path: string): Instruction[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole === '') continue;
    const [keyword = '', ...rest] = whole.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') stage += 1;
    instructions.push({ keyword: upper, args: rest.join(' '), stage: Math.max(stage, 0) });
  }
  return instructions;
}

/** The exec-form (JSON array) arguments of CMD or of HEALTHCHECK's CMD. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
    throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** ENV's KEY=value pairs (values without spaces or quotes, as this Dockerfile writes them). */
export function envPairs(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/).filter(Boolean)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new Error(`ENV ${args}: write KEY=value pairs`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return env;
}

/** The final stage's environment, as the running container sees it. */
export function finalStageEnv(instructions: Instruction[]): Record<string, string> {
  const last = Math.max(...instructions.map((i) => i.stage));
  return Object.assign(
    {},
    ...instructions.filter((i) => i.stage === last && i.keyword === 'ENV').map((i) => envPairs(i.args)),
  ) as Record<string, string>;
}
