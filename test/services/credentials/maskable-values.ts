import fc from 'fast-check';
import { REDACTED } from '../../../src/services/credentials/placeholder.js';
import { CREDENTIAL_SHAPES, LOOK_ALIKES } from './credential-shapes.js';

/** Keys and values that exercise every masking rule: credential keys, pair names, look-alikes, JSON in strings. */
const keys = fc.constantFrom(
  ...CREDENTIAL_SHAPES.map((shape) => shape.field),
  ...LOOK_ALIKES.map((shape) => shape.field),
  'name',
  'key',
  'header',
  'value',
  'label',
  'Authorization',
  'plain',
  '__proto__',
);
const leaf = fc.oneof(
  fc.constantFrom(...CREDENTIAL_SHAPES.map((shape) => shape.value), 'Authorization', 'password', '', REDACTED),
  fc.constantFrom('postgres://u:hunter2@db/x', '{"password":"hunter2"}', '[1,"Bearer abcdefghijkl"]', 'ok'),
  fc.string(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.constant(() => 1),
  fc.constant(new String('password')),
  fc.constant(new Number(Number.NaN)),
);
/** Any value a snapshot may be made of, built to reach every masking rule. */
export const { tree: maskableValue } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), tie('nullProto')),
  array: fc.array(tie('tree'), { maxLength: 4 }),
  object: fc.dictionary(keys, tie('tree'), { maxKeys: 5 }),
  nullProto: fc.dictionary(keys, tie('tree'), { maxKeys: 3, noNullPrototype: false }),
}));
