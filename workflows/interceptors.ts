import {
  defaultPayloadConverter,
  workflowInfo,
  type ActivityInput,
  type Next,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** Memo key (set at start by the ticket API) and activity header carrying the request id. */
export const REQUEST_ID_KEY = 'requestId';

/** Hands the request id that started the ticket to every activity, as a Temporal header. */
class RequestIdOutbound implements WorkflowOutboundCallsInterceptor {
  async scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    const requestId = workflowInfo().memo?.[REQUEST_ID_KEY];
    if (typeof requestId !== 'string') return next(input);
    return next({
      ...input,
      headers: { ...input.headers, [REQUEST_ID_KEY]: defaultPayloadConverter.toPayload(requestId) },
    });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [new RequestIdOutbound()],
});
