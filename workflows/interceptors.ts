import {
  defaultPayloadConverter,
  workflowInfo,
  type ActivityInput,
  type Headers,
  type LocalActivityInput,
  type Next,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** Memo key (set at start by the ticket API) and activity header carrying the request id. */
export const REQUEST_ID_KEY = 'requestId';

function withRequestIdHeader(headers: Headers): Headers {
  const requestId = workflowInfo().memo?.[REQUEST_ID_KEY];
  if (typeof requestId !== 'string') return headers;
  return { ...headers, [REQUEST_ID_KEY]: defaultPayloadConverter.toPayload(requestId) };
}

/**
 * Hands the request id that started the ticket to every activity, remote or local, as a Temporal
 * header (the lifecycle's effects run as local activities).
 */
class RequestIdOutbound implements WorkflowOutboundCallsInterceptor {
  async scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return next({ ...input, headers: withRequestIdHeader(input.headers) });
  }

  async scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    return next({ ...input, headers: withRequestIdHeader(input.headers) });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [new RequestIdOutbound()],
});
