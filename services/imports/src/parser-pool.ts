import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ParseOutcome, ParseTask } from './parse-worker.ts';

export interface ParserPool {
  parse(task: ParseTask): Promise<ParseOutcome>;
  close(): Promise<void>;
}

/** Worker threads that run `parse-worker.ts` (TypeScript: the workers load tsx too). */
export function createParserPool(threads?: number): ParserPool {
  const max = threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  // From the sources (tests, `npm start`) the worker is TypeScript and loads tsx; compiled, it is plain JavaScript.
  const fromSources = import.meta.url.endsWith('.ts');
  // Only the flags that load modules: under Node 24's test runner execArgv also holds flags a
  // worker refuses (ERR_WORKER_INVALID_EXEC_ARGV).
  const loading = process.execArgv.filter(
    (a, i, all) =>
      /^--(import|require|conditions)(=|$)/.test(a) || /^--(import|require|conditions)$/.test(all[i - 1] ?? ''),
  );
  const execArgv =
    !fromSources || loading.some((a) => a.includes('tsx'))
      ? loading
      : [...loading, '--import', import.meta.resolve('tsx')];
  const pool = new Piscina({
    filename: new URL(fromSources ? './parse-worker.ts' : './parse-worker.js', import.meta.url).href,
    minThreads: 1,
    maxThreads: max,
    idleTimeout: 30_000,
    execArgv,
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
