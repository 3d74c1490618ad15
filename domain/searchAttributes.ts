import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes of ticket workflows, shown in the Temporal Web UI. No personal data. */
export const TICKET_NUMBER = defineSearchAttributeKey('TicketNumber', SearchAttributeType.KEYWORD);
export const TICKET_STATUS = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
export const PRIORITY = defineSearchAttributeKey('Priority', SearchAttributeType.KEYWORD);
export const ASSIGNED_ROLE = defineSearchAttributeKey('AssignedRole', SearchAttributeType.KEYWORD);
export const ASSIGNEE_ID = defineSearchAttributeKey('AssigneeId', SearchAttributeType.KEYWORD);
export const SLA_BREACHED = defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL);
export const SLA_DEADLINE = defineSearchAttributeKey('SlaDeadline', SearchAttributeType.DATETIME);

export const TICKET_SEARCH_ATTRIBUTES = [
  TICKET_NUMBER,
  TICKET_STATUS,
  PRIORITY,
  ASSIGNED_ROLE,
  ASSIGNEE_ID,
  SLA_BREACHED,
  SLA_DEADLINE,
];
