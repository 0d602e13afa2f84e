/** A failure the sandbox answers with `status` and a JSON body `{ "error": code, "message": message }`. */
export class SandboxHttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'SandboxHttpError';
    this.status = status;
    this.code = code;
  }
}

export function notFound(message: string): SandboxHttpError {
  return new SandboxHttpError(404, 'not_found', message);
}

export function badRequest(message: string): SandboxHttpError {
  return new SandboxHttpError(400, 'bad_request', message);
}
