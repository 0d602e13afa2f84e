import type { ChangeRequest } from '../../services/changes/change-request.js';
import type { ApproveHooks, ChangeService, DecisionOutcome } from '../../services/changes/change-service.js';
import type { PipeopsMetrics } from './metrics.js';

/**
 * The ChangeService as the handlers see it, counting into `pipeops_change_transitions_total` the state each call
 * left a request in. Recorded from outside, from what the public methods return (and the approve hooks), until
 * ChangeService offers an `onTransition` observer: transitions made inside other services' calls (the status
 * service's reads make none) and by other replicas are not seen here.
 */
export function observeChangeTransitions(changes: ChangeService, metrics: PipeopsMetrics): ChangeService {
  const record = (request: ChangeRequest, transition: string = request.status) =>
    metrics.changeTransitions.inc({ kind: request.kind, transition });
  const recordOutcome = (outcome: DecisionOutcome): DecisionOutcome => {
    if (outcome.type === 'decided') {
      record(outcome.request);
      for (const superseded of outcome.superseded ?? []) record(superseded);
    } else {
      metrics.changeRefusals.inc({ reason: outcome.reason });
      if (outcome.settled) record(outcome.settled);
    }
    return outcome;
  };
  const observed: Partial<ChangeService> = {
    propose: async (...args: Parameters<ChangeService['propose']>) => {
      const request = await changes.propose(...args);
      record(request);
      return request;
    },
    replan: async (...args: Parameters<ChangeService['replan']>) => {
      const request = await changes.replan(...args);
      record(request);
      return request;
    },
    approve: async (id: number, userId: string, hooks: ApproveHooks = {}) => {
      const observedHooks: ApproveHooks = {
        ...hooks,
        onApplying: async (request) => {
          record(request, 'applying');
          await hooks.onApplying?.(request);
        },
        onUnknown: async (request) => {
          record(request, 'unknown');
          await hooks.onUnknown?.(request);
        },
      };
      const outcome = await changes.approve(id, userId, observedHooks);
      // A vote that leaves the request pending (more approvals needed) is counted as `vote`; `unknown` was
      // counted by its hook when the call ends there.
      if (outcome.type === 'decided' && outcome.request.status === 'pending') {
        record(outcome.request, 'vote');
        return outcome;
      }
      if (outcome.type === 'decided' && outcome.request.status === 'unknown') {
        for (const superseded of outcome.superseded ?? []) record(superseded);
        return outcome;
      }
      return recordOutcome(outcome);
    },
    reject: async (...args: Parameters<ChangeService['reject']>) => recordOutcome(await changes.reject(...args)),
    cancel: async (...args: Parameters<ChangeService['cancel']>) => recordOutcome(await changes.cancel(...args)),
    recheck: async (...args: Parameters<ChangeService['recheck']>) => recordOutcome(await changes.recheck(...args)),
    expireDue: async () => {
      const expired = await changes.expireDue();
      for (const request of expired) record(request);
      return expired;
    },
    settleInFlight: async () => {
      const settled = await changes.settleInFlight();
      for (const request of settled) record(request);
      return settled;
    },
  };
  // Everything else is the service's own method, bound to it (its #private fields need `this` to be the service).
  return new Proxy(changes, {
    get(target, property) {
      if (Object.hasOwn(observed, property)) return observed[property as keyof ChangeService];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
