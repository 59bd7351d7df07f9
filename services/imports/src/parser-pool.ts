import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { workerModule } from '@runnerly/service-kit';
import type { ParseOutcome, ParseTask } from './parse-worker.ts';

export interface ParserPool {
  parse(task: ParseTask): Promise<ParseOutcome>;
  close(): Promise<void>;
}

/** Worker threads that run `parse-worker.ts` (TypeScript: the workers load tsx too). */
export function createParserPool(threads?: number): ParserPool {
  const max = threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const worker = workerModule(import.meta.url, 'parse-worker');
  const pool = new Piscina({
    filename: worker.filename,
    minThreads: 1,
    maxThreads: max,
    idleTimeout: 30_000,
    execArgv: worker.execArgv,
  });
  return {
    async parse(task) {
      const b = task.bytes;
      // Hand the buffer over instead of copying it when it owns its whole ArrayBuffer.
      const movable = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
      return pool.run(task, movable ? { transferList: [b.buffer as ArrayBuffer] } : {}) as Promise<ParseOutcome>;
    },
    async close() {
      await pool.destroy();
    },
  };
}
