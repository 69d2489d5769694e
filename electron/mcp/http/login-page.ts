/**
 * The sign-in page of `serve`. Signing in is by a one-time login link only: `officina serve` prints
 * one at start, `officina open` (or `officina login`) makes another. The MCP token is the assistant's and signs nobody in,
 * so the page asks for nothing.
 */
export function loginPage(message: { problem?: string; notice?: string } = {}): string {
  const problem = message.problem ? `<p role="alert" class="problem">${escapeHtml(message.problem)}</p>` : '';
  const notice = message.notice ? `<p role="status">${escapeHtml(message.notice)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Officina</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { width: min(520px, 90vw); }
  pre { padding: 8px 10px; background: color-mix(in srgb, currentColor 8%, transparent); overflow-x: auto; }
  p code { white-space: nowrap; }
  .problem { color: #c92a2a; }
</style></head>
<body><main>
  <h1>Sign in to Officina</h1>
  ${problem}${notice}
  <p>Officina signs you in with a login link that works once, within ten minutes. <code>officina serve</code>
  prints one when it starts. For a new one, run this on the computer that runs Officina (with the same
  <code>--data-dir</code> as <code>serve</code>, if you gave it one): it opens the link in your browser, or
  prints it where there is no screen (<code>officina login</code> only prints it):</p>
  <pre><code>officina open</code></pre>
  <p>Once signed in, this browser stays signed in until you sign out or leave it unused for 30 days.</p>
</main></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
