/** The sign-in page of `serve`: paste the token once; an HttpOnly cookie keeps the browser signed in. */
export function loginPage(problem?: string): string {
  const message = problem ? `<p role="alert" class="problem">${escapeHtml(problem)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Officina</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { display: grid; place-items: center; min-height: 100vh; margin: 0; }
  form { display: grid; gap: 12px; width: min(420px, 90vw); }
  input, button { font: inherit; padding: 8px 10px; }
  .problem { color: #c92a2a; }
</style></head>
<body><form method="post" action="/login">
  <h1>Officina</h1>
  <p>Open the one-time login link that <code>officina serve</code> printed, or paste the token
  (from the token file in the data directory, or <code>OFFICINA_TOKEN</code>).</p>
  ${message}
  <label for="token">Token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
  <button type="submit">Sign in</button>
</form></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
