// The browser end-to-end flow of the Glasshouse UI, driven through Debian's Chromium with
// playwright-core (no downloaded browsers). Run by WebUiIT against a freshly started server:
//
//   GLASSHOUSE_URL          http://127.0.0.1:<port>
//   GLASSHOUSE_EMAIL        the init user's email
//   GLASSHOUSE_PASSWORD     the init user's password
//   GLASSHOUSE_SCREENSHOTS  folder for one PNG per page visited
//   CHROMIUM                the browser binary (default /usr/bin/chromium)
//
// Also: adds a viewer on the settings page, signs in as them and checks they may read but not
// write. Prints one JSON line {"ok":true,...} on success; on failure saves failure.png and exits 1.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = required('GLASSHOUSE_URL').replace(/\/$/, '');
const email = required('GLASSHOUSE_EMAIL');
const password = required('GLASSHOUSE_PASSWORD');
const screenshots = required('GLASSHOUSE_SCREENSHOTS');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const run = Date.now().toString(36);
const viewer = { email: `vic-${run}@example.com`, password: `viewer-password-${run}` };

const steps = [];
const shots = [];
let page;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`ui-flow: set ${name}`);
    process.exit(2);
  }
  return value;
}

function step(name) {
  steps.push(name);
  console.error(`ui-flow: ${name}`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function shot(name) {
  const file = join(screenshots, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);

// --- data through the public API, as an application would send it --------------------------

function ingestionBatch(traceIds) {
  const now = Date.now();
  const at = (ms) => new Date(now - 60_000 + ms).toISOString();
  const batch = [];
  traceIds.forEach((traceId, index) => {
    const name = index === 0 ? `checkout-assistant-${run}` : `support-bot-${run}-${index}`;
    batch.push({
      id: `${traceId}-t`,
      type: 'trace-create',
      timestamp: at(0),
      body: {
        id: traceId,
        name,
        timestamp: at(index * 1000),
        userId: index === 0 ? `user-ada-${run}` : `user-bob-${run}`,
        sessionId: `session-${run}`,
        tags: ['e2e', index === 0 ? 'checkout' : 'support'],
        environment: 'production',
        release: 'v1.2.3',
        input: { question: 'Where is my order?' },
        output: { answer: 'It ships tomorrow.' },
        // The search finds this in the first trace only (search reads input, output and metadata).
        metadata: { region: 'eu', ticket: `ticket-${run}-${index}` },
      },
    });
    batch.push({
      id: `${traceId}-s`,
      type: 'span-create',
      timestamp: at(0),
      body: { id: `${traceId}-retrieve`, traceId, name: 'retrieve-order', startTime: at(index * 1000 + 10), endTime: at(index * 1000 + 120) },
    });
    batch.push({
      id: `${traceId}-g`,
      type: 'generation-create',
      timestamp: at(0),
      body: {
        id: `${traceId}-llm`,
        traceId,
        parentObservationId: `${traceId}-retrieve`,
        name: 'chat-completion',
        startTime: at(index * 1000 + 20),
        completionStartTime: at(index * 1000 + 60),
        endTime: at(index * 1000 + 110),
        model: 'gpt-4o-mini',
        modelParameters: { temperature: 0.2, max_tokens: 256 },
        input: [
          { role: 'system', content: 'You are a helpful shop assistant.' },
          { role: 'user', content: 'Where is my order 1234?' },
        ],
        output: {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"orderId":"1234"}' } },
          ],
        },
        usageDetails: { input: 120 + index, output: 30 },
      },
    });
    batch.push({
      id: `${traceId}-e`,
      type: 'event-create',
      timestamp: at(0),
      body: { id: `${traceId}-event`, traceId, name: 'order-found', startTime: at(index * 1000 + 115), level: 'DEFAULT' },
    });
  });
  return { batch };
}

async function sendTraces(keys, traceIds) {
  const authorization = 'Basic ' + Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64');
  const response = await fetch(`${base}/api/public/ingestion`, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify(ingestionBatch(traceIds)),
  });
  const body = await response.json();
  check(response.status === 207 && body.errors.length === 0, `ingestion answered ${response.status} ${JSON.stringify(body)}`);
  // Ingestion is asynchronous: wait until the traces can be read back.
  for (const traceId of traceIds) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const read = await fetch(`${base}/api/public/traces/${traceId}`, { headers: { Authorization: authorization } });
      if (read.status === 200) break;
      check(Date.now() < deadline, `trace ${traceId} was not readable within 30 s (last status ${read.status})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// --- the flow ---------------------------------------------------------------------------

async function signIn() {
  step('unknown page sends a signed-out browser to sign-in');
  await page.goto(`${base}/`);
  await page.waitForURL(/\/sign-in/);
  await byTestId('sign-in-email').waitFor();
  await shot('sign-in');

  step('a wrong password is explained');
  await byTestId('sign-in-email').fill(email);
  await byTestId('sign-in-password').fill('not the password');
  await byTestId('sign-in-submit').click();
  await byTestId('error-state').waitFor();
  check((await byTestId('error-state').innerText()).includes('wrong'), 'sign-in error does not say the password is wrong');
  await shot('sign-in-error');

  step('sign in');
  await byTestId('sign-in-password').fill(password);
  await byTestId('sign-in-submit').click();
  await page.waitForURL(/\/project\/[^/]+\/traces/);
  await byTestId('project-switcher').waitFor();
  const projectId = new URL(page.url()).pathname.split('/')[2];
  return projectId;
}

async function createKeys(projectId) {
  step('settings: create an API key, secret shown once');
  await byTestId('nav-settings').click();
  await page.waitForURL(new RegExp(`/project/${projectId}/settings`));
  const created = page.waitForResponse((r) => r.url().endsWith('/api-keys') && r.request().method() === 'POST');
  await byTestId('api-key-create').click();
  const keys = await (await created).json();
  await byTestId('api-key-secret').waitFor();
  check((await byTestId('api-key-secret').innerText()).trim() === keys.secretKey, 'the shown secret is not the created one');
  await shot('settings-new-key');

  step('settings: revoke a second key');
  const second = page.waitForResponse((r) => r.url().endsWith('/api-keys') && r.request().method() === 'POST');
  await byTestId('api-key-create').click();
  const revokable = await (await second).json();
  page.once('dialog', (dialog) => void dialog.accept());
  const row = page.locator(`tr[data-api-key-id="${revokable.id}"]`);
  await row.locator('[data-testid="api-key-revoke"]').click();
  await row.filter({ hasText: 'revoked' }).waitFor();
  const probe = await fetch(`${base}/api/public/score-configs`, {
    headers: { Authorization: 'Basic ' + Buffer.from(`${revokable.publicKey}:${revokable.secretKey}`).toString('base64') },
  });
  check(probe.status === 401, `a revoked key still answers ${probe.status}`);
  await shot('settings');

  step('settings: add a new user as a viewer');
  await byTestId('member-email').fill(viewer.email);
  await byTestId('member-role').selectOption('VIEWER');
  await byTestId('member-name').fill('Vic Viewer');
  await byTestId('member-password').fill(viewer.password);
  await byTestId('member-add').click();
  await page.locator('tr[data-member-id]').filter({ hasText: viewer.email }).filter({ hasText: 'VIEWER' }).waitFor();
  await shot('settings-members');
  return keys;
}

async function asViewer(projectId) {
  step('a viewer signs in, reads, and cannot manage keys or change data');
  await byTestId('sign-in-email').fill(viewer.email);
  await byTestId('sign-in-password').fill(viewer.password);
  await byTestId('sign-in-submit').click();
  await page.waitForURL(new RegExp(`/project/${projectId}/traces`));
  await byTestId('nav-settings').click();
  await page.getByText('Only admins and owners of the project can see and manage its API keys').waitFor();
  check((await byTestId('api-key-create').count()) === 0, 'a viewer is offered to create API keys');
  check((await byTestId('member-add').count()) === 0, 'a viewer is offered to add members');
  // The browser's own session, as the pages use it: reading works, writing is refused.
  const status = await page.evaluate(async (project) => {
    const headers = { 'X-Glasshouse-Project': project, 'Content-Type': 'application/json' };
    const write = await fetch('/api/public/scores', {
      method: 'POST',
      headers,
      body: JSON.stringify({ traceId: 'any', name: 'x', value: 1 }),
    });
    const read = await fetch('/api/public/score-configs', { headers });
    return { write: write.status, read: read.status };
  }, projectId);
  check(status.write === 403 && status.read === 200, `viewer got ${JSON.stringify(status)} for write/read`);
  await shot('settings-as-viewer');
  await byTestId('sign-out').click();
  await page.waitForURL(/\/sign-in/);
}

async function dataPages(projectId, traceIds) {
  const [wanted] = traceIds;

  step('traces: find the trace by search');
  await byTestId('nav-traces').click();
  await byTestId('trace-row').first().waitFor({ timeout: 20_000 });
  await shot('traces');
  await byTestId('trace-search').fill(`ticket-${run}-0`);
  await page.waitForFunction(
    (id) => {
      const rows = [...document.querySelectorAll('[data-testid="trace-row"]')];
      return rows.length === 1 && rows[0].getAttribute('data-trace-id') === id;
    },
    wanted,
    { timeout: 20_000 },
  );
  await shot('traces-search');

  step('traces: open the trace with the keyboard');
  // The table is one focusable element: arrow keys move the selection, Enter opens the row.
  await byTestId('trace-row').first().evaluate((row) => row.closest('[tabindex]').focus());
  await page.keyboard.press('ArrowDown');
  check((await byTestId('trace-row').first().getAttribute('aria-selected')) === 'true', 'ArrowDown did not select the row');
  await page.keyboard.press('Enter');

  step('trace detail: tree, timeline, chat messages');
  await page.waitForURL(new RegExp(`/project/${projectId}/traces/${wanted}`));
  await byTestId('observation-node').first().waitFor();
  const nodes = await byTestId('observation-node').count();
  check(nodes >= 3, `expected at least 3 observation nodes, saw ${nodes}`);
  check((await byTestId('timeline-bar').count()) >= 3, 'the timeline has fewer bars than observations');
  await page.locator(`[data-testid="observation-node"][data-observation-id="${wanted}-llm"]`).click();
  await page.locator('[data-testid="chat-message"][data-role="system"]').first().waitFor();
  await page.locator('[data-testid="chat-message"][data-role="user"]').first().waitFor();
  await page.locator('[data-testid="chat-message"][data-role="assistant"]').first().waitFor();
  const assistant = await page.locator('[data-testid="chat-message"][data-role="assistant"]').first().innerText();
  check(assistant.includes('lookup_order'), 'the assistant message does not show its tool call');
  await shot('trace-detail');
  await byTestId('raw-json-toggle').first().click();
  await shot('trace-detail-raw');
  await byTestId('raw-json-toggle').first().click();

  step('trace detail: add a score by hand');
  await byTestId('add-score').click();
  await byTestId('score-name').fill('helpfulness');
  await byTestId('score-value').fill('0.9');
  await byTestId('score-submit').click();
  await byTestId('score-item').filter({ hasText: 'helpfulness' }).first().waitFor({ timeout: 20_000 });
  await shot('trace-detail-score');

  step('dashboard: charts with data');
  await byTestId('nav-dashboard').click();
  await byTestId('chart').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="chart"]')].some(
        (chart) => chart.querySelectorAll('svg path, svg rect, svg circle, svg line').length > 0,
      ),
    undefined,
    { timeout: 20_000 },
  );
  await shot('dashboard');

  for (const section of ['sessions', 'users', 'scores']) {
    step(`${section}: list`);
    await byTestId(`nav-${section}`).click();
    await page.waitForURL(new RegExp(`/project/${projectId}/${section}`));
    await page.waitForLoadState('networkidle');
    await shot(section);
  }
}

async function signOut(projectId) {
  step('an unknown project is explained');
  await page.goto(`${base}/project/no-such-project/traces`);
  await byTestId('error-state').waitFor();
  await shot('unknown-project');

  step('sign out, and signed-out pages go back to sign-in');
  await page.goto(`${base}/project/${projectId}/settings`);
  await byTestId('sign-out').click();
  await page.waitForURL(/\/sign-in/);
  await page.goto(`${base}/project/${projectId}/traces`);
  await page.waitForURL(/\/sign-in\?next=/);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'glasshouse-chromium-'));
mkdirSync(screenshots, { recursive: true });
let context;
try {
  // A persistent context is how playwright-core takes a --user-data-dir of our choosing.
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const projectId = await signIn();
  const keys = await createKeys(projectId);
  const traceIds = [0, 1, 2].map((i) => `e2e-${run}-${i}`);
  step('send traces through the public API with the new key');
  await sendTraces(keys, traceIds);
  await dataPages(projectId, traceIds);
  await signOut(projectId);
  await asViewer(projectId);
  check(pageErrors.length === 0, `the page threw: ${pageErrors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, steps, screenshots: shots }));
} catch (error) {
  console.error(`ui-flow: failed at step "${steps.at(-1)}": ${error.stack ?? error}`);
  if (page) {
    await page.screenshot({ path: join(screenshots, 'failure.png'), fullPage: true }).catch(() => {});
    console.error(`ui-flow: page was ${page.url()}`);
  }
  process.exitCode = 1;
} finally {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
