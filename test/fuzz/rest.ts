import fc from 'fast-check';
import type { PlatformConfig } from '../../infra/config/config';
import { HTTP_SERVICE_NAMES, type HttpServiceName } from '../../infra/config/services';
import {
  hostileCursor,
  hostileJson,
  hostileNumber,
  hostileString,
  hostileText,
  schemaObject,
  schemaValue,
  type JsonSchema,
} from './arbitraries';

/** One documented operation, with the schemas its OpenAPI document gives for each input. */
export interface Operation {
  service: HttpServiceName;
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  body: JsonSchema | null;
  multipart: boolean;
}

interface OpenApiOperation {
  parameters?: Operation['params'];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** Every operation of every service, read from the running services' /api/docs.json. */
export async function loadOperations(config: PlatformConfig): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const service of HTTP_SERVICE_NAMES) {
    const response = await fetch(`${config.http[service].url}/api/docs.json`);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const content = operation.requestBody?.content ?? {};
        operations.push({
          service,
          method: method.toUpperCase(),
          path,
          params: operation.parameters ?? [],
          body: content['application/json']?.schema ?? null,
          multipart: 'multipart/form-data' in content,
        });
      }
    }
  }
  return operations;
}

export interface FuzzRequest {
  service: HttpServiceName;
  method: string;
  url: string;
  who: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Node refuses such headers itself (431) and may cut the connection instead. */
  hugeHeaders: boolean;
}

/**
 * Percent-encodes text byte for byte, lone surrogates included: they become the three bytes
 * UTF-8 would give them, which is invalid UTF-8 the server must refuse, not crash on.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** Segments sent verbatim: broken percent-encodings the URL parser leaves alone. */
const rawSegment = fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%ED%A0%80', '%C0%AF', '..');

const scalar = (schema: JsonSchema): fc.Arbitrary<string> =>
  fc.oneof(
    schemaValue(schema, hostileText).map((value) =>
      typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
    ),
    hostileText,
  );

function pathArbitrary(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const schemaOf = (name: string): JsonSchema =>
    operation.params.find((param) => param.in === 'path' && param.name === name)?.schema ?? {};
  const values = names.map((name) =>
    fc.oneof(
      { arbitrary: scalar(schemaOf(name)).map(percentEncode), weight: 4 },
      { arbitrary: rawSegment, weight: 1 },
    ),
  );
  return fc
    .tuple(...values)
    .map((filled) =>
      names.reduce((path, name, i) => path.replace(`{${name}}`, filled[i]!), operation.path),
    );
}

function queryArbitrary(operation: Operation): fc.Arbitrary<string> {
  const documented = operation.params.filter((param) => param.in === 'query');
  const pairs = fc.tuple(
    ...documented.map((param) =>
      fc.option(
        scalar(param.schema).map((value) => [param.name, value] as const),
        {
          freq: 3,
        },
      ),
    ),
  );
  const extra = fc.array(
    fc.oneof(
      hostileCursor.map((value) => ['cursor', value] as const),
      hostileNumber.map((value) => ['limit', String(value)] as const),
      fc.tuple(hostileString, hostileText),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(pairs, extra).map(([given, more]) => {
    const all = [...given.filter((pair) => pair !== null), ...more];
    return all.length
      ? `?${all.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&')}`
      : '';
  });
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');

/** Bodies and the headers that describe them: well-formed JSON and every way of lying about it. */
function bodyArbitrary(
  operation: Operation,
): fc.Arbitrary<{ body: Buffer; headers: Record<string, string> }> {
  const asJson = { 'content-type': 'application/json' };
  const document = operation.body ? schemaObject(operation.body) : hostileJson;
  const boundary = 'fuzzboundary';
  const multipart = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="body"\r\n\r\nhello\r\n--${boundary}\r\n` +
      'content-disposition: form-data; name="files"; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\nab',
  );
  return fc.oneof(
    { arbitrary: document.map((value) => ({ body: json(value), headers: asJson })), weight: 6 },
    hostileJson.map((value) => ({ body: json(value), headers: asJson })),
    fc
      .tuple(document, fc.constantFrom('gzip', 'br', 'deflate', 'x-unknown', 'gzip, br'))
      .map(([value, encoding]) => ({
        body: json(value),
        headers: { ...asJson, 'content-encoding': encoding },
      })),
    fc
      .constantFrom(
        '{"subject":',
        '{"a":"\u0000"}',
        '['.repeat(5_000),
        '{"__proto__":{"polluted":true}}',
        '\ufeff{}',
        '',
      )
      .map((text) => ({ body: Buffer.from(text, 'utf8'), headers: asJson })),
    fc
      .uint8Array({ maxLength: 256 })
      .map((bytes) => ({ body: Buffer.from(bytes), headers: asJson })),
    fc.constantFrom(
      { body: multipart, headers: { 'content-type': 'multipart/form-data' } },
      {
        body: multipart,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      },
      {
        body: multipart.subarray(0, 20),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      },
      { body: multipart, headers: { 'content-type': 'multipart/form-data; boundary=' } },
      { body: Buffer.from('{}'), headers: { 'content-type': 'application/json; charset=utf-16' } },
      {
        body: Buffer.from('a=1&a=2'),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    ),
  );
}

/** Header values fetch lets through (Latin-1, no CR/LF), hostile for the services reading them. */
const headerText = fc.oneof(
  fc.constantFrom('', ' ', '\u00ff\u0080', 'a'.repeat(4_000), 'Bearer', 'Bearer ', 'Bearer a.b.c'),
  fc.string({ unit: fc.constantFrom('a', '.', '=', '\u00e9', ' ', '\t'), maxLength: 60 }),
);

const headersArbitrary = fc.record(
  {
    'idempotency-key': headerText,
    'x-request-id': headerText,
    authorization: headerText,
    'x-api-key': headerText,
  },
  { requiredKeys: [] },
);

/** Past Node's 16 KiB header limit: one request in twenty. */
const hugeHeaders = fc.integer({ min: 0, max: 19 }).map((draw) => draw === 0);

/** A request to one operation, as one of the given callers, built from its schemas and the catalogue. */
export function requestArbitrary(
  operations: Operation[],
  callers: string[],
): fc.Arbitrary<FuzzRequest> {
  return fc
    .constantFrom(...operations)
    .chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        path: pathArbitrary(operation),
        query: queryArbitrary(operation),
        payload:
          operation.method === 'GET' || operation.method === 'DELETE'
            ? fc.constant(null)
            : bodyArbitrary(operation),
        who: fc.constantFrom(...callers),
        headers: fc.option(headersArbitrary, { freq: 2 }),
        huge: hugeHeaders,
      }),
    )
    .map(({ operation, path, query, payload, who, headers, huge }) => ({
      service: operation.service,
      method: operation.method,
      url: `${path}${query}`,
      who,
      headers: {
        ...(payload?.headers ?? {}),
        ...(headers ?? {}),
        ...(huge ? { 'x-pad': 'p'.repeat(20_000) } : {}),
      },
      ...(payload ? { body: payload.body } : {}),
      hugeHeaders: huge,
    }));
}
