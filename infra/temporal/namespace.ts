import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { TICKET_SEARCH_ATTRIBUTES } from '../../domain/searchAttributes';

const { IndexedValueType } = temporal.api.enums.v1;
const ALREADY_EXISTS = 6;

const INDEXED_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

function isAlreadyExists(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === ALREADY_EXISTS
  );
}

/**
 * temporal-server does not create namespaces: register ours (once) and the ticket search
 * attributes it lacks, then wait until the namespace and those attributes are usable (the server
 * caches search-attribute metadata, so they must be registered before tickets are started).
 */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionDays = 7,
): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = TICKET_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, INDEXED_TYPES[key.type]]),
      ),
    });
  }
  await waitForNamespace(connection, namespace);
  // Services cache the namespace (and its search attributes) for the dynamic config's
  // namespaceCacheRefreshInterval: once the frontend knows new ones, give the others as long.
  if (missing.length > 0) await new Promise((resolve) => setTimeout(resolve, NAMESPACE_REFRESH_MS));
}

/** temporal/config/dynamicconfig.yaml's system.namespaceCacheRefreshInterval, with a margin. */
const NAMESPACE_REFRESH_MS = 2_500;

/** Until the namespace is served and a query naming every ticket search attribute is accepted. */
async function waitForNamespace(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  const query = TICKET_SEARCH_ATTRIBUTES.map((key) => `${key.name} IS NULL`).join(' AND ');
  for (;;) {
    try {
      await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1, query });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
