import type { App } from '@slack/bolt';
import { registerChangeActions } from './actions/register-change-actions.js';
import { registerAlertActions } from './alerts/register-alert-actions.js';
import { registerPipelineCommand } from './commands/register-pipeline-command.js';
import { registerDriftActions } from './drift/register-drift-actions.js';
import type { HandlerDeps } from './handler-deps.js';
import type { HomeTabs } from './home/home-tabs.js';
import { registerAppHome } from './home/register-app-home.js';
import { registerCredentialView } from './views/register-credential-view.js';
import { registerRejectReasonView } from './views/register-reject-reason-view.js';
import { registerSecretValueView } from './views/register-secret-value-view.js';
import { registerTransformStepsView } from './views/register-transform-steps-view.js';

/** What the listeners leave for the rest of the process: the Home tabs, for refreshes after background work. */
export interface RegisteredHandlers {
  home: HomeTabs;
}

/** Wires every listener. The same App serves Slack (HTTP or Socket Mode) and the local console. */
export function registerHandlers(app: App, deps: HandlerDeps): RegisteredHandlers {
  // First: its middleware refreshes Home tabs after every listener below has finished.
  const home = registerAppHome(app, deps);
  registerPipelineCommand(app, deps);
  registerChangeActions(app, deps, home);
  registerAlertActions(app, deps);
  registerDriftActions(app, deps);
  registerTransformStepsView(app, deps);
  registerSecretValueView(app, deps);
  registerCredentialView(app, deps);
  registerRejectReasonView(app, deps);
  return { home };
}
