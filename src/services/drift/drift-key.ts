import { hkdfSync, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';

/** Where the fingerprint key comes from (config): the first that is set wins; else one is kept in the database. */
export interface DriftKeySource {
  /** PIPEOPS_DRIFT_KEY: used as the HMAC key as it is. */
  driftKey?: string;
  /** PIPEOPS_SECRETS_KEY: a separate key is derived from it (HKDF-SHA256), never the sealing key itself. */
  secretsKey?: string;
}

const DERIVATION_INFO = 'pipeops drift fingerprints v1';

/**
 * The key of the credential fingerprints (HMAC-SHA256). Without a configured key a random one is made once and
 * kept in `drift_keys`, shared by every replica (the first insert wins). A key kept next to the fingerprints guards
 * less than a configured one: whoever reads the database can test guesses of a credential against its fingerprint.
 */
export async function resolveDriftKey(db: Queryable, source: DriftKeySource, now: Date): Promise<Buffer> {
  if (source.driftKey) return Buffer.from(source.driftKey, 'utf8');
  if (source.secretsKey) {
    return Buffer.from(
      hkdfSync('sha256', Buffer.from(source.secretsKey, 'utf8'), Buffer.alloc(0), DERIVATION_INFO, 32),
    );
  }
  await db.query(
    `INSERT INTO drift_keys (name, key_hex, created_at) VALUES ('fingerprint', $1, $2) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32).toString('hex'), now],
  );
  const { rows } = await db.query<{ key_hex: string }>("SELECT key_hex FROM drift_keys WHERE name = 'fingerprint'");
  const hex = rows[0]?.key_hex;
  if (!hex) throw new Error('the drift fingerprint key could not be stored');
  return Buffer.from(hex, 'hex');
}
