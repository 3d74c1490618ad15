import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the work in progress, carried through async calls: set by the HTTP edge, by a
 * consumed message's header and by an activity's Temporal header; read by the logger, outgoing
 * service calls and published messages. One grep of the id follows a ticket across services.
 */
const storage = new AsyncLocalStorage<string>();

export const REQUEST_ID_HEADER = 'x-request-id';

export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run(requestId, work) : work();
}

export function currentRequestId(): string | undefined {
  return storage.getStore();
}
