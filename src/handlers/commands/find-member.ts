import { z } from 'zod';
import { closeNamesSentence } from '../../services/close-names.js';
import { UserError } from '../../services/user-error.js';
import type { SlackClient } from '../handler-deps.js';

/** Pages of users.list read at most (200 members each): enough for the workspaces a chat-ops bot serves. */
const MAX_PAGES = 10;

const Member = z.object({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
});
const UsersPage = z.object({
  members: z.array(z.unknown()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/**
 * The member id for a typed `@name`: with should_escape off Slack sends mentions in command text as plain names,
 * so the name is looked up in users.list (handle, display name or real name, case-insensitive). A UserError when no
 * member or several have that name, listing close names.
 */
export async function findMemberId(client: SlackClient, typed: string): Promise<string> {
  const wanted = typed.replace(/^@/, '').toLowerCase();
  const names = new Map<string, Set<string>>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = UsersPage.parse(await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) }));
    for (const raw of answer.members) {
      const member = Member.safeParse(raw);
      if (!member.success || member.data.deleted) continue;
      const { id, name, real_name, profile } = member.data;
      for (const candidate of [name, profile?.display_name, real_name, profile?.real_name]) {
        if (candidate) names.set(candidate, (names.get(candidate) ?? new Set()).add(id));
      }
    }
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  const ids = new Set(
    [...names].filter(([name]) => name.toLowerCase() === wanted).flatMap(([, memberIds]) => [...memberIds]),
  );
  const [only] = ids;
  if (ids.size === 1 && only) return only;
  if (ids.size > 1) {
    throw new UserError(
      'member_ambiguous',
      `Several members are called \`@${wanted}\`; give a member id (U…) instead.`,
    );
  }
  throw new UserError(
    'member_not_found',
    `No member named \`@${wanted}\`.${closeNamesSentence([...names.keys()], wanted, 'members')}`,
  );
}
