/**
 * Where a worker thread's module is and the flags it starts with, for a worker file that sits
 * next to the caller (`callerUrl`: its `import.meta.url`). From the sources (tests, `npm start`)
 * the worker is TypeScript and loads tsx; compiled, it is the plain JavaScript beside the caller.
 * Only the flags that load modules are passed on: under Node 24's test runner `execArgv` also
 * holds flags a worker refuses (ERR_WORKER_INVALID_EXEC_ARGV).
 */
export function workerModule(callerUrl: string, name: string): { filename: string; execArgv: string[] } {
  const fromSources = callerUrl.endsWith('.ts');
  const loading = process.execArgv.filter(
    (a, i, all) =>
      /^--(import|require|conditions)(=|$)/.test(a) || /^--(import|require|conditions)$/.test(all[i - 1] ?? ''),
  );
  const execArgv =
    !fromSources || loading.some((a) => a.includes('tsx'))
      ? loading
      : [...loading, '--import', import.meta.resolve('tsx')];
  return { filename: new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, callerUrl).href, execArgv };
}
