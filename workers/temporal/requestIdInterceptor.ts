import { defaultPayloadConverter } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';
import { withRequestId } from '../../infra/context/requestId';
import { REQUEST_ID_KEY } from '../../workflows/interceptors';

/** Runs each activity in the request-id context its workflow sent along as a header. */
export class RequestIdActivityInbound implements ActivityInboundCallsInterceptor {
  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const header = input.headers[REQUEST_ID_KEY];
    const requestId = header ? defaultPayloadConverter.fromPayload<unknown>(header) : undefined;
    return withRequestId(typeof requestId === 'string' ? requestId : undefined, () => next(input));
  }
}
