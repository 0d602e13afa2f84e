import { jsonDumps, parseJson } from '../../transforms/index.js';
import { SEED_EVENT_TYPE_NAMES as NAMES } from './sandbox-seed.js';
import type { SandboxTransforms } from './sandbox-transform-data.js';

/**
 * Seeded transform steps and samples, written as JSON text because that is how they are stored (Python's json
 * rules: key order and `25.0` survive). PUBLIC.ORDERS carries managealooma's getting-started sample event and
 * its getting-started transform (snake_case, flatten_json, add_composite_key, map_value_in_list_to_dictionary_key);
 * its third sample lacks `createdAt`, so a transform test shows an error as well. The other event types have
 * samples and no steps.
 */

const metadata = (uuid: string, eventType: string, input: string) =>
  `"_metadata": {"@uuid": "${uuid}", "event_type": "${eventType}", "input_label": "${input}", "@parent_uuid": ""}`;

const ORDERS_STEPS = `[
  {"fn": "convert_all_event_fields_to_snake_case"},
  {"fn": "flatten_json", "args": {"field_or_field_list": "a_dictionary", "levels": 1, "keep_original": false, "dump_to_string": true}},
  {"fn": "add_composite_key", "args": {"field_list": ["id", "created_at"], "key_name": "id_created_datetime"}},
  {"fn": "map_value_in_list_to_dictionary_key", "args": {"mapping_dict_with_lists": {"one_to_three": [1, 2, 3], "four_to_six": [4, 5, 6]}, "existing_column": "a_number", "new_column": "number_category", "allow_nulls": true, "passthrough": true}}
]`;

const ordersSamples = (): string[] => [
  // managealooma's getting-started sample event (docs: Getting Started → Test an Event).
  `{"myField": "stuff", "createdAt": "2019-08-01 00:00:00", "xmin::text::bigint": 123456789, "aNumber": 6, "id": 1, "aDictionary": {"one": "Some Stuff", "two": "More Stuff", "three": {"Another dict": {"Inside Three": 3.3, "More Inside Three": 3.4}}}, ${metadata('1a1a1a-2b2b-3c3c-4d4d-5e5e5e5e5e', NAMES.publicOrders, 'production_database')}}`,
  `{"myField": "more stuff", "createdAt": "2019-08-02 10:15:00", "xmin::text::bigint": 123456790, "aNumber": 2, "id": 2, "aDictionary": {"one": "Less Stuff", "two": null, "three": {}}, ${metadata('2b2b2b-3c3c-4d4d-5e5e-6f6f6f6f6f', NAMES.publicOrders, 'production_database')}}`,
  `{"myField": "late stuff", "xmin::text::bigint": 123456791, "aNumber": 9, "id": 3, "aDictionary": {"one": "Stuff", "two": "Stuff", "three": {"Another dict": {"Inside Three": 1.0}}}, ${metadata('3c3c3c-4d4d-5e5e-6f6f-7a7a7a7a7a', NAMES.publicOrders, 'production_database')}}`,
];

const usersSamples = (): string[] => [
  `{"id": 7, "email": "  Ada.Lovelace@Example.com ", "created_at": "2019-03-04T10:00:00", ${metadata('7u7u7u-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.publicUsers, 'production_database')}}`,
  `{"id": 8, "email": "grace@example.com", "created_at": "2019-03-05T11:30:00", ${metadata('8u8u8u-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.publicUsers, 'production_database')}}`,
];

const tableOneSamples = (): string[] => [
  `{"id": 1, "value": "first value", "updated_at": "2019-05-01T08:00:00", ${metadata('t1t1t1-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.sourceTwoTableOne, 'source_tWO')}}`,
];

const mixpanelSamples = (): string[] => [
  `{"$distinct_id": "13b20239a29335", "$properties": {"$created": "2019-07-30T09:45:48", "$email": "ada@example.com", "$last_seen": "2019-08-01T10:00:00", "plan": "pro"}, ${metadata('mx1mx1-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.mixpanelEngageOne, 'mixpanel_engage_one')}}`,
  `{"$distinct_id": "13b20239a29336", "$properties": {"$created": "2019-07-31T12:00:00", "$email": null, "$last_seen": "2019-08-01T11:30:00", "plan": "free"}, ${metadata('mx2mx2-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.mixpanelEngageOne, 'mixpanel_engage_one')}}`,
];

const checkoutSamples = (): string[] => [
  // A webhook body: a float that is integral (25.0) and integer-like keys (shoe sizes) whose order must hold.
  `{"order_id": "SF-1001", "amount": 25.0, "coupon_code": null, "items": ["MUG-1", "TEE-3"], "quantities": [2, 1], "size_counts": {"10": 1, "8": 2}, ${metadata('sf1sf1-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.storefrontCheckout, 'storefront_webhook')}}`,
  `{"order_id": "SF-1002", "amount": 9.5, "coupon_code": "SUMMER", "items": ["CAP-7"], "quantities": [1], "size_counts": {}, ${metadata('sf2sf2-1a1a-2b2b-3c3c-4d4d4d4d4d', NAMES.storefrontCheckout, 'storefront_webhook')}}`,
];

/** The text as the sandbox stores it (one line, Python's json.dumps). */
const normalized = (text: string): string => jsonDumps(parseJson(text));

/** A fresh copy of the seeded transforms (built on call: sandbox-seed.ts imports this module). */
export function createTransformSeed(): SandboxTransforms {
  return {
    steps: { [NAMES.publicOrders]: normalized(ORDERS_STEPS) },
    samples: {
      [NAMES.publicOrders]: ordersSamples().map(normalized),
      [NAMES.publicUsers]: usersSamples().map(normalized),
      [NAMES.sourceTwoTableOne]: tableOneSamples().map(normalized),
      [NAMES.mixpanelEngageOne]: mixpanelSamples().map(normalized),
      [NAMES.storefrontCheckout]: checkoutSamples().map(normalized),
    },
  };
}
