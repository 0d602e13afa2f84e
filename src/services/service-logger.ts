/** The slice of pino's API that services log through (pino's argument order: context object, then message). */
export interface ServiceLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

export const silentLogger: ServiceLogger = { info() {}, warn() {}, error() {} };
