import { ConfigError, loadConfig } from '../../src/bot/config.js';

/** The problems `loadConfig` lists for `env`; throws when it accepts `env` or fails with anything but a ConfigError. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
