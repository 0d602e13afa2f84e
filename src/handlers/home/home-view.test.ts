import { describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../services/changes/change-request.js';
import type { HomeOverview } from '../../services/home/home-overview.js';
import { SANDBOX_BANNER_BLOCK_ID } from '../blocks/sandbox-banner.js';
import { buildHomeView, HOME_CALLBACK_ID } from './home-view.js';

const request = (id: number, title: string): ChangeRequest =>
  ({
    id,
    title,
    requestedBy: 'UALICE',
    approvals: [],
    approvalsRequired: 1,
    expiresAt: new Date('2026-11-23T12:00:00Z'),
  }) as unknown as ChangeRequest;

const overview = (over: Partial<HomeOverview> = {}): HomeOverview => ({
  userId: 'UBOB',
  awaitingYou: [],
  yours: [],
  firing: [],
  recentlyApplied: [],
  ...over,
});

const options = { sandbox: false, now: new Date('2026-11-23T10:00:00Z'), command: '/pipeline' };

describe('the Home view', () => {
  it('names its owner and is marked as pipeops’ own', () => {
    const view = buildHomeView(overview(), options);
    expect(view.callback_id).toBe(HOME_CALLBACK_ID);
    expect(JSON.parse(view.private_metadata)).toEqual({ user: 'UBOB' });
  });

  it('says SANDBOX on top on the sandbox, and not otherwise', () => {
    expect(buildHomeView(overview(), { ...options, sandbox: true }).blocks[0]?.block_id).toBe(SANDBOX_BANNER_BLOCK_ID);
    expect(JSON.stringify(buildHomeView(overview(), options).blocks)).not.toContain('SANDBOX');
  });

  it('shows a request’s title literally, and offers the card’s own Approve and Reject', () => {
    const view = buildHomeView(overview({ awaitingYou: [request(7, 'Pause *all* <!here>')] }), options);
    const line = view.blocks.find((block) => block.block_id === 'home-cr7-line');
    const text = JSON.stringify(line && 'text' in line ? line.text : null);
    expect(text).toContain('"#7 Pause ∗all∗ &lt;!here&gt; · by <@UALICE>');
    const actions = view.blocks.find((block) => block.type === 'actions');
    expect(actions && 'elements' in actions ? actions.elements : []).toMatchObject([
      { action_id: 'change_approve', value: '7' },
      { action_id: 'change_reject', value: '7' },
    ]);
  });

  it('stays within Slack’s 100 blocks of a view with every section full', () => {
    const many = Array.from({ length: 10 }, (_, i) => request(i + 1, `Change ${i + 1}`));
    const view = buildHomeView(overview({ awaitingYou: many, yours: many }), {
      ...options,
      sandbox: true,
      notice: 'x',
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
