import type { AlertRule } from './alert-rule.js';

/**
 * The rules pipeops uses when PIPEOPS_ALERT_RULES is not set; also the README's example of the file format.
 * Thresholds suit a pipeline of roughly a thousand events a minute: copy this file and adjust them to yours.
 */
export const DEFAULT_ALERT_RULES_YAML = `# pipeops alert rules (YAML or JSON). Durations: 30s, 5m, 1h, 1d.
defaults:
  # channel: '#data-alerts'   # else PIPEOPS_ALERT_CHANNEL
  resolveAfter: 5m            # resolve only once the condition has been clear this long
  reopenWindow: 1h            # firing again this soon after resolving reopens the same message
rules:
  - id: error-events
    title: Events are failing
    metric: ERROR_EVENTS
    when: above
    threshold: 1000
    aggregate: sum            # last (default) | avg | min | max | sum
    over: 5m
    severity: critical        # critical | warning (default) | info

  - id: input-error-events
    title: An input is producing errors
    metric: ERROR_EVENTS
    input: '*'                # one alert per input; or an input name
    when: above
    threshold: 250
    aggregate: sum
    over: 5m
    severity: warning
    remedy: pause_input       # adds a "Pause input" button (opens a change request)

  - id: no-incoming-events
    title: No events are coming in
    metric: INCOMING_EVENTS
    when: below
    threshold: 1
    aggregate: sum
    over: 15m
    severity: critical

  - id: metrics-missing
    title: The pipeline reports no metrics
    metric: EVENTS_IN_PIPELINE
    when: absent
    over: 15m
    severity: critical

  - id: restream-queue
    title: The Restream Queue is filling up
    metric: EVENTS_IN_TRANSIT
    when: above
    threshold: 100000
    for: 15m                  # must hold this long before it fires
    severity: warning

  - id: latency
    title: Events are slow to load
    metric: LATENCY_PERCENTILE_95
    when: above
    threshold: 900000         # milliseconds (15 minutes)
    aggregate: avg
    over: 10m
    for: 10m
    severity: warning

  - id: queue-growth
    title: Events are piling up in the pipeline
    metric: EVENTS_IN_PIPELINE
    when: change
    by: 300%                  # or an absolute number, e.g. 50000
    direction: up             # up (default) | down | any
    over: 30m
    for: 10m
    severity: warning
`;

/**
 * The default rules as defaultAlertRules() reads them from the YAML above, put here by the production build
 * (scripts/bundle-plugins.mjs) so that no start parses and checks the YAML again (~20 ms of CPU); from source (tsx,
 * tests) it stays undefined and the YAML is read.
 */
export const DEFAULT_ALERT_RULES_READ: readonly AlertRule[] | undefined = undefined;
