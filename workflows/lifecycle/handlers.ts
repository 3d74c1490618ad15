import { setHandler } from '@temporalio/workflow';
import {
  actUpdate,
  overrideSignal,
  overrideUpdate,
  reopenUpdate,
  rerouteSignal,
  stateQuery,
  userDeactivatedSignal,
  type ActRequest,
  type OverrideRequest,
  type ReopenRequest,
} from '../messages';
import type { LifecycleContext } from './context';
import { rejectionFailure } from './inbox';
import { viewOf } from './state';
import { rejectAct, rejectOverride, rejectReopen, type Rejection } from './validation';

const SEEN_EVENT_LIMIT = 200;

function failWith(rejection: Rejection | null): void {
  if (rejection) throw rejectionFailure(rejection);
}

/**
 * The lifecycle's message handlers: updates and signals only queue a command for the loop (an
 * update waits for its answer); validators refuse early what the loop would refuse anyway.
 */
export function registerHandlers(ctx: LifecycleContext): void {
  const { state, inbox } = ctx;
  /** Platform events may be delivered twice: each is acted on once. */
  const firstSeen = (eventId: string): boolean => {
    if (state.seenEventIds.includes(eventId)) return false;
    state.seenEventIds = [...state.seenEventIds, eventId].slice(-SEEN_EVENT_LIMIT);
    return true;
  };

  setHandler(stateQuery, () => viewOf(state));
  setHandler(actUpdate, (request) => inbox.submit({ kind: 'act', request }), {
    validator: (request: ActRequest) => failWith(rejectAct(state, request)),
  });
  setHandler(overrideUpdate, (request) => inbox.submit({ kind: 'override', request }), {
    validator: (request: OverrideRequest) => failWith(rejectOverride(state, request)),
  });
  setHandler(reopenUpdate, (request) => inbox.submit({ kind: 'reopen', request }), {
    validator: (request: ReopenRequest) => failWith(rejectReopen(state, request)),
  });
  setHandler(overrideSignal, (payload) => {
    inbox.push({ kind: 'overrideSignal', payload });
  });
  setHandler(rerouteSignal, ({ eventId }) => {
    if (firstSeen(eventId)) inbox.push({ kind: 'reroute' });
  });
  setHandler(userDeactivatedSignal, ({ eventId, userId }) => {
    if (firstSeen(eventId)) inbox.push({ kind: 'userDeactivated', userId });
  });
}
