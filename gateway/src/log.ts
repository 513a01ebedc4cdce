import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The station's logger; `destination` (default stdout) lets tests read what was logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'gateway' },
      // Secrets never reach the log, even when a request or config object is logged whole.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'headers.cookie',
          'password',
          '*.password',
          'passwordHash',
          '*.passwordHash',
          'token',
          '*.token',
          'secret',
          '*.secret',
          'csrfToken',
          '*.csrfToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
