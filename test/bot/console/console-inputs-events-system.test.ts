import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useConsoleSession } from '../../support/console-driver.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Issue 9's commands in the local console (`npm start` without Slack tokens): the compiled bot over stdin/stdout. */
describe('local console: inputs, events and system commands', () => {
  // A sealing key, so that credentials can be proposed (through the dialog only).
  const { driver, dataDir } = useConsoleSession({ env: { PIPEOPS_SECRETS_KEY: randomBytes(32).toString('base64') } });

  it('system metrics prints the sparkline and the path of the PNG chart, saved in the data directory', async () => {
    const out = await driver().type('/pipeline system metrics ERROR_EVENTS 30');
    expect(out).toContain('(only visible to @alice)');
    expect(out).toMatch(/ERROR_EVENTS `[▁▂▃▄▅▆▇█ ]+`/);
    expect(out).toMatch(/min .+ · avg .+ · max .+ · last .+/);
    const saved = /file: Pipeline metrics · last 30 minutes \(UTC\)\n\s+\([\d,]+ bytes, saved to (\S+\.png)\)/.exec(
      out,
    );
    expect(saved, out).not.toBeNull();
    const path = saved?.[1] ?? '';
    expect(path.startsWith(dataDir())).toBe(true);
    expect(readFileSync(path).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // The PNG's bytes are never printed to the terminal.
    expect(out).not.toContain('IHDR');
  });

  it('pipeline structure and event list answer privately', async () => {
    const structure = await driver().type('/pipeline structure');
    expect(structure).toContain('Pipeline structure');
    expect(structure).toMatch(/production_database.* · ODBC · [\d.,]+ events\/min/);
    const events = await driver().type('/pipeline event list production_database');
    expect(events).toContain('Event types of production_database (2)');
  });

  it('input delete needs two approvers other than the requester; the second applies it', async () => {
    const card = await driver().type('/pipeline input delete storefront_webhook');
    expect(card).toContain('⚠ DESTRUCTIVE: DELETE input storefront_webhook');
    expect(card).toContain('0 of 2 approvals: this change is destructive.');
    await driver().type('as bob');
    expect(await driver().type('click approve')).toContain('1 of 2 approvals (@bob): this change is destructive.');
    expect(await driver().type('click approve')).toMatch(/already approved/i);
    await driver().type('as carol');
    expect(await driver().type('click approve')).toContain('Applied');
    expect(await driver().type('/pipeline input list')).not.toContain('storefront_webhook');
  });

  it('a credential on the command line is refused and asked in the dialog, read without echo, never printed', async () => {
    const refused = await driver().type('/pipeline input set production_database password typed-on-the-line');
    expect(refused).toContain('`password` is a credential: values typed in a command are not used');
    expect(refused).toContain('Set a credential');
    expect(refused).toContain('(secret: typed without echo, never shown)');
    const card = await driver().type('n3w-console-s3cret');
    expect(card).toContain('(value taken, not shown)');
    expect(card).toContain('Set credential password of input production_database');
    expect(card).toContain('+ password of production_database (new)');
    await driver().type('as dave');
    const applied = await driver().type('click approve');
    expect(applied).toContain('Applied');
    for (const out of [refused, card, applied, readFileSync(`${dataDir()}/pipeops.log`, 'utf8')]) {
      expect(out).not.toContain('n3w-console-s3cret');
      expect(out).not.toContain('typed-on-the-line');
    }
  });
});
