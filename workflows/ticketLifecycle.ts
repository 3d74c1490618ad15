import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { TransitionSpec } from '../domain/definitionSchema';
import { stepOf, transitionOf } from '../domain/definitions';
import type { NotificationMessage, NotificationType } from '../domain/notifications';
import {
  deadlineOf,
  nextSlaEvent,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
  stepTargetMs,
} from '../domain/sla';
import { parseOverrideSignal } from '../domain/overrides';
import type { TicketEvent, TicketSnapshot, TicketStatus } from '../domain/tickets';
import { chooseCoordinator } from './lifecycle/coordinator';
import { showOperatorDetails } from './lifecycle/operatorDetails';
import { lifecycleProxies } from './lifecycle/proxies';
import { searchAttributeSync } from './lifecycle/searchAttributeSync';
import {
  DEFAULT_OPTIONS,
  initialState,
  isClosed,
  viewOf,
  type LifecycleOptions,
  type LifecycleState,
  type StepRun,
} from './lifecycle/state';
import { rejectAct, rejectOverride, type Rejection } from './lifecycle/validation';
import {
  actUpdate,
  overrideSignal,
  overrideUpdate,
  rerouteSignal,
  stateQuery,
  userDeactivatedSignal,
  type ActRequest,
  type LifecycleView,
  type OverrideRequest,
  type Person,
} from './messages';
import {
  ASSIGNED_ROLE,
  ASSIGNEE_ID,
  PRIORITY,
  SLA_BREACHED,
  SLA_DEADLINE,
  TICKET_NUMBER,
  TICKET_STATUS,
} from './searchAttributes';

type Command =
  | { kind: 'act'; request: ActRequest }
  | { kind: 'override'; request: OverrideRequest }
  | { kind: 'overrideSignal'; payload: unknown }
  | { kind: 'reroute' }
  | { kind: 'userDeactivated'; userId: string };

type Reply = { ok: true; view: LifecycleView } | { ok: false; rejection: Rejection };

/** How a step ends: along a transition (to a step or the end), or by cancellation. */
/** How a step ended: the next step (or the end) and who moved it there, or the ticket cancelled. */
type StepExit = { to: string | null; ticketStatus: TicketStatus; actorId: string } | 'cancelled';

const SEEN_EVENT_LIMIT = 200;

/**
 * The durable life of one ticket: match a definition, then for each step assign round-robin,
 * notify, and wait for an action, an override or the SLA clock; the last transition closes it.
 * Messages are queued by their handlers and applied one at a time by this loop, so every side
 * effect happens in order and an update is answered only once it is applied.
 */
export async function ticketLifecycle(
  ticket: TicketSnapshot,
  options: Partial<LifecycleOptions> = {},
  resume?: LifecycleState,
): Promise<LifecycleView> {
  const opts: LifecycleOptions = { ...DEFAULT_OPTIONS, ...options };
  const state = resume ?? initialState(ticket);
  const { workflowId } = workflowInfo();
  const { store, sideEffects, comments, batchedSearchAttributes } = lifecycleProxies();
  const inbox: { id: number; command: Command }[] = [];
  const replies = new Map<number, Reply>();
  const leavingReplies: number[] = [];
  let nextCommandId = 0;

  const submit = async (command: Command): Promise<LifecycleView> => {
    const id = nextCommandId++;
    inbox.push({ id, command });
    await condition(() => replies.has(id));
    const reply = replies.get(id) as Reply;
    replies.delete(id);
    if (!reply.ok) {
      throw ApplicationFailure.create({
        type: reply.rejection.type,
        message: reply.rejection.message,
        nonRetryable: true,
      });
    }
    return reply.view;
  };
  const firstSeen = (eventId: string): boolean => {
    if (state.seenEventIds.includes(eventId)) return false;
    state.seenEventIds = [...state.seenEventIds, eventId].slice(-SEEN_EVENT_LIMIT);
    return true;
  };
  const failWith = (rejection: Rejection | null): void => {
    if (rejection) {
      throw ApplicationFailure.create({
        type: rejection.type,
        message: rejection.message,
        nonRetryable: true,
      });
    }
  };

  setHandler(stateQuery, () => viewOf(state));
  setHandler(actUpdate, (request) => submit({ kind: 'act', request }), {
    validator: (request: ActRequest) => failWith(rejectAct(state, request)),
  });
  setHandler(overrideUpdate, (request) => submit({ kind: 'override', request }), {
    validator: (request: OverrideRequest) => failWith(rejectOverride(state, request)),
  });
  setHandler(overrideSignal, (payload) => {
    inbox.push({ id: nextCommandId++, command: { kind: 'overrideSignal', payload } });
  });
  setHandler(rerouteSignal, ({ eventId }) => {
    if (firstSeen(eventId)) inbox.push({ id: nextCommandId++, command: { kind: 'reroute' } });
  });
  setHandler(userDeactivatedSignal, ({ eventId, userId }) => {
    if (firstSeen(eventId)) {
      inbox.push({ id: nextCommandId++, command: { kind: 'userDeactivated', userId } });
    }
  });

  // ---- effects -------------------------------------------------------------------------------

  const nextKey = (prefix: string): string => `${workflowId}:${prefix}${++state.eventSeq}`;

  const searchAttributes = searchAttributeSync(() => {
    const deadline = state.step ? deadlineOf(state.step.clock) : null;
    return [
      { key: TICKET_NUMBER, value: state.ticket.number },
      { key: TICKET_STATUS, value: state.status },
      { key: PRIORITY, value: state.ticket.priority },
      { key: ASSIGNED_ROLE, value: state.step?.role ?? null },
      { key: ASSIGNEE_ID, value: state.step?.assignee?.id ?? null },
      { key: SLA_BREACHED, value: state.step?.clock.breached ?? false },
      { key: SLA_DEADLINE, value: deadline === null ? null : new Date(deadline) },
    ];
  }, batchedSearchAttributes);

  /** Before every wait: the search attributes and the Web UI's details catch up with the state. */
  const beforeWait = (): void => {
    searchAttributes.flush();
    showOperatorDetails(state);
  };

  const record = async (
    type: TicketEvent['type'],
    fields: Omit<TicketEvent, 'eventKey' | 'type' | 'occurredAt' | 'actor'> = {},
    actorId?: string,
  ): Promise<void> => {
    const step = state.step;
    const deadline = step ? deadlineOf(step.clock) : null;
    await sideEffects.recordTicketEvent({
      ticketNumber: state.ticket.number,
      event: {
        eventKey: nextKey('e'),
        type,
        occurredAt: new Date().toISOString(),
        actor: actorId ? { kind: 'user', id: actorId } : { kind: 'system' },
        status: state.status,
        priority: state.ticket.priority,
        assigneeId: step?.assignee?.id ?? null,
        assignedRole: step?.role ?? null,
        slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
        slaBreached: step?.clock.breached ?? false,
        ...fields,
      },
    });
    searchAttributes.changed();
  };

  const message = (
    type: NotificationType,
    to: Person | { id: string },
    data: NotificationMessage['data'] = {},
  ): NotificationMessage => ({
    id: uuid4(),
    type,
    recipient:
      'email' in to ? { userId: to.id, email: to.email, name: to.name } : { userId: to.id },
    data: {
      ticketNumber: state.ticket.number,
      subject: state.ticket.subject,
      priority: state.ticket.priority,
      step: state.step?.name ?? null,
      ...data,
    },
    createdAt: new Date().toISOString(),
  });

  const notify = async (
    email: NotificationMessage[],
    inapp: NotificationMessage[],
  ): Promise<void> => {
    if (email.length + inapp.length > 0) await sideEffects.publishNotifications({ email, inapp });
  };

  const comment = async (body: string): Promise<void> => {
    const { posted } = await comments.postSystemComment({
      ticketNumber: state.ticket.number,
      commentKey: nextKey('c'),
      body,
    });
    if (!posted) await record('comment_failed', { details: { body } });
  };

  /** The workflow service's row for this ticket: definition, coordinator, status. */
  const saveTicketRun = (): Promise<void> =>
    store.recordTicketRun({
      ticketNumber: state.ticket.number,
      workflowId,
      definitionId: state.definition?.id ?? null,
      coordinatorId: state.coordinator?.id ?? null,
      status: state.status,
      priority: state.ticket.priority,
    });

  const setStatus = (status: TicketStatus): void => {
    state.status = status;
  };

  // ---- routing and assignment -------------------------------------------------------------------

  const route = async (): Promise<boolean> => {
    state.definition = await store.matchDefinition({
      system: state.ticket.system,
      department: state.ticket.department,
      category: state.ticket.category,
    });
    if (state.definition) {
      await record('routed', {
        details: { definition: state.definition.key, version: state.definition.version },
      });
      return true;
    }
    if (state.status !== 'unrouted') {
      setStatus('unrouted');
      await record('unrouted', {
        details: { department: state.ticket.department, category: state.ticket.category },
      });
      const admins = await store.listRoleMembers({ system: state.ticket.system, role: 'admin' });
      await notify(
        [],
        admins.map((admin) =>
          message('unrouted_ticket', admin, {
            department: state.ticket.department,
            category: state.ticket.category,
          }),
        ),
      );
    }
    return false;
  };

  const pickCoordinator = async (exclude: string[] = []): Promise<void> => {
    if (!state.definition) return;
    state.coordinator = await chooseCoordinator(store, state, exclude);
    await saveTicketRun();
  };

  /** Hands the step to `userId`, or round-robin within `role`; notifies whoever gets it. */
  const assign = async (
    step: StepRun,
    origin: 'system' | 'transferred' | 'escalation',
    role: string,
    userId?: string,
    notes?: string,
  ): Promise<Person | null> => {
    const candidates = await store.listRoleMembers({ system: state.ticket.system, role });
    const previous = step.assignee;
    step.assignmentSeq += 1;
    const person = await store.assignTask({
      taskId: step.taskId,
      assignmentKey: `${step.taskId}:${step.assignmentSeq}`,
      system: state.ticket.system,
      role,
      candidates,
      excludeUserIds: previous && origin !== 'transferred' ? [previous.id] : [],
      origin,
      ...(userId !== undefined ? { userId } : {}),
      ...(notes !== undefined ? { notes } : {}),
    });
    step.role = role;
    step.assignee = person;
    const eventType =
      origin === 'system' ? 'assigned' : origin === 'transferred' ? 'transferred' : 'escalated';
    await record(eventType, { details: { origin, ...(notes ? { notes } : {}) } });
    if (!person) {
      const coordinator = state.coordinator;
      await notify(
        [],
        coordinator ? [message('assignment', coordinator, { unassigned: true, role })] : [],
      );
      return null;
    }
    const type: NotificationType =
      origin === 'system' ? 'assignment' : origin === 'transferred' ? 'transfer' : 'escalation';
    const deadline = deadlineOf(step.clock);
    const data = { role, slaDeadline: deadline === null ? null : new Date(deadline).toISOString() };
    await notify([message(type, person, data)], [message(type, person, data)]);
    await comment(`${step.name}: assigned to ${person.name} (${role}, ${origin}).`);
    return person;
  };

  const enterStep = async (stepKey: string): Promise<void> => {
    const definition = state.definition;
    if (!definition) throw new Error('enterStep without a definition');
    const spec = stepOf(definition.spec, stepKey);
    const clock = startClock(
      Date.now(),
      stepTargetMs(definition.spec, spec, state.ticket.priority),
    );
    state.stepSeq += 1;
    const { taskId } = await store.createTask({
      taskKey: `${workflowId}:step${state.stepSeq}`,
      ticketNumber: state.ticket.number,
      workflowId,
      definitionId: definition.id,
      stepKey,
      stepName: spec.name,
      role: spec.role,
      system: state.ticket.system,
      slaDeadline: new Date(deadlineOf(clock) ?? Date.now()).toISOString(),
    });
    state.step = {
      seq: state.stepSeq,
      key: stepKey,
      name: spec.name,
      role: spec.role,
      taskId,
      assignee: null,
      assignmentSeq: 0,
      clock,
      started: false,
      escalated: false,
    };
    setStatus('open');
    await assign(state.step, 'system', spec.role);
  };

  const escalate = async (step: StepRun, reason: string, actorId?: string): Promise<void> => {
    const escalateTo = state.definition
      ? stepOf(state.definition.spec, step.key).escalateTo
      : undefined;
    if (!escalateTo) return;
    step.escalated = true;
    await assign(step, 'escalation', escalateTo, undefined, reason);
    const coordinator = state.coordinator;
    if (coordinator)
      await notify([], [message('escalation', coordinator, { reason, role: escalateTo })]);
    if (actorId) await record('override', { details: { action: 'escalate', reason } }, actorId);
  };

  // ---- SLA ----------------------------------------------------------------------------------

  const onSlaEvent = async (step: StepRun, kind: 'warning' | 'breach'): Promise<void> => {
    const watchers = [step.assignee, state.coordinator].filter((p): p is Person => p !== null);
    const deadline = deadlineOf(step.clock);
    const data = { slaDeadline: deadline === null ? null : new Date(deadline).toISOString() };
    if (kind === 'warning') {
      step.clock = { ...step.clock, warningSent: true };
      await store.updateTask({ taskId: step.taskId, warningSent: true });
      await record('sla_warning');
      await notify(
        watchers.map((p) => message('sla_warning', p, data)),
        [],
      );
      return;
    }
    step.clock = { ...step.clock, breached: true };
    await store.updateTask({
      taskId: step.taskId,
      slaBreached: true,
      assignmentStatus: 'breached',
    });
    await record('sla_breached');
    await notify(
      watchers.map((p) => message('sla_breach', p, data)),
      watchers.map((p) => message('sla_breach', p, data)),
    );
    if (!step.escalated) await escalate(step, 'SLA breached');
  };

  const hold = async (step: StepRun, actorId: string, reason?: string): Promise<void> => {
    state.statusBeforeHold = state.status;
    step.clock = pauseClock(step.clock, Date.now());
    setStatus('on_hold');
    await store.updateTask({ taskId: step.taskId, status: 'on_hold', slaDeadline: null });
    await record(
      'status_changed',
      { details: { action: 'hold', ...(reason ? { reason } : {}) } },
      actorId,
    );
  };

  const resumeStep = async (step: StepRun, actorId: string): Promise<void> => {
    step.clock = resumeClock(step.clock, Date.now());
    setStatus(state.statusBeforeHold ?? 'open');
    state.statusBeforeHold = null;
    const deadline = deadlineOf(step.clock);
    await store.updateTask({
      taskId: step.taskId,
      status: step.started ? 'in_progress' : 'pending',
      slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
    });
    await record('status_changed', { details: { action: 'resume' } }, actorId);
  };

  // ---- messages -----------------------------------------------------------------------------

  const completeStep = async (
    step: StepRun,
    transition: Pick<TransitionSpec, 'to' | 'ticketStatus'>,
    action: string,
    actorId: string,
    notes?: string,
  ): Promise<StepExit> => {
    await store.updateTask({
      taskId: step.taskId,
      status: 'completed',
      action,
      assignmentStatus: 'resolved',
      ...(notes !== undefined ? { notes } : {}),
    });
    return { to: transition.to, ticketStatus: transition.ticketStatus, actorId };
  };

  const applyAct = async (step: StepRun, request: ActRequest): Promise<StepExit | null> => {
    const actorId = request.actor.userId;
    switch (request.action) {
      case 'start':
        step.started = true;
        setStatus('in_progress');
        await store.updateTask({
          taskId: step.taskId,
          status: 'in_progress',
          assignmentStatus: 'in_progress',
        });
        await record('status_changed', { details: { action: 'start' } }, actorId);
        return null;
      case 'transfer':
        await assign(step, 'transferred', step.role, request.targetUserId, request.notes);
        return null;
      case 'escalate':
        await escalate(step, request.reason ?? request.notes ?? 'escalated manually', actorId);
        return null;
      case 'hold':
        await hold(step, actorId, request.notes);
        return null;
      case 'resume':
        await resumeStep(step, actorId);
        return null;
      default: {
        const transition = transitionOf(state.definition!.spec, step.key, request.action);
        if (!transition) return null;
        return completeStep(step, transition, request.action, actorId, request.notes);
      }
    }
  };

  const applyOverride = async (request: OverrideRequest): Promise<StepExit | null> => {
    const actorId = request.actor.userId;
    const step = state.step;
    await record(
      'override',
      { details: { type: request.type, ...(request.reason ? { reason: request.reason } : {}) } },
      actorId,
    );
    switch (request.type) {
      case 'reassign':
        if (step) await assign(step, 'transferred', step.role, request.userId, request.reason);
        return null;
      case 'change_priority': {
        const from = state.ticket.priority;
        state.ticket = { ...state.ticket, priority: request.priority };
        if (step && state.definition) {
          const spec = stepOf(state.definition.spec, step.key);
          step.clock = retargetClock(
            step.clock,
            stepTargetMs(state.definition.spec, spec, request.priority),
          );
          const deadline = deadlineOf(step.clock);
          await store.updateTask({
            taskId: step.taskId,
            slaDeadline: deadline === null ? null : new Date(deadline).toISOString(),
          });
        }
        await record('priority_changed', { details: { from, to: request.priority } }, actorId);
        return null;
      }
      case 'force_transition':
        if (!step) return null;
        return completeStep(
          step,
          {
            to: request.toStep,
            ticketStatus:
              request.toStep === null ? (request.ticketStatus ?? 'closed') : 'in_progress',
          },
          'forced',
          actorId,
          request.reason,
        );
      case 'hold':
        if (step) await hold(step, actorId, request.reason);
        return null;
      case 'resume':
        if (step) await resumeStep(step, actorId);
        return null;
      case 'cancel':
        if (step) await store.updateTask({ taskId: step.taskId, status: 'cancelled' });
        return 'cancelled';
    }
  };

  /** A refused override signal: nobody waits for an answer, so history and the admin learn why. */
  const refuseOverrideSignal = async (adminId: string | null, reason: string): Promise<void> => {
    await record('override_refused', { details: { reason, ...(adminId ? { adminId } : {}) } });
    if (adminId) await notify([], [message('override_refused', { id: adminId }, { reason })]);
  };

  /** An override sent as a signal: same checks as the Update, plus "the named admin is one now". */
  const applyOverrideSignal = async (payload: unknown): Promise<StepExit | null> => {
    const parsed = parseOverrideSignal(payload);
    if (!parsed.ok) {
      await refuseOverrideSignal(parsed.adminId, parsed.problem);
      return null;
    }
    const admins = await store.listRoleMembers({ system: state.ticket.system, role: 'admin' });
    if (!admins.some((admin) => admin.id === parsed.adminId)) {
      await refuseOverrideSignal(
        parsed.adminId,
        `user ${parsed.adminId} is not an active admin of ${state.ticket.system}`,
      );
      return null;
    }
    const request: OverrideRequest = {
      ...parsed.body,
      actor: { userId: parsed.adminId, roles: ['admin'] },
    };
    const rejection = rejectOverride(state, request);
    if (rejection) {
      await refuseOverrideSignal(parsed.adminId, rejection.message);
      return null;
    }
    return applyOverride(request);
  };

  /** Applies one queued message; answers its update, if it came from one. */
  const handle = async (id: number, command: Command): Promise<StepExit | null> => {
    const step = state.step;
    let exit: StepExit | null = null;
    let rejection: Rejection | null = null;
    try {
      if (command.kind === 'act') {
        rejection = rejectAct(state, command.request);
        if (!rejection && step) exit = await applyAct(step, command.request);
      } else if (command.kind === 'override') {
        rejection = rejectOverride(state, command.request);
        if (!rejection) exit = await applyOverride(command.request);
      } else if (command.kind === 'overrideSignal') {
        exit = await applyOverrideSignal(command.payload);
      } else if (command.kind === 'userDeactivated') {
        if (state.coordinator?.id === command.userId) await pickCoordinator([command.userId]);
        if (step?.assignee?.id === command.userId) await assign(step, 'system', step.role);
      }
    } catch (error) {
      if (!(error instanceof ApplicationFailure) && !isActivityRejection(error)) throw error;
      rejection = { type: 'InvalidTarget', message: rootMessage(error) };
      if (command.kind === 'overrideSignal') {
        const { adminId } = parseOverrideSignal(command.payload);
        await refuseOverrideSignal(adminId, rejection.message);
      }
    }
    if (rejection) replies.set(id, { ok: false, rejection });
    else if (exit) leavingReplies.push(id);
    else replies.set(id, { ok: true, view: viewOf(state) });
    return exit;
  };
  /** Answers the updates that moved the ticket off its step, once the move is complete. */
  const answerLeavingUpdates = (): void => {
    for (const id of leavingReplies.splice(0)) replies.set(id, { ok: true, view: viewOf(state) });
  };

  const quietMoment = (): boolean => inbox.length === 0 && allHandlersFinished();
  const historyIsLong = (): boolean => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > opts.maxHistoryEvents;
  };

  /** Waits on the current step until it is left; SLA timers move with hold, resume and priority. */
  const workStep = async (step: StepRun): Promise<StepExit> => {
    for (;;) {
      beforeWait();
      if (historyIsLong() && quietMoment()) {
        await continueAsNew<typeof ticketLifecycle>(state.ticket, options, state);
      }
      const spec = state.definition!.spec;
      const sla = nextSlaEvent(step.clock, spec.warningRatio);
      const waits = [
        ...(sla ? [Math.max(0, sla.at - Date.now())] : []),
        ...(step.assignee === null ? [opts.retryAssignmentAfterMs] : []),
      ];
      const waitMs = waits.length > 0 ? Math.min(...waits) : undefined;
      const wake = (): boolean => inbox.length > 0 || (historyIsLong() && quietMoment());
      const woken =
        waitMs === undefined ? (await condition(wake), true) : await condition(wake, waitMs);
      if (!woken) {
        if (sla && Date.now() >= sla.at) await onSlaEvent(step, sla.kind);
        else if (step.assignee === null) await assign(step, 'system', step.role);
        continue;
      }
      const next = inbox.shift();
      if (!next) continue;
      const exit = await handle(next.id, next.command);
      if (exit) return exit;
    }
  };

  // ---- the ticket's life ----------------------------------------------------------------------

  if (!resume) {
    searchAttributes.changed();
    await record('created');
  }
  while (!state.definition && !isClosed(state)) {
    if (await route()) break;
    beforeWait();
    await condition(() => inbox.length > 0, opts.retryRoutingAfterMs);
    const next = inbox.shift();
    if (next && (await handle(next.id, next.command)) === 'cancelled') setStatus('cancelled');
  }
  if (!resume && state.definition) await pickCoordinator();
  if (!state.step && state.definition && !isClosed(state))
    await enterStep(state.definition.spec.startStep);

  let closedBy: string | undefined;
  while (state.step && !isClosed(state)) {
    const step = state.step;
    const exit = await workStep(step);
    if (exit === 'cancelled') {
      setStatus('cancelled');
      break;
    }
    if (exit.to !== null) {
      setStatus(exit.ticketStatus);
      await record('status_changed', { details: { from: step.key, to: exit.to } }, exit.actorId);
      await enterStep(exit.to);
      answerLeavingUpdates();
      continue;
    }
    setStatus(exit.ticketStatus);
    closedBy = exit.actorId;
  }

  await finish(closedBy);
  return viewOf(state);

  /** Closes the books; `actorId`: whose action ended it (history and first-response figures). */
  async function finish(actorId?: string): Promise<void> {
    await record('closed', { details: { outcome: state.status } }, actorId);
    await saveTicketRun();
    const toRequester =
      state.definition?.spec.endLogic.notifyRequester !== false
        ? [message('status_change', { id: state.ticket.requesterId }, { status: state.status })]
        : [];
    const inapp = [
      ...toRequester,
      ...(state.coordinator
        ? [message('task_complete', state.coordinator, { outcome: state.status })]
        : []),
    ];
    await notify(toRequester, inapp);
    state.step = null;
    answerLeavingUpdates();
    while (inbox.length > 0) {
      const next = inbox.shift()!;
      replies.set(next.id, {
        ok: false,
        rejection: {
          type: 'ActionNotAllowed',
          message: `ticket ${state.ticket.number} is ${state.status}`,
        },
      });
    }
    beforeWait();
    await condition(allHandlersFinished);
  }
}

function isActivityRejection(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'cause' in error &&
    error.cause instanceof ApplicationFailure
  );
}

function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && 'cause' in current && current.cause) {
    current = current.cause;
  }
  return current instanceof Error ? current.message : String(current);
}
