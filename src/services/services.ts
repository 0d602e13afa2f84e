import { AccessPolicy, type AccessRules, type MemberDirectory } from './access/access-policy.js';
import { AlertService, type AlertServiceOptions } from './alerts/alert-service.js';
import { type AuditEntry, type AuditQuery, listAudit } from './audit/audit-log.js';
import { ChangeService } from './changes/change-service.js';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import { InputCatalog } from './inputs/input-catalog.js';
import { MappingCatalog } from './mappings/mapping-catalog.js';
import type { PipelineProvider } from './pipeline/provider.js';
import type { ServiceLogger } from './service-logger.js';
import { PipelineStatusService } from './status/pipeline-status.js';
import { TransformTester } from './transform-tests/transform-tester.js';

/** Everything the Slack side may call. Built once per process. */
export interface Services {
  changes: ChangeService;
  inputs: InputCatalog;
  mappings: MappingCatalog;
  transforms: TransformTester;
  audit: { list(query: AuditQuery): Promise<AuditEntry[]> };
  policy: AccessPolicy;
  alerts: AlertService;
  status: PipelineStatusService;
}

export interface ServicesOptions {
  db: Database;
  pipeline: PipelineProvider;
  access: AccessRules;
  directory: MemberDirectory;
  clock: Clock;
  changeTtlMs: number;
  logger: ServiceLogger;
  /** Alertmanager silences and the reopen window of its groups (see AlertServiceOptions). */
  alerting?: Pick<AlertServiceOptions, 'alertmanagerFor' | 'reopenWindowMs' | 'ackSilenceMs'>;
}

export function createServices(options: ServicesOptions): Services {
  const policy = new AccessPolicy(options.access, options.directory);
  const changes = new ChangeService({
    db: options.db,
    pipeline: options.pipeline,
    policy,
    clock: options.clock,
    ttlMs: options.changeTtlMs,
    logger: options.logger,
  });
  const inputs = new InputCatalog(options.pipeline);
  const alerts = new AlertService({
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    ...options.alerting,
  });
  return {
    changes,
    inputs,
    mappings: new MappingCatalog(options.pipeline),
    transforms: new TransformTester(options.pipeline),
    audit: { list: (query) => listAudit(options.db, query) },
    policy,
    alerts,
    status: new PipelineStatusService({ pipeline: options.pipeline, inputs, alerts, changes }),
  };
}
