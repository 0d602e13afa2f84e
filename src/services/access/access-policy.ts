import { UserError } from '../user-error.js';

/** Answers "who is in user group S…". Implemented over Slack's usergroups API (cached), or statically. */
export interface MemberDirectory {
  groupMembers(groupId: string): Promise<readonly string[]>;
}

export interface AccessRules {
  /** User ids (U…/W…) and user-group ids (S…) allowed to propose changes; empty = everyone. */
  proposers: readonly string[];
  /** User ids and user-group ids allowed to approve or reject; empty = everyone (but never the requester). */
  approvers: readonly string[];
}

/** User-group ids start with S; user ids with U or W. */
export const userGroupId = /^S[A-Z0-9]+$/;

/** Who may propose and who may approve. Fails closed: when a group cannot be read, the answer is no. */
export class AccessPolicy {
  readonly #rules: AccessRules;
  readonly #directory: MemberDirectory;

  constructor(rules: AccessRules, directory: MemberDirectory) {
    this.#rules = rules;
    this.#directory = directory;
  }

  canPropose(userId: string): Promise<boolean> {
    return this.#allows(this.#rules.proposers, userId);
  }

  canApprove(userId: string): Promise<boolean> {
    return this.#allows(this.#rules.approvers, userId);
  }

  /** Throws a UserError unless `userId` may propose. */
  async assertCanPropose(userId: string): Promise<void> {
    if (!(await this.canPropose(userId))) {
      throw new UserError('not_allowed', 'You are not allowed to propose pipeline changes (see PIPEOPS_PROPOSERS).');
    }
  }

  get rules(): AccessRules {
    return this.#rules;
  }

  async #allows(entries: readonly string[], userId: string): Promise<boolean> {
    if (entries.length === 0 || entries.includes(userId)) return true;
    for (const entry of entries.filter((e) => userGroupId.test(e))) {
      try {
        if ((await this.#directory.groupMembers(entry)).includes(userId)) return true;
      } catch {
        // Fail closed: an unreadable group grants nothing. The directory logs why.
      }
    }
    return false;
  }
}
