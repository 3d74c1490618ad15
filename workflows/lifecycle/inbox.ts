import { ApplicationFailure, condition } from '@temporalio/workflow';
import type { ActRequest, LifecycleView, OverrideRequest, ReopenRequest } from '../messages';
import { viewOf, type LifecycleState } from './state';
import type { Rejection } from './validation';

export type Command =
  | { kind: 'act'; request: ActRequest }
  | { kind: 'override'; request: OverrideRequest }
  | { kind: 'overrideSignal'; payload: unknown }
  | { kind: 'reopen'; request: ReopenRequest }
  | { kind: 'reroute' }
  | { kind: 'userDeactivated'; userId: string };

export interface QueuedCommand {
  id: number;
  command: Command;
}

type Reply = { ok: true; view: LifecycleView } | { ok: false; rejection: Rejection };

/** The failure an update's caller gets for a rejection: not retryable, typed for the API. */
export function rejectionFailure(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    type: rejection.type,
    message: rejection.message,
    nonRetryable: true,
  });
}

/**
 * Messages queued by their handlers for the lifecycle loop to apply one at a time, and the answers
 * the updates among them wait for. Signals share the numbering but nobody waits for their answer.
 */
export class CommandInbox {
  private readonly queue: QueuedCommand[] = [];
  private readonly replies = new Map<number, Reply>();
  private readonly leavingReplies: number[] = [];
  /** Ids of updates waiting for their answer; signals' answers are dropped, not kept forever. */
  private readonly awaited = new Set<number>();
  private nextCommandId = 0;

  get length(): number {
    return this.queue.length;
  }

  /** Queues a signal's command. */
  push(command: Command): void {
    this.queue.push({ id: this.nextCommandId++, command });
  }

  /** Queues an update's command and waits until the loop has applied (or refused) it. */
  async submit(command: Command): Promise<LifecycleView> {
    const id = this.nextCommandId++;
    this.awaited.add(id);
    this.queue.push({ id, command });
    await condition(() => this.replies.has(id));
    const reply = this.replies.get(id) as Reply;
    this.replies.delete(id);
    this.awaited.delete(id);
    if (!reply.ok) throw rejectionFailure(reply.rejection);
    return reply.view;
  }

  take(): QueuedCommand | undefined {
    return this.queue.shift();
  }

  accept(id: number, state: LifecycleState): void {
    if (this.awaited.has(id)) this.replies.set(id, { ok: true, view: viewOf(state) });
  }

  reject(id: number, rejection: Rejection): void {
    if (this.awaited.has(id)) this.replies.set(id, { ok: false, rejection });
  }

  /** The command moved the ticket off its step: it is answered once the move is complete. */
  acceptOnLeaving(id: number): void {
    if (this.awaited.has(id)) this.leavingReplies.push(id);
  }

  /** Answers the updates that moved the ticket off its step, once the move is complete. */
  answerLeaving(state: LifecycleState): void {
    for (const id of this.leavingReplies.splice(0)) this.accept(id, state);
  }

  /** Refuses everything still queued: the ticket is closed. */
  rejectAll(rejection: Rejection): void {
    while (this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.reject(next.id, rejection);
    }
  }
}
