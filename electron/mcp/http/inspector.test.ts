import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { inspectorCli, inspectorError } from '../../../test/inspector-cli.js';
import { startServe } from '../../../test/serve-process.js';

// The MCP Inspector's command-line client (2.x, OAuth-aware) against a real `officina serve`. Without
// the token it tries OAuth; what it prints must tell the person where the token is.
describe('the MCP Inspector CLI against officina serve', () => {
  it('with the token: lists the tools', async () => {
    const served = await startServe(tempDir('officina-inspector-'));
    const run = await inspectorCli([
      `${served.url}/mcp`,
      '--method',
      'tools/list',
      '--header',
      `Authorization: Bearer ${served.token}`,
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const names = (JSON.parse(run.stdout) as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);
    expect(names).toContain('list_customers');
  }, 60_000);

  it('without the token, non-interactive (--stored-auth-only): auth_required, saying where the token is', async () => {
    const served = await startServe(tempDir('officina-inspector-'));
    const run = await inspectorCli([`${served.url}/mcp`, '--method', 'tools/list', '--stored-auth-only']);
    expect(run.code).toBe(3);
    const error = inspectorError(run);
    expect(error?.code, run.stderr).toBe('auth_required');
    expect(error?.message).toContain('Settings → MCP connection');
    expect(error?.message).toContain('officina mcp');
  }, 60_000);

  it('without the token, trying OAuth: discovery finds nothing and the failure says to use the token instead', async () => {
    const served = await startServe(tempDir('officina-inspector-'));
    // What a person at a terminal gets (the CLI asks for a TTY before it starts OAuth; this says go ahead).
    const run = await inspectorCli([`${served.url}/mcp`, '--method', 'tools/list'], { MCP_AUTO_OPEN_ENABLED: 'true' });
    expect(run.code).not.toBe(0);
    const error = inspectorError(run);
    expect(error?.message, run.stderr).toMatch(/no OAuth authorization server/);
    expect(error?.message).toContain('Settings → MCP connection');
    // It never got as far as an authorization page (the UI's HTML was what it used to find).
    expect(run.stderr).not.toMatch(/<!doctype html>|Authorization complete/i);
  }, 60_000);
});
