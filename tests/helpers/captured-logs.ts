import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A logger at the most verbose level whose every line is kept, to assert what never gets logged. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines };
}
