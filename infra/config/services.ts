/** The platform's services: their logical database and, for HTTP services, their default port. */
export const SERVICES = {
  auth: { database: 'authservice', port: 8003 },
  workflow: { database: 'workflowmanagement', port: 8002 },
  ticket: { database: 'ticketmanagement', port: 8004 },
  messaging: { database: 'messagingservice', port: 8005 },
  notification: { database: 'notificationservice', port: 8006 },
} as const;

export type ServiceName = keyof typeof SERVICES;
export type HttpServiceName = {
  [K in ServiceName]: (typeof SERVICES)[K]['port'] extends number ? K : never;
}[ServiceName];

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
export const HTTP_SERVICE_NAMES = SERVICE_NAMES.filter(
  (name): name is HttpServiceName => SERVICES[name].port !== null,
);
