import type { Logger } from 'pino';
import type { SlackClient } from '../handlers/handler-deps.js';
import type { MemberDirectory } from '../services/access/access-policy.js';

/**
 * User-group membership from Slack's usergroups.users.list, cached: the method is Tier 2 (about 20 calls a
 * minute), and approvals must not wait on, or be rate limited by, a lookup that rarely changes.
 */
export function createSlackMemberDirectory(
  client: () => SlackClient,
  logger: Logger,
  ttlMs = 10 * 60_000,
  now: () => number = Date.now,
): MemberDirectory {
  const cache = new Map<string, { members: readonly string[]; until: number }>();
  return {
    async groupMembers(groupId) {
      const hit = cache.get(groupId);
      if (hit && hit.until > now()) return hit.members;
      try {
        const result = await client().usergroups.users.list({ usergroup: groupId });
        const members = result.users ?? [];
        cache.set(groupId, { members, until: now() + ttlMs });
        return members;
      } catch (error) {
        logger.warn({ err: error, groupId }, 'could not read user group members; treating as no members');
        throw error;
      }
    },
  };
}
