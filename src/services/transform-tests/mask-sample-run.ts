import { maskCredentialText } from '../credentials/credential-values.js';
import { maskSample } from '../samples/mask-sample.js';
import type { SampleRun } from './sample-runs.js';

/**
 * A sample run as it may be shown: the sample, its outputs and the error text with credentials masked. Runs are
 * masked after the pipeline ran them on the real events, and input and output alike, so the diff between them
 * still shows every change but a credential's value.
 */
export function maskSampleRun(run: SampleRun): SampleRun {
  const { result } = run;
  return {
    ...run,
    input: maskSample(run.input),
    result: result.ok
      ? { ok: true, events: result.events.map(maskSample) }
      : { ok: false, error: { ...result.error, message: maskCredentialText(result.error.message) } },
  };
}
