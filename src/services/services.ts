import { AccessPolicy, type AccessRules, type MemberDirectory } from './access/access-policy.js';
import { AlertService, type AlertServiceOptions } from './alerts/alert-service.js';
import { AuditService } from './audit/audit-service.js';
import { ChangeService, type ChangeServiceOptions } from './changes/change-service.js';
import { RevertService } from './changes/revert-service.js';
import type { Clock } from './clock.js';
import { ConsolidationCatalog } from './consolidations/consolidation-catalog.js';
import type { Database } from './db/database.js';
import { useDatabaseForDdlChecks } from './ddl/ddl-check-database.js';
import { DdlService } from './ddl/ddl-service.js';
import type { DriftKeySource } from './drift/drift-key.js';
import { DriftService } from './drift/drift-service.js';
import { HomeViewers } from './home/home-viewers.js';
import { InputCatalog } from './inputs/input-catalog.js';
import { MappingCatalog } from './mappings/mapping-catalog.js';
import type { PipelineProvider } from './pipeline/provider.js';
import { createPipelineCatalogs, type PipelineCatalogs } from './pipeline-catalogs.js';
import { SampleCatalog } from './samples/sample-catalog.js';
import { SecretCatalog } from './secrets/secret-catalog.js';
import type { ServiceLogger } from './service-logger.js';
import { PipelineStatusService } from './status/pipeline-status.js';
import { TransformTester } from './transform-tests/transform-tester.js';

/** Everything the Slack side may call. Built once per process. */
export interface Services extends PipelineCatalogs {
  changes: ChangeService;
  /** Reverts of applied requests, proposed as new requests (changes/revert-service.ts). */
  reverts: RevertService;
  /** Changes made outside pipeops (drift/drift-service.ts). */
  drift: DriftService;
  inputs: InputCatalog;
  mappings: MappingCatalog;
  transforms: TransformTester;
  samples: SampleCatalog;
  secrets: SecretCatalog;
  consolidations: ConsolidationCatalog;
  ddl: DdlService;
  audit: AuditService;
  policy: AccessPolicy;
  alerts: AlertService;
  status: PipelineStatusService;
  /** Who opened their App Home tab lately, shared by every replica (home/home-viewers.ts). */
  homeViewers: HomeViewers;
}

export interface ServicesOptions {
  db: Database;
  pipeline: PipelineProvider;
  access: AccessRules;
  directory: MemberDirectory;
  clock: Clock;
  changeTtlMs: number;
  logger: ServiceLogger;
  /** The change workflow's tuning: process identity, leases, reconciliation, approvals per kind, sealing. */
  workflow?: Pick<
    ChangeServiceOptions,
    'instanceId' | 'applyLeaseMs' | 'lockWaitMs' | 'reconcile' | 'approvalsByKind' | 'sealedBox'
  >;
  /** Where drift detection's fingerprint key comes from (PIPEOPS_DRIFT_KEY, PIPEOPS_SECRETS_KEY, else the database). */
  drift?: DriftKeySource;
  /** Alertmanager silences and the reopen window of its groups (see AlertServiceOptions). */
  alerting?: Pick<AlertServiceOptions, 'alertmanagerFor' | 'reopenWindowMs' | 'ackSilenceMs'>;
  /** PIPEOPS_AUDIT_RETENTION_DAYS; absent = audit and alert history kept forever. */
  auditRetentionDays?: number | undefined;
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
    // Under the data-directory lock no other process uses an embedded database: every in-flight apply is ours.
    soleProcess: options.db.backend === 'sqlite',
    ...options.workflow,
  });
  const inputs = new InputCatalog(options.pipeline);
  // Mapping change cards check their warehouse DDL on this database (see ddl/ddl-check.ts).
  useDatabaseForDdlChecks(options.db);
  const consolidations = new ConsolidationCatalog(options.pipeline);
  const alerts = new AlertService({
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    ...options.alerting,
  });
  return {
    ...createPipelineCatalogs(options.pipeline),
    changes,
    reverts: new RevertService({ changes, pipeline: options.pipeline }),
    drift: new DriftService({
      db: options.db,
      pipeline: options.pipeline,
      clock: options.clock,
      changes,
      policy,
      logger: options.logger,
      ...(options.drift ? { key: options.drift } : {}),
    }),
    inputs,
    mappings: new MappingCatalog(options.pipeline),
    transforms: new TransformTester(options.pipeline),
    samples: new SampleCatalog(options.pipeline),
    secrets: new SecretCatalog(options.pipeline),
    consolidations,
    ddl: new DdlService(options.db, options.pipeline),
    audit: new AuditService(options.db, { clock: options.clock, retentionDays: options.auditRetentionDays }),
    policy,
    alerts,
    status: new PipelineStatusService({ pipeline: options.pipeline, inputs, alerts, changes, consolidations }),
    homeViewers: new HomeViewers(options.db),
  };
}
