/** A step's task, from opened to done (the original's statuses, plus escalated). */
export const TASK_STATUSES = [
  'pending',
  'in_progress',
  'on_hold',
  'completed',
  'escalated',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Tasks someone still holds (what a deactivated user or a lost role moves). */
export const ACTIVE_TASK_STATUSES: TaskStatus[] = [
  'pending',
  'in_progress',
  'on_hold',
  'escalated',
];

/** How an assignment came about: round-robin, a transfer, or an escalation. */
export type AssignmentOrigin = 'system' | 'transferred' | 'escalation';
