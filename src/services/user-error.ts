/**
 * An error whose message is written for the person who typed the command: it is shown to them as is.
 * Anything else that escapes a service is a bug and is reported with a reference instead of its text.
 */
export class UserError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}
