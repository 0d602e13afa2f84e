import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/alertmanager.js';
import { consoleEnv, prepareDataDir } from '../../support/console-driver.js';
import { ConsolePtyDriver, KEYS, ptyUnavailable } from '../../support/console-pty-driver.js';

const WEBHOOK_TOKEN = 'console-terminal-test-token';
const SECRETS_KEY = randomBytes(32).toString('base64');
const SECRET_VALUE = 'hunter2-not-for-your-eyes';
const STEP = '{"fn": "convert_all_event_fields_to_snake_case"}';

/** An Alertmanager notification, so that a message arrives while someone is typing. */
function firing(summary: string) {
  return {
    version: '4',
    groupKey: '{}:{alertname="LoaderLag"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'pipeops',
    groupLabels: { alertname: 'LoaderLag' },
    commonLabels: { alertname: 'LoaderLag', severity: 'warning' },
    commonAnnotations: { summary },
    externalURL: '',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'LoaderLag', severity: 'warning' },
        annotations: {},
        startsAt: '2026-11-23T07:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: 'a1',
      },
    ],
  };
}

describe('local console on a terminal (a pseudo-terminal from util-linux script)', { timeout: 60_000 }, () => {
  let dataDir: Awaited<ReturnType<typeof prepareDataDir>>;
  let webhookPort: number;
  let driver: ConsolePtyDriver;
  const env = () => ({
    ...consoleEnv(dataDir.dir),
    ALERTMANAGER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    ALERTMANAGER_WEBHOOK_PORT: String(webhookPort),
    PIPEOPS_SECRETS_KEY: SECRETS_KEY,
  });

  beforeAll(async () => {
    const unavailable = ptyUnavailable();
    if (unavailable) throw new Error(`these tests need a pseudo-terminal: ${unavailable}`);
    dataDir = await prepareDataDir();
    webhookPort = await freePort();
    driver = new ConsolePtyDriver(env());
    await driver.until(/alice> $/, 60_000);
  }, 90_000);

  afterAll(async () => {
    driver.kill();
    await driver.exited;
    await dataDir.remove();
  });

  it('completes commands, subcommands and resource names with Tab', async () => {
    // Each Tab is its own keypress, after what precedes it is echoed: readline takes a Tab inside pasted text as text.
    const tab = async (typed: string, completed: RegExp) => {
      driver.keys(typed);
      await driver.until(new RegExp(`${typed.replace(/[/.]/g, '\\$&')}$`));
      driver.keys(KEYS.tab);
      return driver.until(completed);
    };
    await tab('/pipeline inp', /ut$/);
    // Several candidates: a second Tab lists them (as in bash).
    driver.keys(' ');
    await driver.until(/ $/);
    driver.keys(KEYS.tab);
    await new Promise((resolve) => setTimeout(resolve, 200));
    driver.keys(KEYS.tab);
    const listed = await driver.until(/resume[\s\S]*alice> \/pipeline input $/);
    expect(listed).toMatch(/list\s[\s\S]*pause\s[\s\S]*show/);
    await tab('pa', /use$/);
    await tab(' mix', /panel_engage_one$/);
    driver.keys(KEYS.enter);
    const card = await driver.until(/└─\n.*alice> $/);
    expect(card).toContain('#1 Pause input mixpanel_engage_one');
  });

  it('takes a line longer than 4 KiB whole', async () => {
    const steps = `[${Array.from({ length: 120 }, () => STEP).join(', ')}]`;
    expect(steps.length).toBeGreaterThan(4096 + 1024);
    driver.keys(`sandbox steps PUBLIC.ORDERS ${steps}${KEYS.enter}`);
    const out = await driver.until(/transform steps are now[\s\S]*alice> $/);
    const answer = out.slice(out.indexOf('transform steps are now'));
    expect(answer.split('convert_all_event_fields_to_snake_case').length - 1).toBe(120);
  });

  it('prints a message that arrives while someone types above the prompt, and redraws what they typed', async () => {
    driver.keys('/pipeline sta');
    await driver.until(/\/pipeline sta$/);
    const response = await fetch(`http://127.0.0.1:${webhookPort}/alerts/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify(firing('Loader lag is high')),
    });
    expect(response.ok).toBe(true);
    const shown = await driver.until(/Loader lag is high[\s\S]*└─\n.*alice> \/pipeline sta$/);
    expect(shown).toContain('┌─ message');
    driver.keys(`tus${KEYS.enter}`);
    expect(await driver.until(/Pipeline status[\s\S]*alice> $/)).toContain('Firing alerts (1)');
  });

  it('types a secret without echo and keeps it out of the history', async () => {
    driver.keys(`/pipeline secret set MY_SECRET${KEYS.enter}`);
    await driver.until(/it is not shown[^\n]*\nsecret> $/);
    driver.keys(`${SECRET_VALUE}${KEYS.enter}`);
    const card = await driver.until(/#\d+ Set secret MY_SECRET[\s\S]*alice> $/);
    expect(card).toContain('(value taken, not shown)');
    expect(card).not.toContain(SECRET_VALUE);
  });

  it('keeps the history under the data directory: the arrow keys recall lines of an earlier session', async () => {
    driver.keys(`quit${KEYS.enter}`);
    expect(await driver.exited).toBe(0);
    const saved = readFileSync(join(dataDir.dir, 'console_history'), 'utf8').split('\n');
    expect(saved).toContain('/pipeline input pause mixpanel_engage_one');
    expect(saved.at(-2)).toBe('quit');
    expect(saved.join('\n')).not.toContain(SECRET_VALUE);

    driver = new ConsolePtyDriver(env());
    await driver.until(/alice> $/, 60_000);
    driver.keys(KEYS.up);
    await driver.until(/alice> quit$/);
    driver.keys(KEYS.up);
    await driver.until(/alice> \/pipeline secret set MY_SECRET$/);
    driver.keys(KEYS.up);
    await driver.until(/alice> \/pipeline status$/);
    driver.keys(KEYS.enter);
    expect(await driver.until(/Pipeline status[\s\S]*alice> $/)).toContain('Pending change requests (2)');
  });
});
