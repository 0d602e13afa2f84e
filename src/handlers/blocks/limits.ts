/**
 * Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks and the @slack/types JSDoc).
 * Display text is truncated to fit; identifiers and values are never truncated: builders throw instead,
 * because a cut action_id or button value would route a click to the wrong thing.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  /** Advisory limit of a message's top-level `text` (https://docs.slack.dev/reference/methods/chat.postMessage). */
  messageText: 4000,
} as const;
