// A bare JSON-RPC client for stdio MCP servers: no SDK on the measuring side, so the figures are the
// server's cost plus a pipe, not a client library's validation. Newline-delimited JSON both ways.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const PROTOCOL_VERSION = '2025-06-18';
const STDERR_TAIL = 4096;
const CLOCK_TICKS = 100; // USER_HZ: 100 on every mainstream Linux build

export class BareClient {
  /** Spawns `command args` and starts reading its stdout. `spawnedAt` is taken just before spawn(). */
  constructor(command, args, options = {}) {
    this.pending = new Map();
    this.nextId = 1;
    this.stderrTail = '';
    this.buffer = '';
    this.onResponse = null; // optional hook for pipelined runs: (message) => void
    this.exited = false;
    this.spawnedAt = performance.now();
    this.child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk) => this.read(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    // A server that dies mid-run would otherwise leave the benchmark waiting forever.
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        const error = new Error(
          `${command} ${args.join(' ')} exited (code ${code}, signal ${signal})\n${this.stderrTail}`,
        );
        for (const { reject } of this.pending.values()) reject(error);
        this.pending.clear();
        resolve({ code, signal });
      });
    });
    this.child.stdin.on('error', () => {}); // EPIPE after the child died is reported through 'exit'
  }

  read(chunk) {
    this.buffer += chunk;
    let start = 0;
    let newline;
    while ((newline = this.buffer.indexOf('\n', start)) !== -1) {
      const line = this.buffer.slice(start, newline);
      start = newline + 1;
      if (line.trim() === '') continue;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        // stdout must carry protocol only (DESIGN.md); anything else is a bug worth seeing.
        throw new Error(`Non-JSON line on the server's stdout: ${line.slice(0, 200)}`);
      }
      this.dispatch(message);
    }
    this.buffer = this.buffer.slice(start);
  }

  dispatch(message) {
    if (message.id === undefined || message.method !== undefined) return; // notifications, server requests
    if (this.onResponse) {
      this.onResponse(message);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    waiter.resolve(message);
  }

  /** Sends a request and resolves with the whole response message (result or error). */
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`server already exited\n${this.stderrTail}`));
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method, params) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) })}\n`);
  }

  /** initialize + notifications/initialized; returns the initialize response. */
  async initialize(clientName = 'bench-bare-client') {
    const response = await this.request('initialize', {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: clientName, version: '0.0.0' },
    });
    if (response.error) throw new Error(`initialize failed: ${JSON.stringify(response.error)}`);
    this.notify('notifications/initialized');
    return response;
  }

  async callTool(name, args) {
    const response = await this.request('tools/call', { name, arguments: args });
    if (response.error) throw new Error(`tools/call ${name} failed: ${JSON.stringify(response.error)}`);
    if (response.result?.isError)
      throw new Error(`tools/call ${name} returned an error: ${JSON.stringify(response.result.content)}`);
    return response.result;
  }

  /**
   * Writes `count` tools/call requests in one go without waiting, then waits for every response.
   * Returns the elapsed time from the first write to the last response, and how many were errors.
   */
  pipelined(name, argsFor, count) {
    return new Promise((resolve, reject) => {
      let received = 0;
      let errors = 0;
      const firstId = this.nextId;
      this.nextId += count;
      const lines = [];
      for (let i = 0; i < count; i++) {
        lines.push(
          JSON.stringify({
            jsonrpc: '2.0',
            id: firstId + i,
            method: 'tools/call',
            params: { name, arguments: argsFor(i) },
          }),
        );
      }
      const payload = `${lines.join('\n')}\n`;
      const onExit = () => reject(new Error(`server exited during the pipelined run\n${this.stderrTail}`));
      this.child.once('exit', onExit);
      let started;
      this.onResponse = (message) => {
        if (message.error || message.result?.isError) errors++;
        if (++received === count) {
          const elapsed = performance.now() - started;
          this.onResponse = null;
          this.child.off('exit', onExit);
          resolve({ elapsed, errors });
        }
      };
      started = performance.now();
      this.child.stdin.write(payload);
    });
  }

  /**
   * CPU seconds (user + system) the server process has used so far, from /proc (Linux; null elsewhere).
   * Unlike wall-clock time, it barely moves when other work shares the machine.
   */
  cpuSeconds() {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return null;
    }
  }

  /** Closes stdin (how Claude Desktop stops a stdio server) and waits; kills it if it lingers. */
  async close(timeoutMs = 3000) {
    if (this.exited) return this.exitPromise;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const result = await this.exitPromise;
    clearTimeout(timer);
    return result;
  }
}
