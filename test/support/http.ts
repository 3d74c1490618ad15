export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** One JSON request to a service under test: a string body is sent as is (malformed JSON tests). */
export async function requestJson(
  url: string,
  method: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
  const { body, token, headers = {} } = options;
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}
