import type { App } from '@slack/bolt';
import { registerChangeActions } from './actions/register-change-actions.js';
import { registerAlertActions } from './alerts/register-alert-actions.js';
import { registerPipelineCommand } from './commands/register-pipeline-command.js';
import type { HandlerDeps } from './handler-deps.js';
import { registerSecretValueView } from './views/register-secret-value-view.js';
import { registerTransformStepsView } from './views/register-transform-steps-view.js';

/** Wires every listener. The same App serves Slack (HTTP or Socket Mode) and the local console. */
export function registerHandlers(app: App, deps: HandlerDeps): void {
  registerPipelineCommand(app, deps);
  registerChangeActions(app, deps);
  registerAlertActions(app, deps);
  registerTransformStepsView(app, deps);
  registerSecretValueView(app, deps);
}
