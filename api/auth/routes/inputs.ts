import { z } from 'zod';

/** Input fields the session and account routes share. */
export const email = z.string().trim().toLowerCase().email().max(320);
export const password = z.string().min(1).max(200);
