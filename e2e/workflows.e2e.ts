import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServe, type Served } from './harness.js';

// The Workflows view as a person uses it, against a real `officina serve` and its real engine: a
// workflow from a template and one drawn from scratch, saved, run and watched to the end; a run that
// fails, is seen failing (on the navigation too) and is retried from the failed step.
let served: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  served = await startServe();
  browser = await launchBrowser();
  // Steps are copied through the system clipboard, as a person's browser lets the page once asked.
  context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    colorScheme: 'light',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(served.loginUrl);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail')
    await screenshot(page, `workflows-failed-${context.task.name.slice(0, 40)}`);
});

const nav = () => page.getByRole('navigation', { name: 'Main' });
const graph = () => page.getByRole('region', { name: 'Workflow graph' });
const node = (name: string) => graph().locator('.workflow-node').filter({ hasText: name });
const runNode = (name: string) =>
  page.getByRole('region', { name: 'Run graph' }).locator('.workflow-node').filter({ hasText: name });

async function apiJson<T>(name: string, input: unknown): Promise<T> {
  const body = (await (await served.call(name, input)).json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.data;
}

describe('the Workflows view', () => {
  it('makes a workflow from a template, runs it and shows each step’s result', async () => {
    await nav().getByRole('link', { name: 'Workflows' }).click();
    await page.getByText('No workflows yet').waitFor();
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workflow' });
    await dialog.getByRole('radio', { name: /Document approval/ }).check();
    await dialog.getByRole('button', { name: 'Make workflow' }).click();

    await page.getByRole('heading', { name: 'Document approval', level: 2 }).waitFor();
    await node('Write the draft').waitFor();
    await expect.poll(() => node('Approved?').textContent()).toContain('If / else');
    await page.getByText('Version 1, saved').waitFor();
    await screenshot(page, 'workflows-01-template-designer');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = page.getByRole('dialog', { name: 'Run “Document approval”' });
    await run.getByLabel('Path').fill('policies/returns.md');
    await run.getByLabel('Content').fill('# Returns\n\n30 days.');
    await run.getByLabel('Approve').fill('true');
    await run.getByRole('button', { name: 'Start run' }).click();

    const steps = page.getByRole('table', { name: 'Steps of this run' });
    await page.getByRole('heading', { name: /^Run \d+$/ }).waitFor();
    await expect
      .poll(() => steps.getByRole('row', { name: /Publish/ }).textContent(), { timeout: 30_000 })
      .toContain('Done');
    await page.getByRole('table', { name: 'Runs' }).getByText('Finished').waitFor();
    await expect.poll(() => steps.getByRole('row', { name: /Ask for changes/ }).count()).toBeLessThan(2);
    await steps.getByRole('button', { name: 'Publish' }).click();
    const details = page.getByRole('region', { name: 'Details of step Publish' });
    await details.getByText('What it gave').waitFor();
    await expect.poll(() => details.textContent()).toContain('published');
    await expect.poll(() => runNode('Publish').getAttribute('data-status')).toBe('completed');
    await screenshot(page, 'workflows-02-template-run');

    const documents = await apiJson<{ items: { document_id: string; status: string }[] }>('list_documents', {});
    expect(documents.items.find((d) => d.document_id === 'policies/returns.md')?.status).toBe('published');
  });

  it('draws a workflow from scratch: palette, forms with values from the run, problems on the step, undo, copy', async () => {
    await nav().getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workflow' });
    await dialog.getByLabel('Name').fill('Welcome customer');
    await dialog.getByRole('button', { name: 'Open the designer' }).click();
    await page.getByRole('heading', { name: 'New workflow', level: 2 }).waitFor();

    // A person-only operation is never offered; an operation is offered by its title.
    await page.getByLabel('Find a step to add').fill('token');
    await expect.poll(() => page.getByRole('button', { name: /^Add step: .*token/i }).count()).toBe(0);
    await page.getByLabel('Find a step to add').fill('Create customer');
    await page.getByRole('button', { name: 'Add step: Create customer' }).click();
    await node('Create customer').waitFor();
    // The engine's validation, on the node, in words.
    await expect
      .poll(() => node('Create customer').textContent(), { timeout: 20_000 })
      .toContain("Step 'Create customer' needs a name");
    const form = page.getByRole('region', { name: 'Step Create customer' });
    await form.getByRole('button', { name: 'Insert a value into Name' }).click();
    await page.getByRole('menuitem', { name: 'Name (new)' }).click();
    await expect
      .poll(() => form.getByRole('textbox', { name: 'Name', exact: true }).inputValue())
      .toBe('{{ context.name }}');
    await form.getByRole('button', { name: 'Insert a value into Email' }).click();
    await page.getByRole('menuitem', { name: 'Email (new)' }).click();
    await expect.poll(() => node('Create customer').getAttribute('data-problems'), { timeout: 20_000 }).toBeNull();
    await screenshot(page, 'workflows-03-scratch-form');

    // A second step reads the first one's result through the picker.
    await page.getByLabel('Find a step to add').fill('');
    await page.getByRole('button', { name: 'Add step: Reshape data' }).click();
    await node('Reshape data').waitFor();
    await page.getByRole('region', { name: 'Step Reshape data' }).getByLabel('Step name').fill('Greeting');
    const reshape = page.getByRole('region', { name: 'Step Greeting' });
    await reshape.getByRole('button', { name: 'Insert a value into the data' }).click();
    await page.getByRole('menu').getByText('Create customer').waitFor();
    await page.getByRole('menuitem', { name: 'Id', exact: true }).click();
    await expect
      .poll(() => reshape.getByLabel('The data to make').inputValue())
      .toBe('{{ steps.create_customer.output.id }}');

    // Undo and redo (Ctrl+Z, Ctrl+Shift+Z) with the graph focused; copy and paste a step.
    await graph().locator('.react-flow__pane').click();
    await page.keyboard.press('Control+z'); // the value picked
    await page.keyboard.press('Control+z'); // the name typed (one undo step for the whole name)
    await expect.poll(() => node('Greeting').count()).toBe(0);
    await expect.poll(() => node('Reshape data').count()).toBe(1);
    await page.keyboard.press('Control+z'); // the step added
    await expect.poll(() => node('Reshape data').count()).toBe(0);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => node('Greeting').count()).toBe(1);
    await node('Greeting').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => node('Greeting').count()).toBe(2);
    await page.getByRole('button', { name: 'Delete steps' }).click();
    await expect.poll(() => node('Greeting').count()).toBe(1);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Welcome customer', level: 2 }).waitFor();
    await page.getByText('Version 1, saved').waitFor();
    const saved = await apiJson<{ steps: { id: string; tool_name?: string; kind?: string; output?: unknown }[] }>(
      'get_workflow',
      { workflow_id: 'welcome-customer' },
    );
    expect(saved.steps.map((s) => s.tool_name ?? s.kind)).toEqual(['create_customer', 'transform']);
    expect(saved.steps[1]?.output).toBe('{{ steps.create_customer.output.id }}');
  });

  it('runs the new workflow, shows a failed run everywhere, and retries it from the failed step', async () => {
    const startRun = async (name: string, email: string) => {
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const run = page.getByRole('dialog', { name: 'Run “Welcome customer”' });
      await run.getByLabel('Name').fill(name);
      await run.getByLabel('Email').fill(email);
      await run.getByRole('button', { name: 'Start run' }).click();
      await run.waitFor({ state: 'hidden' });
    };
    await startRun('Ada Lovelace', 'ada@example.com');
    const steps = page.getByRole('table', { name: 'Steps of this run' });
    await expect
      .poll(() => steps.getByRole('row', { name: /Greeting/ }).textContent(), { timeout: 30_000 })
      .toContain('Done');

    // The same email again: the customer exists, so the first step fails.
    await startRun('Ada Lovelace', 'ada@example.com');
    const failure = page.getByRole('alert').filter({ hasText: 'Step “Create customer” failed' });
    await failure.waitFor({ timeout: 30_000 });
    await expect.poll(() => failure.textContent()).toContain('ada@example.com');
    await expect.poll(() => runNode('Create customer').getAttribute('data-status')).toBe('failed');
    const badge = nav().getByLabel('1 workflow whose last run failed');
    await badge.waitFor();
    await screenshot(page, 'workflows-04-failed-run');
    // The list shows each workflow's last run from the list itself: one call, none per workflow.
    const calls: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const name = /\/api\/ops\/([a-z_]+)/.exec(request.url())?.[1];
      if (name) calls.push(name);
    };
    page.on('request', onRequest);
    await nav().getByRole('link', { name: 'Workflows' }).click();
    await page
      .getByRole('table', { name: 'Workflows' })
      .getByRole('row', { name: /Welcome customer/ })
      .getByText('Failed')
      .waitFor();
    page.off('request', onRequest);
    expect(calls.filter((c) => c === 'list_executions')).toEqual([]);
    await screenshot(page, 'workflows-05-list');
    await page.goBack();

    // The person removes the duplicate, then retries from the step that failed.
    const customers = await apiJson<{ items: { id: number; email: string }[] }>('list_customers', {});
    const ada = customers.items.find((c) => c.email === 'ada@example.com');
    // Deleting moves a customer to the trash, where its email is still taken: the person empties it too.
    await apiJson('delete_customer', { customer_id: ada?.id });
    await apiJson('purge_from_trash', { entity: 'customer', id: ada?.id });
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('menuitem', { name: /From the failed step/ }).click();
    await expect
      .poll(() => steps.getByRole('row', { name: /Greeting/ }).textContent(), { timeout: 30_000 })
      .toContain('Done');
    await badge.waitFor({ state: 'detached' });

    await page.getByRole('combobox', { name: 'Show runs' }).click();
    await page.getByRole('option', { name: 'Finished' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).getByText('Finished').count()).toBe(2);

    await page.getByRole('tab', { name: 'Figures' }).click();
    await page.getByRole('group', { name: 'Runs: 2' }).waitFor();
    await page.getByRole('group', { name: 'Went well: 100%' }).waitFor();
    await screenshot(page, 'workflows-06-figures');
  });

  it('copies steps to another tab through the system clipboard, and refuses to paste anything else', async () => {
    await page.goto(`${served.url}/#/workflows/welcome-customer`);
    await node('Greeting').click();
    await page.getByRole('button', { name: 'Copy steps' }).click();
    await page.getByText('Copied “Greeting”').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toMatchObject({ kind: 'officina/workflow-steps', steps: [{ name: 'Greeting' }] });

    const other = await context.newPage();
    try {
      await other.goto(`${served.url}/#/workflows/new?name=Pasted`);
      const otherGraph = other.getByRole('region', { name: 'Workflow graph' });
      await other.getByRole('button', { name: 'Paste steps' }).click();
      await otherGraph.locator('.workflow-node').filter({ hasText: 'Greeting' }).waitFor();
      await screenshot(other, 'workflows-09-pasted-in-another-tab');

      // Text that is not steps copied from a workflow is refused, with why; nothing is added.
      await other.evaluate(() => navigator.clipboard.writeText('{"steps": "not really"}'));
      await other.getByRole('button', { name: 'Paste steps' }).click();
      await other.getByText('The clipboard does not hold steps copied from a workflow').waitFor();
      await other.evaluate(() =>
        navigator.clipboard.writeText(
          JSON.stringify({ kind: 'officina/workflow-steps', version: 1, steps: [{ id: 'x', kind: 'teleport' }] }),
        ),
      );
      await other.getByRole('button', { name: 'Paste steps' }).click();
      await other.getByText('Copied step 1 cannot be pasted: its “kind” is not valid.').waitFor();
      await expect.poll(() => otherGraph.locator('.workflow-node').count()).toBe(1);
      await screenshot(other, 'workflows-10-paste-refused');
    } finally {
      await other.close();
    }
  });

  it('stops a workflow that would start itself again, shows the start it skipped, and filters events', async () => {
    await apiJson('create_workflow', {
      workflow_id: 'echo',
      name: 'Echo',
      trigger: { type: 'event', event: 'record.changed', entity: 'customer', action: 'created' },
      steps: [
        {
          id: 'again',
          name: 'Another customer',
          tool_name: 'create_customer',
          parameters: { name: 'Echo {{ run.id }}', email: 'echo-{{ run.id }}@example.com' },
        },
      ],
    });
    await apiJson('create_customer', { name: 'Lin Chen', email: 'lin@example.com' });
    await page.goto(`${served.url}/#/workflows/echo/runs`);
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByText('Not started', { exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(() => runs.getByText('Finished').count(), { timeout: 30_000 }).toBe(1);
    await runs
      .getByRole('row', { name: /Not started/ })
      .getByRole('button')
      .click();
    const why = page.getByRole('status').filter({ hasText: 'so that it would not start itself over and over' });
    await why.waitFor();
    await expect
      .poll(() => why.textContent())
      .toMatch(/Not started, to avoid a loop: this customer \(\d+\) was created by run \d+ of this same workflow/);
    await screenshot(page, 'workflows-11-skipped-loop');
    const customers = await apiJson<{ items: unknown[] }>('list_customers', {});
    expect(customers.items.filter((c) => JSON.stringify(c).includes('echo-'))).toHaveLength(1);

    // The trigger's own filter: a condition over the event, checked as it is typed.
    await page.getByRole('tab', { name: 'Design' }).click();
    await graph().locator('.react-flow__pane').click();
    const onlyIf = page.getByRole('textbox', { name: 'Only if' });
    await onlyIf.fill('event.id >');
    await page
      .getByText(/The expression does not parse/)
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, 'workflows-12-trigger-filter-problem');
    await onlyIf.fill('event.id > 100');
    await expect.poll(() => page.getByText(/The expression does not parse/).count(), { timeout: 20_000 }).toBe(0);
    await onlyIf.fill('');
  });

  it('fits a narrow window: designer and run view at 800 px', async () => {
    await page.goto(`${served.url}/#/workflows/welcome-customer`);
    await page.setViewportSize({ width: 800, height: 900 });
    await page.getByRole('tab', { name: 'Design' }).click();
    await node('Create customer').waitFor();
    await page.getByRole('button', { name: 'Add a step' }).waitFor();
    await screenshot(page, 'workflows-07-designer-800');
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('table', { name: 'Runs' }).getByRole('button').first().click();
    await page.getByRole('table', { name: 'Steps of this run' }).waitFor();
    await screenshot(page, 'workflows-08-run-800');
  });
});
