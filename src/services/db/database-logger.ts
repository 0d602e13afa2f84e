/**
 * What the database layer logs through: pino's argument order (context object, then message), so a pino logger
 * or the services' logger can be passed as is.
 */
export interface DatabaseLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

export const silentDatabaseLogger: DatabaseLogger = { info() {}, warn() {}, error() {} };
