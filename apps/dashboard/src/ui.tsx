import { useEffect, useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** Sets the tab title and moves focus to the page heading on navigation (screen readers hear the new page). */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Runnerly`;
    document.getElementById('page-title')?.focus();
  }, [title]);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

export function Field({
  label,
  hint,
  ...input
}: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
