import { NotFoundError } from '../domain/errors';
import type { ServiceHttpClient } from '../infra/http/serviceClient';

export interface MessagingDeps {
  messaging: ServiceHttpClient;
}

/** Activities on the messaging API: the lifecycle's system comments on a ticket. */
export function createMessagingActivities({ messaging }: MessagingDeps) {
  return {
    /**
     * Idempotent by commentKey. A messaging service without the comments endpoint (404) is
     * tolerated: the answer says the comment was not posted and the lifecycle goes on.
     */
    async postSystemComment(input: {
      ticketNumber: string;
      commentKey: string;
      body: string;
    }): Promise<{ posted: boolean }> {
      try {
        await messaging.post(
          `/internal/v1/tickets/${encodeURIComponent(input.ticketNumber)}/comments`,
          { commentKey: input.commentKey, body: input.body },
          { idempotencyKey: input.commentKey },
        );
        return { posted: true };
      } catch (error) {
        if (error instanceof NotFoundError) return { posted: false };
        throw error;
      }
    },
  };
}

export type MessagingActivities = ReturnType<typeof createMessagingActivities>;
