/**
 * The API's own view types, imported as types only (no server code reaches the bundle): the web
 * app and the services share one contract.
 */
export type { Priority, SatisfactionRating, TicketStatus } from '../../../domain/tickets';
export type { TaskAction } from '../../../domain/definitions';
export type { DefinitionSpec, StepSpec, TransitionSpec } from '../../../domain/definitionSchema';
export type { LifecycleView, OverrideRequest, TaskView } from '../../../workflows/messages';
export type { Person } from '../../../domain/people';
export type { TicketView, AttachmentView, SatisfactionView } from '../../../api/ticket/tickets';
export type { RatedTicket } from '../../../api/ticket/satisfaction';
export type { HistoryEntry } from '../../../api/ticket/events';
export type { TicketStats } from '../../../api/ticket/stats';
export type { TicketReport } from '../../../api/ticket/reports';
export type { CommentView } from '../../../api/messaging/comments';
export type { LiveEvent, Viewer } from '../../../api/messaging/liveEvents';
export type { TicketChange as LiveTicketChange } from '../../../api/messaging/ticketListWatch';
export type { TaskRecord, TaskDetail } from '../../../api/workflow/taskQueries';
export type { DefinitionRecord } from '../../../api/workflow/definitionStore';
export type { WorkflowPathView } from '../../../api/workflow/workflowPath';
export type { ServiceKeyView } from '../../../api/auth/serviceKeys';
export type { MembershipEntry } from '../../../api/auth/roleMembershipHistory';
export type { UserView } from '../../../api/auth/users';
export type { LoginChallenge } from '../../../api/auth/emailOtp';
export type { InappNotification } from '../../../api/notification/inbox';
export type { WebRuntimeConfig } from '../../../api/web/contract';

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}
