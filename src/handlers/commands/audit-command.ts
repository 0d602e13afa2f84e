import { z } from 'zod';
import type { AuditFilter } from '../../services/audit/audit-log.js';
import type { AuditService } from '../../services/audit/audit-service.js';
import { parseSince, SINCE_HINT } from '../../services/audit/audit-since.js';
import { buildAuditMessage } from '../blocks/audit-blocks.js';
import { findMemberId } from './find-member.js';
import { defineCommand } from './pipeline-command-spec.js';

/** `<@U123|bob>` (an escaped mention), `@U123` or `U123`: a member id; `@bob`: a name, looked up when the command runs. */
const UserArg = z
  .string()
  .transform((text) => {
    const id = text.match(/^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$|^@?([UW][A-Z0-9]{2,20})$/);
    return id ? { id: (id[1] ?? id[2]) as string } : { name: text };
  })
  .refine((user) => 'id' in user || /^@\S+$/.test(user.name), 'must be a mention such as @bob, or a member id (U…)');

const SinceArg = z.string().refine((text) => parseSince(text, new Date()) !== undefined, `must be ${SINCE_HINT}`);

const PageArg = z.coerce
  .number({ error: 'must be a page number' })
  .int('must be a whole page number')
  .min(1, 'starts at 1')
  .max(1_000_000, 'is past any page');

export const auditCommand = defineCommand({
  pattern: 'audit [resource...] [--page <page>] [--since <since>] [--user <user>] [--kind <kind>]',
  description:
    'The audit log as sentences, newest first, 20 a page: every proposal, approval, refusal and outcome. Filter by resource name or `#id` (with its full diff), `--since 2d`, `--user @bob`, `--kind input.pause`.',
  args: z.object({
    resource: z.string().min(1).optional(),
    page: PageArg.optional(),
    since: SinceArg.optional(),
    user: UserArg.optional(),
    kind: z.string().min(1).optional(),
  }),
  async run(ctx, args) {
    const since = args.since === undefined ? undefined : ctx.services.audit.since(args.since);
    const filter: AuditFilter = {
      ...(args.resource ? { resource: args.resource } : {}),
      ...(since ? { since } : {}),
      ...(args.user
        ? { actor: 'id' in args.user ? args.user.id : await findMemberId(ctx.client, args.user.name) }
        : {}),
      ...(args.kind ? { kind: args.kind } : {}),
    };
    const pageNumber = args.page ?? 1;
    const page = await ctx.services.audit.page(filter, pageNumber);
    const words = [
      args.resource,
      args.since ? `since ${args.since}` : undefined,
      args.user ? `by ${userText(args.user)}` : undefined,
      args.kind ? `kind ${args.kind}` : undefined,
    ].filter((word) => word !== undefined);
    const changeId = args.resource?.match(/^#?(\d+)$/)?.[1];
    const diff =
      changeId === undefined || page.total === 0 ? undefined : await requestDiff(ctx.services.audit, Number(changeId));
    const options = [
      args.resource ? quoteIfSpaced(args.resource) : undefined,
      args.since ? `--since ${args.since}` : undefined,
      args.user ? `--user ${userText(args.user)}` : undefined,
      args.kind ? `--kind ${quoteIfSpaced(args.kind)}` : undefined,
    ].filter((word) => word !== undefined);
    await ctx.reply(
      buildAuditMessage({
        page,
        filter: words.length > 0 ? words.join(' ') : undefined,
        nextCommand:
          pageNumber < page.pages
            ? `${ctx.command} audit ${[...options, `--page ${pageNumber + 1}`].join(' ')}`
            : undefined,
        ...(diff === undefined ? {} : { diff }),
      }),
    );
  },
});

const userText = (user: { id: string } | { name: string }) => ('id' in user ? user.id : user.name);

const quoteIfSpaced = (text: string) => (/\s/.test(text) ? `"${text}"` : text);

/** The diff recorded when request `id` was proposed; null when none was. */
async function requestDiff(audit: AuditService, id: number): Promise<string | null> {
  const entries = await audit.list({ resource: `#${id}`, limit: 1000 });
  return entries.find((entry) => entry.diff !== null)?.diff ?? null;
}
