/**
 * Python exceptions as the transformation functions raise them. `toString()` (and {@link formatPyError})
 * renders what a Python traceback's last line shows: `"<ExceptionType>: <str(e)>"`, e.g. `KeyError: 'b'`.
 */
export class PyException extends Error {
  /** Python's `type(e).__name__`, e.g. `KeyError`, `TypeError`, `Exception`, `JSONDecodeError`. */
  readonly pyType: string;
  /** Python's `str(e)`; for a KeyError that is the repr of the key. */
  readonly pyMessage: string;

  constructor(pyType: string, pyMessage: string) {
    super(`${pyType}: ${pyMessage}`);
    this.name = 'PyException';
    this.pyType = pyType;
    this.pyMessage = pyMessage;
  }

  override toString(): string {
    return `${this.pyType}: ${this.pyMessage}`;
  }
}

export const pyTypeError = (message: string): PyException => new PyException('TypeError', message);
export const pyValueError = (message: string): PyException => new PyException('ValueError', message);
export const pyIndexError = (message: string): PyException => new PyException('IndexError', message);
export const pyException = (message: string): PyException => new PyException('Exception', message);

/** `AttributeError: 'int' object has no attribute 'lower'` */
export const pyAttributeError = (typeName: string, attribute: string): PyException =>
  new PyException('AttributeError', `'${typeName}' object has no attribute '${attribute}'`);

/** `KeyError` with the already-rendered repr of the missing key (str(KeyError('b')) is `'b'`). */
export const pyKeyError = (keyRepr: string): PyException => new PyException('KeyError', keyRepr);

/** `"<ExceptionType>: <message>"` for a Python exception; anything else is not a Python error and is rethrown. */
export function formatPyError(error: unknown): string {
  if (error instanceof PyException) return error.toString();
  throw error;
}

/**
 * Maps a JavaScript engine error that has a Python counterpart (stack exhaustion is Python's RecursionError)
 * to a PyException; returns undefined for anything else, which is a bug rather than a Python behaviour.
 */
export function asPyException(error: unknown): PyException | undefined {
  if (error instanceof PyException) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new PyException('RecursionError', 'maximum recursion depth exceeded');
  }
  return undefined;
}
