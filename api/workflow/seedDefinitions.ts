import type { DefinitionSpec } from '../../domain/definitionSchema';
import type { DefinitionStore } from './definitionStore';

const HOUR = 3600;

/** The platform's default workflows: two-step IT support, access request, hardware request. */
export const SEED_DEFINITIONS: { key: string; spec: DefinitionSpec }[] = [
  {
    key: 'it-support',
    spec: {
      name: 'IT support',
      description: 'Triage by IT support, then resolution.',
      department: 'IT',
      category: 'Support',
      system: 'tts',
      sla: { low: 72 * HOUR, medium: 24 * HOUR, high: 8 * HOUR, critical: 4 * HOUR },
      warningRatio: 0.75,
      coordinatorRole: 'Ticket Coordinator',
      startStep: 'triage',
      steps: [
        { key: 'triage', name: 'Triage', role: 'IT Support', weight: 0.25, escalateTo: 'Manager' },
        {
          key: 'resolution',
          name: 'Resolution',
          role: 'IT Support',
          weight: 0.75,
          escalateTo: 'Manager',
        },
      ],
      transitions: [
        { from: 'triage', action: 'approve', to: 'resolution', ticketStatus: 'in_progress' },
        {
          from: 'triage',
          action: 'reject',
          to: null,
          ticketStatus: 'rejected',
          notesRequired: true,
        },
        { from: 'resolution', action: 'resolve', to: null, ticketStatus: 'resolved' },
        {
          from: 'resolution',
          action: 'send_back',
          label: 'Send back to triage',
          to: 'triage',
          ticketStatus: 'in_progress',
          notesRequired: true,
        },
      ],
      endLogic: { notifyRequester: true },
    },
  },
  {
    key: 'access-request',
    spec: {
      name: 'Access request',
      description: 'Manager approval, then IT provisioning.',
      department: 'IT',
      category: 'Access',
      system: 'tts',
      sla: { low: 120 * HOUR, medium: 48 * HOUR, high: 24 * HOUR, critical: 8 * HOUR },
      warningRatio: 0.75,
      coordinatorRole: 'Ticket Coordinator',
      startStep: 'manager-approval',
      steps: [
        { key: 'manager-approval', name: 'Manager approval', role: 'Manager', weight: 0.4 },
        {
          key: 'provisioning',
          name: 'IT provisioning',
          role: 'IT Support',
          weight: 0.6,
          escalateTo: 'Manager',
        },
      ],
      transitions: [
        {
          from: 'manager-approval',
          action: 'approve',
          to: 'provisioning',
          ticketStatus: 'in_progress',
        },
        {
          from: 'manager-approval',
          action: 'reject',
          to: null,
          ticketStatus: 'rejected',
          notesRequired: true,
        },
        { from: 'provisioning', action: 'resolve', to: null, ticketStatus: 'resolved' },
      ],
      endLogic: { notifyRequester: true },
    },
  },
  {
    key: 'hardware-request',
    spec: {
      name: 'Hardware request',
      description: 'Triage, manager approval, then fulfilment.',
      department: 'IT',
      category: 'Hardware',
      system: 'tts',
      sla: { low: 240 * HOUR, medium: 120 * HOUR, high: 48 * HOUR, critical: 24 * HOUR },
      warningRatio: 0.75,
      coordinatorRole: 'Ticket Coordinator',
      startStep: 'triage',
      steps: [
        { key: 'triage', name: 'Triage', role: 'IT Support', weight: 0.2, escalateTo: 'Manager' },
        { key: 'approval', name: 'Manager approval', role: 'Manager', weight: 0.3 },
        {
          key: 'fulfilment',
          name: 'Fulfilment',
          role: 'IT Support',
          weight: 0.5,
          escalateTo: 'Manager',
        },
      ],
      transitions: [
        { from: 'triage', action: 'approve', to: 'approval', ticketStatus: 'in_progress' },
        {
          from: 'triage',
          action: 'reject',
          to: null,
          ticketStatus: 'rejected',
          notesRequired: true,
        },
        { from: 'approval', action: 'approve', to: 'fulfilment', ticketStatus: 'in_progress' },
        {
          from: 'approval',
          action: 'needs_info',
          label: 'Back to triage for details',
          to: 'triage',
          ticketStatus: 'in_progress',
          notesRequired: true,
        },
        {
          from: 'approval',
          action: 'reject',
          to: null,
          ticketStatus: 'rejected',
          notesRequired: true,
        },
        { from: 'fulfilment', action: 'resolve', to: null, ticketStatus: 'resolved' },
      ],
      endLogic: { notifyRequester: true },
    },
  },
];

/** Writes and deploys each seed definition whose key does not exist yet; returns the keys written. */
export async function seedDefinitions(store: DefinitionStore): Promise<string[]> {
  const existing = new Set((await store.list({ latestOnly: true })).map((record) => record.key));
  const written: string[] = [];
  for (const { key, spec } of SEED_DEFINITIONS) {
    if (existing.has(key)) continue;
    await store
      .write(key, spec, { deploy: true, createdBy: null, mustBeNew: true })
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ConflictError')) throw error;
      });
    written.push(key);
  }
  return written;
}
