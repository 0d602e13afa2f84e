import type { CommandContext } from '../commands/pipeline-command-spec.js';

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Uploads masked samples in full (the compact reply folds and cuts them) to the channel the command came from, as
 * the change card uploads its full diff. A failed upload is told to the user; the reply they got stands.
 */
export async function uploadSamplesSnippet(
  ctx: CommandContext,
  file: { filename: string; title: string; content: string },
): Promise<void> {
  try {
    await ctx.client.filesUploadV2({
      channel_id: ctx.channelId,
      filename: file.filename,
      title: file.title,
      content: file.content,
      snippet_type: 'json',
    });
  } catch (error) {
    ctx.logger.warn({ err: error, file: file.filename }, 'could not upload the samples snippet');
    await ctx.reply({
      text: `The full JSON could not be uploaded (${slackErrorCode(error) ?? 'upload failed'}).`,
      blocks: [],
    });
  }
}
