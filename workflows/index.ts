export { platformProbe } from './platformProbe';
export { ticketLifecycle } from './ticketLifecycle';
