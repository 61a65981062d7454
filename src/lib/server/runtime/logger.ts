// Structured logs. Personal data never reaches a log line: known fields are redacted as a backstop,
// and the HTTP log records the path without its query string.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'doorstep' },
    redact: {
      paths: ['*.password', '*.idNumber', '*.phone', '*.name', '*.token', '*.code', 'req.headers.cookie', 'req.headers.authorization'],
      censor: '[redacted]'
    }
  });
}
