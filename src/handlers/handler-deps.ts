import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Services } from '../services/services.js';

export type SlackClient = webApi.WebClient;

/** What every listener gets: the service layer and a logger. */
export interface HandlerDeps {
  services: Services;
  logger: Logger;
  /** The command name as registered in the manifest (`/pipeline`). */
  command: string;
  /** A Slack mode on the embedded sandbox (PIPEOPS_SANDBOX=1): what pipeops shows must say SANDBOX. */
  announceSandbox?: boolean;
}
