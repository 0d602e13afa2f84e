import { LIMITS } from './limits.js';
import { fitPlainText, truncateMrkdwn } from './mrkdwn.js';

/** The block_id that marks the banner, so that a message already carrying it is not bannered twice. */
export const SANDBOX_BANNER_BLOCK_ID = 'pipeops_sandbox_banner';
export const SANDBOX_TEXT_PREFIX = '[SANDBOX] ';
const BANNER_TEXT =
  ':test_tube: *SANDBOX* · pipeops runs against its embedded sandbox pipeline: nothing here changes a real pipeline.';
/** Slack's limit on the blocks of a view (Home tab, modal); messages have LIMITS.blocksPerMessage. */
const BLOCKS_PER_VIEW = 100;

type Block = Record<string, unknown>;

const bannerBlock = (): Block => ({
  type: 'context',
  block_id: SANDBOX_BANNER_BLOCK_ID,
  elements: [{ type: 'mrkdwn', text: BANNER_TEXT }],
});

/**
 * The blocks with the SANDBOX banner on top. When they are already at Slack's limit the banner cannot be added
 * without dropping content, so the first block's own text says SANDBOX instead.
 */
export function bannerBlocks(blocks: readonly Block[], limit: number = LIMITS.blocksPerMessage): Block[] {
  if (blocks.some((block) => block.block_id === SANDBOX_BANNER_BLOCK_ID)) return [...blocks];
  if (blocks.length < limit) return [bannerBlock(), ...blocks];
  const [first, ...rest] = blocks;
  return first ? [prefixBlockText(first), ...rest] : [];
}

/** A message's `text` fallback (notifications, screen readers, text-only replies) starting with `[SANDBOX]`. */
export function bannerText(text: string): string {
  return text.startsWith(SANDBOX_TEXT_PREFIX) ? text : `${SANDBOX_TEXT_PREFIX}${text}`;
}

/** A message body (`text`, `blocks`) as shown in the sandbox; other fields are kept as they are. */
export function withSandboxBanner<M extends { text?: unknown; blocks?: unknown }>(message: M): M {
  const out: Record<string, unknown> = { ...message };
  if (typeof message.text === 'string') out.text = bannerText(message.text);
  if (Array.isArray(message.blocks)) out.blocks = bannerBlocks(message.blocks as Block[]);
  return out as M;
}

/** A view (Home tab, modal) with the banner on top of its blocks. */
export function withSandboxBannerView<V extends { blocks?: unknown }>(view: V): V {
  if (!Array.isArray(view.blocks)) return view;
  return { ...view, blocks: bannerBlocks(view.blocks as Block[], BLOCKS_PER_VIEW) };
}

function prefixBlockText(block: Block): Block {
  const text = block.text as { type?: unknown; text?: unknown } | undefined;
  if ((block.type === 'section' || block.type === 'header') && typeof text?.text === 'string') {
    const prefix = text.type === 'mrkdwn' ? '*SANDBOX* · ' : 'SANDBOX · ';
    const max = block.type === 'header' ? LIMITS.headerText : LIMITS.sectionText;
    // A plain cut could leave a code span open, letting the untrusted text inside it out as formatting.
    const fitted =
      text.type === 'mrkdwn'
        ? truncateMrkdwn(`${prefix}${text.text}`, max)
        : fitPlainText(`${prefix}${text.text}`, max);
    return { ...block, text: { ...text, text: fitted } };
  }
  if (block.type === 'context' && Array.isArray(block.elements) && block.elements.length < LIMITS.contextElements) {
    return { ...block, elements: [{ type: 'mrkdwn', text: '*SANDBOX*' }, ...block.elements] };
  }
  return block;
}
