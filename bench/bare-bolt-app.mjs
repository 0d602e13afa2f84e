// The baseline of bench/bot.bench.ts: a bare Bolt 5 app (the same package pipeops uses) with the HTTP receiver and
// one slash command that only acknowledges. Plain JavaScript, run with `node`, as the compiled pipeops is.
// Reads PORT, SLACK_SIGNING_SECRET and SLACK_API_URL (so that nothing can reach slack.com).
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bench',
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  botId: 'B0BOT',
  botUserId: 'U0BOT',
  tokenVerificationEnabled: false,
  logLevel: bolt.LogLevel.WARN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/pipeline', async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
const stop = async () => {
  await app.stop();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
