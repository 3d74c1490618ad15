import { stopStartedServer } from './temporalServer';

export default async function globalTeardown(): Promise<void> {
  await stopStartedServer();
}
