/** Why a pipeline call failed, in words a user can act on. Never carries credentials. */
export type PipelineErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'timeout'
  | 'unreachable'
  | 'server_error'
  | 'bad_request'
  | 'invalid_response';

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly status: number | undefined;

  constructor(code: PipelineErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.status = options.status;
  }
}
