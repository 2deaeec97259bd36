import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { currentScope } from '../context/request-scope.ts';

export type { Logger };

/** JSON logs; every line inside a request or job carries its request id and tenant id. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'req.headers.authorization', 'refreshToken', '*.refreshToken'],
      censor: '[redacted]',
    },
    mixin() {
      const s = currentScope();
      return s ? { requestId: s.requestId, tenantId: s.tenantId ?? undefined } : {};
    },
  });
}
