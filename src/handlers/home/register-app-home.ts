import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { HandlerDeps } from '../handler-deps.js';
import { SlackUserId } from '../slack-ids.js';
import { HomeTabs } from './home-tabs.js';

const HomeOpened = z.object({ user: SlackUserId, tab: z.string().optional() });

/** Interactions that may change what a Home tab shows: commands (proposals), buttons (decisions), dialogs. */
function mayChangeHomes(body: Record<string, unknown>): boolean {
  return typeof body.command === 'string' || body.type === 'block_actions' || body.type === 'view_submission';
}

/**
 * The Home tab: published when someone opens it, and re-published for recent viewers after each interaction that
 * may have moved a request or an alert, in the background (never on the ack path).
 */
export function registerAppHome(app: App, deps: HandlerDeps): HomeTabs {
  const tabs = new HomeTabs({
    services: deps.services,
    logger: deps.logger.child({ component: 'app-home' }),
    command: deps.command,
    ...(deps.announceSandbox ? { announceSandbox: true } : {}),
  });
  app.use(async ({ body, client, next }) => {
    await next();
    if (mayChangeHomes(body as Record<string, unknown>)) tabs.refreshSoon(client);
  });
  app.event('app_home_opened', async ({ event, client }) => {
    const opened = HomeOpened.safeParse(event);
    // The Messages tab opens the app's DM, not the Home view.
    if (!opened.success || (opened.data.tab !== undefined && opened.data.tab !== 'home')) return;
    try {
      await tabs.opened(client, opened.data.user);
    } catch (error) {
      deps.logger.warn({ err: error, user: opened.data.user }, 'could not publish the Home tab');
    }
  });
  return tabs;
}
