import type { Input } from '../pipeline/schemas.js';
import { createConsolidationsSeed } from './sandbox-consolidation-data.js';
import type { SandboxData, SandboxEventType } from './sandbox-data.js';
import { createInputCredentialsSeed, createPlumbingSeed } from './sandbox-plumbing-data.js';
import { createSampleStatusesSeed, createSecretsSeed } from './sandbox-secret-data.js';
import { createTransformSeed } from './sandbox-transform-seed.js';

/**
 * Demo data, built from the documented examples in shared/reference/alooma-api.md (MA test fixtures)
 * and extended in the same style. Ids and names are stable: tests, demos and saved state files rely on them.
 */

export const SEED_INPUT_IDS = {
  /** REST_INPUT from MA tests/test_inputs.py. */
  mixpanelEngageOne: '34er34-34er-34er-34er-34er34er34er',
  /** ODBC input; the id is the one PUBLIC.ORDERS' `inputObjects` refers to. */
  productionDatabase: '12345-asdfg',
  /** ODBC input behind SOURCE_TWO.TABLE_ONE (`inputObjects` and `origInputLabel` of that fixture). */
  sourceTwo: 'opiuyt-l4l4-p3p3-9876-asdf1234tr',
  /** RESTAPI (webhook) input. */
  storefrontWebhook: '5f0c2b7e-8d1a-4c3e-9b2f-6a7d8e9f0a1b',
} as const;

export const SEED_EVENT_TYPE_NAMES = {
  publicOrders: 'PUBLIC.ORDERS',
  publicUsers: 'PUBLIC.USERS',
  sourceTwoTableOne: 'SOURCE_TWO.TABLE_ONE',
  mixpanelEngageOne: 'mixpanel_engage_one',
  /** A webhook event type whose name needs URL-quoting (`/` and a space). */
  storefrontCheckout: 'storefront/checkout completed',
} as const;

const OUTPUT_ID = 'a1s2d3-f4g5h6';

function inputs(): Input[] {
  return [
    {
      id: SEED_INPUT_IDS.mixpanelEngageOne,
      name: 'mixpanel_engage_one',
      type: 'REST_INPUT',
      paused: false,
      validated: true,
      created_at: '2019-01-01T00:00:00.000000',
      configuration: {
        auto_map: 'false',
        base_url: 'https://mixpanel.com/api/2.0/engage',
        cron_expression: '0 */1 * * *',
        data_field: 'results',
        frequency: 240,
        headers: [],
        initial_value: 1,
        input_default_schema: 'PUBLIC',
        page_parameter: 'page',
        pagination_type: 'Incremental',
        parameters: [
          { parameter: 'session_id', type: 'Text', value: '1234567869-abc' },
          {
            parameter: 'where',
            type: 'Days Past',
            value: 2,
            template: 'properties["$last_seen"]>="%Y-%m-%dT00:00:00"',
          },
        ],
        primary_keys: [],
        request: 'GET',
        username: '1q2w3e4r5t6y7u8i9o0p',
      },
    },
    {
      id: SEED_INPUT_IDS.productionDatabase,
      name: 'production_database',
      type: 'ODBC',
      paused: false,
      validated: true,
      created_at: '2019-02-11T09:30:00.000000',
      configuration: {
        auto_map: 'true',
        batch_size: 100000,
        database: 'my_database',
        db_type: 'psql',
        input_default_schema: 'MY_DATABASE',
        port: 5432,
        replication_type: 'incremental_load',
        schema: 'public',
        server: 'db.production.internal',
        // A JSON string (table → update-indicator expression), as the real API has it.
        tables: '{"orders":"xmin::text::bigint","users":"xmin::text::bigint"}',
        user: 'alooma_replication',
      },
    },
    {
      id: SEED_INPUT_IDS.sourceTwo,
      name: 'source_tWO',
      type: 'ODBC',
      paused: true,
      validated: true,
      created_at: '2019-03-05T14:00:00.000000',
      configuration: {
        auto_map: 'false',
        batch_size: 50000,
        database: 'source_two',
        db_type: 'psql',
        input_default_schema: 'SOURCE_TWO',
        port: 5432,
        replication_type: 'incremental_load',
        schema: 'public',
        server: 'db.source-two.internal',
        tables: '{"table_one":"updated_at"}',
        user: 'alooma_reader',
      },
    },
    {
      id: SEED_INPUT_IDS.storefrontWebhook,
      name: 'storefront_webhook',
      type: 'RESTAPI',
      paused: false,
      validated: true,
      created_at: '2019-05-20T08:15:00.000000',
      configuration: { auto_map: 'false', input_default_schema: 'STOREFRONT' },
    },
  ];
}

type Column = { type: string; nonNull: boolean; [attribute: string]: unknown };

function field(fieldName: string, columnName: string, columnType: Column, count: number) {
  return {
    fieldName,
    fields: [],
    stats: { count },
    mapping: { columnName, isDiscarded: false, machineGenerated: false, subFields: null, columnType },
  };
}

const varchar = (length: number, nonNull = false): Column => ({ type: 'VARCHAR', length, nonNull, truncate: false });
const number = (precision: number, scale: number, nonNull = false): Column => ({
  type: 'NUMBER',
  precision,
  scale,
  nonNull,
});
const timestamp = (nonNull = false): Column => ({ type: 'TIMESTAMP', nonNull });

function eventTypes(): SandboxEventType[] {
  return [
    {
      // The mapping example of MA tests/test_mappings.py, plus three fields.
      name: SEED_EVENT_TYPE_NAMES.publicOrders,
      mappingMode: 'AUTO_MAP',
      state: 'MAPPED',
      usingDefaultMappingMode: false,
      autoMappingError: null,
      origInputLabel: 'production_database',
      inputObjects: { [SEED_INPUT_IDS.productionDatabase]: ['98765-zxcvb'] },
      schemaUrls: [`schema?id=${SEED_INPUT_IDS.productionDatabase}&schema_object=orders`],
      consolidation: { consolidatedSchema: '', consolidatedTableName: '', consolidationKeys: '', viewSchema: null },
      mapping: {
        isDiscarded: false,
        outputHint: '{"table":"orders","schema":"PUBLIC"}',
        outputId: OUTPUT_ID,
        readOnly: false,
        schema: 'PUBLIC',
        tableName: 'ORDERS',
      },
      stats: { count: 48213 },
      fields: [
        {
          fieldName: 'id',
          fields: [],
          stats: { count: 48213 },
          mapping: {
            columnName: 'ID',
            isDiscarded: false,
            machineGenerated: false,
            subFields: null,
            columnType: { type: 'NUMERIC', nonNull: true, precision: 38, scale: 0 },
          },
        },
        {
          fieldName: 'name',
          fields: [],
          stats: { count: 48213 },
          mapping: {
            columnName: 'NAME',
            isDiscarded: false,
            machineGenerated: false,
            subFields: null,
            columnType: { type: 'VARCHAR', length: 16777216, nonNull: false, truncate: false },
          },
        },
        field('total', 'TOTAL', number(12, 2, true), 48213),
        field('created_at', 'CREATED_AT', timestamp(true), 48213),
        {
          // A nested object: the parent is discarded, its child is mapped to its own column.
          fieldName: 'shipping',
          stats: { count: 47002 },
          mapping: { columnName: '', columnType: null, isDiscarded: true, machineGenerated: false, subFields: null },
          fields: [field('city', 'SHIPPING_CITY', varchar(256), 47002)],
        },
      ],
    },
    {
      name: SEED_EVENT_TYPE_NAMES.publicUsers,
      mappingMode: 'AUTO_MAP',
      state: 'MAPPED',
      usingDefaultMappingMode: false,
      autoMappingError: null,
      origInputLabel: 'production_database',
      inputObjects: { [SEED_INPUT_IDS.productionDatabase]: ['98766-qwert'] },
      schemaUrls: [`schema?id=${SEED_INPUT_IDS.productionDatabase}&schema_object=users`],
      consolidation: {
        consolidatedSchema: 'PUBLIC',
        consolidatedTableName: 'USERS',
        consolidationKeys: ['ID'],
        viewSchema: null,
      },
      mapping: {
        isDiscarded: false,
        outputHint: null,
        outputId: OUTPUT_ID,
        readOnly: false,
        schema: 'PUBLIC',
        tableName: 'USERS_LOG',
      },
      stats: { count: 9120 },
      fields: [
        field('id', 'ID', number(38, 0, true), 9120),
        field('email', 'EMAIL', varchar(320, true), 9120),
        field('created_at', 'CREATED_AT', timestamp(true), 9120),
      ],
    },
    {
      // The event-type summary of MA tests/test_events.py, with fields added.
      name: SEED_EVENT_TYPE_NAMES.sourceTwoTableOne,
      mappingMode: 'STRICT',
      state: 'MAPPED',
      usingDefaultMappingMode: true,
      autoMappingError: null,
      origInputLabel: 'source_tWO',
      inputObjects: { [SEED_INPUT_IDS.sourceTwo]: ['qwer98-2l2l-1234-2345-aa99akjlh'] },
      schemaUrls: ['schema?id=afd6e39c-2045-4fab-8f75-673cab5a3846&schema_object=three'],
      consolidation: {
        consolidatedTableName: 'TABLE_ONE',
        consolidatedSchema: 'SOURCE_TWO',
        viewSchema: null,
        consolidationKeys: ['ID'],
      },
      mapping: {
        isDiscarded: false,
        outputHint: null,
        outputId: '201dd975-a7e1-4aa9-ba47-27274891c496',
        tableName: 'TABLE_ONE_LOG',
        schema: 'SOURCE_TWO',
        readOnly: false,
      },
      stats: { count: 5763 },
      fields: [
        field('id', 'ID', number(38, 0, true), 5763),
        field('value', 'VALUE', varchar(1024), 5763),
        field('updated_at', 'UPDATED_AT', timestamp(true), 5763),
      ],
    },
    {
      name: SEED_EVENT_TYPE_NAMES.mixpanelEngageOne,
      mappingMode: 'FLEXIBLE',
      state: 'MAPPED',
      usingDefaultMappingMode: false,
      autoMappingError: null,
      origInputLabel: 'mixpanel_engage_one',
      inputObjects: { [SEED_INPUT_IDS.mixpanelEngageOne]: ['mx-engage-0001'] },
      schemaUrls: [`schema?id=${SEED_INPUT_IDS.mixpanelEngageOne}&schema_object=mixpanel_engage_one`],
      consolidation: {
        consolidatedSchema: null,
        consolidatedTableName: null,
        consolidationKeys: null,
        viewSchema: null,
      },
      mapping: {
        isDiscarded: false,
        outputHint: null,
        outputId: OUTPUT_ID,
        readOnly: false,
        schema: 'PUBLIC',
        tableName: 'MIXPANEL_ENGAGE_ONE',
      },
      stats: { count: 1502 },
      fields: [
        field('$distinct_id', 'DISTINCT_ID', varchar(256, true), 1502),
        field('$last_seen', 'LAST_SEEN', timestamp(), 1490),
        {
          fieldName: '$properties',
          stats: { count: 1502 },
          mapping: { columnName: 'PROPERTIES', isDiscarded: false, columnType: { type: 'VARIANT', nonNull: false } },
          fields: [],
        },
      ],
    },
    {
      name: SEED_EVENT_TYPE_NAMES.storefrontCheckout,
      mappingMode: 'STRICT',
      state: 'MAPPED',
      usingDefaultMappingMode: true,
      autoMappingError: null,
      origInputLabel: 'storefront_webhook',
      inputObjects: { [SEED_INPUT_IDS.storefrontWebhook]: ['wh-checkout-0001'] },
      schemaUrls: [],
      consolidation: { consolidatedSchema: '', consolidatedTableName: '', consolidationKeys: [], viewSchema: null },
      mapping: {
        isDiscarded: false,
        outputHint: null,
        outputId: OUTPUT_ID,
        readOnly: false,
        schema: 'STOREFRONT',
        tableName: 'CHECKOUT_COMPLETED',
      },
      stats: { count: 310 },
      fields: [
        field('order_id', 'ORDER_ID', varchar(64, true), 310),
        field('amount', 'AMOUNT', { type: 'FLOAT', nonNull: false }, 310),
        {
          // STRICT mode keeps new fields unmapped until someone maps them.
          fieldName: 'coupon_code',
          stats: { count: 41 },
          mapping: { columnName: '', columnType: null, isDiscarded: true, machineGenerated: false, subFields: null },
          fields: [],
        },
      ],
    },
  ];
}

/** A fresh copy of the seed data. */
export function createSeedData(): SandboxData {
  return {
    version: 1,
    inputs: Object.fromEntries(inputs().map((input) => [input.id, input])),
    eventTypes: Object.fromEntries(eventTypes().map((eventType) => [eventType.name, eventType])),
    metrics: { levels: [], pausedSince: {} },
    transforms: createTransformSeed(),
    secrets: createSecretsSeed(),
    sampleStatuses: createSampleStatusesSeed(),
    plumbingNodes: createPlumbingSeed(),
    inputCredentials: createInputCredentialsSeed(),
    defaultMappingMode: 'AUTO_MAP',
    consolidations: createConsolidationsSeed(),
  };
}
