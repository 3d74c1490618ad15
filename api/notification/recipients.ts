import { NotFoundError } from '../../domain/errors';
import type { NotificationRecipient } from '../../domain/notifications';
import type { ServiceHttpClient } from '../../infra/http/serviceClient';

/** Finds the email address of a recipient known only by user id. */
export interface RecipientDirectory {
  emailOf(recipient: NotificationRecipient): Promise<string | null>;
}

export function authDirectory(auth: ServiceHttpClient): RecipientDirectory {
  return {
    async emailOf(recipient) {
      if (recipient.email) return recipient.email;
      if (!recipient.userId) return null;
      try {
        const user = await auth.get<{ email: string }>(
          `/api/v1/users/${encodeURIComponent(recipient.userId)}`,
        );
        return user.email;
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    },
  };
}
