import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';
import { WEBHOOK_TOKEN } from './alerting-world.js';

const NAMES = ['prometheus-alertmanager', 'alertmanager'];

/** Debian's `prometheus-alertmanager` (or an `alertmanager` binary) on PATH that answers --version. */
export function findAlertmanager(): { binary: string } | { unavailable: string } {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const name of NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
      } catch {
        continue;
      }
      const version = spawnSync(candidate, ['--version'], { timeout: 10_000, encoding: 'utf8' });
      if (version.status === 0) return { binary: candidate };
      return { unavailable: `${candidate} --version failed: ${(version.stderr || String(version.error)).trim()}` };
    }
  }
  return { unavailable: `no ${NAMES.join(' or ')} on PATH (apt-get install prometheus-alertmanager)` };
}

export function isAlertmanagerRequired(): boolean {
  return process.env.PIPEOPS_REQUIRE_ALERTMANAGER === '1';
}

/**
 * Declares a suite that needs a real Alertmanager. Without the binary it is reported as skipped (with the reason),
 * unless PIPEOPS_REQUIRE_ALERTMANAGER=1 (CI), where it fails — as describeOnPostgres does for PostgreSQL.
 */
export function describeWithAlertmanager(name: string, fn: (binary: string) => void): void {
  const found = findAlertmanager();
  if ('binary' in found) {
    describe(name, () => fn(found.binary));
  } else if (isAlertmanagerRequired()) {
    describe(name, () => {
      it('needs Alertmanager (PIPEOPS_REQUIRE_ALERTMANAGER=1)', () => {
        throw new Error(`No Alertmanager for tests: ${found.unavailable}`);
      });
    });
  } else {
    describe.skipIf(true)(`${name} (no Alertmanager: ${found.unavailable})`, () => fn(''));
  }
}

// Alertmanager cannot report an ephemeral port: it is told one.
export { freePort } from './free-port.js';

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>` (also its --web.external-url). */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Alertmanager on loopback with a temporary storage directory and a config whose only receiver is a webhook
 * to `webhookUrl`, authenticated as `http_config.authorization.credentials` (→ `Authorization: Bearer <token>`),
 * grouped by alertname and pipeline, with short waits so that notifications come within a second or two.
 */
export async function startAlertmanager(options: {
  binary: string;
  port: number;
  webhookUrl: string;
  token: string;
}): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeops-alertmanager-'));
  const url = `http://127.0.0.1:${options.port}`;
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    `route:
  receiver: pipeops
  group_by: [alertname, pipeline]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: pipeops
    webhook_configs:
      - url: '${options.webhookUrl}'
        send_resolved: true
        max_alerts: 0
        http_config:
          authorization:
            credentials: '${options.token}'
`,
  );
  let output = '';
  const child: ChildProcess = spawn(
    options.binary,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      `--web.external-url=${url}`,
      '--cluster.listen-address=',
      '--log.level=info',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Alertmanager exited at start:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Alertmanager was not ready within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}

/**
 * Posts a notification to pipeops' webhook as Alertmanager does (JSON, its user agent, the bearer token of the
 * alerting world unless told otherwise; `null`: none). A string body is sent as it is (malformed JSON, or a body
 * serialized once to measure it).
 */
export function postNotification(
  url: string,
  body: unknown,
  authorization: string | null = `Bearer ${WEBHOOK_TOKEN}`,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Alertmanager/0.25.0',
      ...(authorization ? { authorization } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
