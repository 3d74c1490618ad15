/**
 * Text Postgres cannot store: a NUL character (text columns reject \u0000) or a lone UTF-16
 * surrogate (it has no UTF-8 encoding). Both made queries fail with a 500; the HTTP edge rejects
 * them with a 400 naming the field instead.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds a NUL character or a lone surrogate. */
export const isUnstorableText = (text: string): boolean => UNSTORABLE.test(text);

/**
 * The path of the first string (value or object key) in `value` Postgres cannot store, walking
 * objects and arrays; undefined when everything can be stored. `[]` means `value` itself.
 */
export function findUnstorableText(value: unknown, depth = 0): string[] | undefined {
  if (typeof value === 'string') return isUnstorableText(value) ? [] : undefined;
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  if (typeof Buffer !== 'undefined' && Buffer.isBuffer(value)) return undefined;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    if (isUnstorableText(key)) return [key.replace(UNSTORABLE, '\\u0000')];
    const inner = findUnstorableText(item, depth + 1);
    if (inner) return [key, ...inner];
  }
  return undefined;
}
