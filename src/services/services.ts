import { AccessPolicy, type AccessRules, type MemberDirectory } from './access/access-policy.js';
import { type AuditEntry, type AuditQuery, listAudit } from './audit/audit-log.js';
import { ChangeService } from './changes/change-service.js';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import { InputCatalog } from './inputs/input-catalog.js';
import { MappingCatalog } from './mappings/mapping-catalog.js';
import type { PipelineProvider } from './pipeline/provider.js';
import type { ServiceLogger } from './service-logger.js';

/** Everything the Slack side may call. Built once per process. */
export interface Services {
  changes: ChangeService;
  inputs: InputCatalog;
  mappings: MappingCatalog;
  audit: { list(query: AuditQuery): Promise<AuditEntry[]> };
  policy: AccessPolicy;
}

export interface ServicesOptions {
  db: Database;
  pipeline: PipelineProvider;
  access: AccessRules;
  directory: MemberDirectory;
  clock: Clock;
  changeTtlMs: number;
  logger: ServiceLogger;
}

export function createServices(options: ServicesOptions): Services {
  const policy = new AccessPolicy(options.access, options.directory);
  return {
    changes: new ChangeService({
      db: options.db,
      pipeline: options.pipeline,
      policy,
      clock: options.clock,
      ttlMs: options.changeTtlMs,
      logger: options.logger,
    }),
    inputs: new InputCatalog(options.pipeline),
    mappings: new MappingCatalog(options.pipeline),
    audit: { list: (query) => listAudit(options.db, query) },
    policy,
  };
}
