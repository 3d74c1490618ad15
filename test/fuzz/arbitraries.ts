import fc from 'fast-check';

/**
 * The catalogue of hostile primitives the fuzz draws from, beside each route's own schema:
 * what a client on the open internet may send where a service expects a string, a number, a
 * date or a cursor.
 */

const b64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');

/** Text that has broken storage, logs or renderers somewhere. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202eevil\u202c',
    '\u200f\u200e\u2066\u2069',
    '\ufeff',
    '\uffff\ufffe',
    '💥'.repeat(64),
    '𝕏\u0301\u0301\u0301',
    '%00',
    '%zz',
    '../../etc/passwd',
    "'; drop table tickets; --",
    '{"$ne":null}',
    '<script>alert(1)</script>',
    '\r\nX-Injected: 1',
    ' ',
    'a'.repeat(5_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', '\u202e', 'a', '/', '%') }),
);

/** Integers a 32- or 64-bit column or a JS number mishandles, as numbers and as text. */
export const hostileNumber: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom<number | string>(
    -1,
    0,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 1,
    -(2 ** 63),
    1e308,
    -0,
    0.5,
    '9223372036854775808',
    '-9223372036854775809',
    '18446744073709551616',
    '1e309',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '١٢',
  ),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  fc.integer(),
);

/** Dates outside what Postgres or Date accept, or not quite ISO 8601. */
export const hostileDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0000-00-00',
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.001Z',
    '+999999-12-31T23:59:59Z',
    '9999-12-31T23:59:60Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T25:00:00+99:00',
    '1970-01-01T00:00:00.0000000001Z',
    'infinity',
    '-infinity',
    'epoch',
  ),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((date) => date.toISOString()),
);

/** Keyset cursors of every shape: not base64, base64 of junk, of JSON with the wrong fields. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '=',
    '====',
    '!!!',
    'null',
    'eyJ',
    b64('{'),
    b64('null'),
    b64('[]'),
    b64('"x"'),
    b64('{"id":-1}'),
    b64('{"id":"9223372036854775808"}'),
    b64('{"id":1.5,"at":"+275760-09-13T00:00:00.001Z"}'),
    b64('{"id":1,"at":"0000-00-00"}'),
    b64('{"id":"\u0000","at":"\ud800"}'),
    b64('{"__proto__":{"admin":true}}'),
    b64('x'.repeat(10_000)),
    Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64'),
  ),
  fc.json().map(b64),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.string({ maxLength: 60 }),
);

/** Any hostile scalar, as a query or path value would carry it. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  hostileNumber.map(String),
  hostileDate,
  hostileCursor,
);

/** Any hostile JSON value (objects nest a little, with hostile keys too). */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    hostileDate,
    fc.constantFrom(null, true, false, [], {}),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const recentDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Strings the pattern matches; text of any kind where fast-check cannot read the pattern. */
function matching(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern, 'u'));
  } catch {
    return fc.string({ maxLength: 40 });
  }
}

/** A value the schema describes (as far as fast-check can draw it), without hostile mixing. */
function conforming(schema: JsonSchema, leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => schemaValue(variant, leaf)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return recentDate;
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.pattern) return matching(schema.pattern);
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 40 });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, leaf), { maxLength: 4 });
    case 'object':
      return schemaObject(schema, leaf);
    default:
      return leaf;
  }
}

/** A value drawn from the schema, where any leaf may instead be hostile (one time in four). */
export function schemaValue(schema: JsonSchema, leaf = hostileJson): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: conforming(schema, leaf), weight: 3 },
    { arbitrary: leaf, weight: 1 },
  );
}

/** An object with the schema's properties (required ones usually present) and a stray key. */
export function schemaObject(
  schema: JsonSchema,
  leaf = hostileJson,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const record = fc.record(
    Object.fromEntries(properties.map(([name, property]) => [name, schemaValue(property, leaf)])),
    { requiredKeys: (schema.required ?? []).filter((name) => schema.properties?.[name]) },
  );
  return fc
    .tuple(record, fc.option(fc.tuple(hostileString, leaf)))
    .map(([value, stray]) => (stray ? { ...value, [stray[0]]: stray[1] } : value));
}

export type { JsonSchema };
