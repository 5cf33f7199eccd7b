import { useEffect } from 'react';
import { setPresenterMode, usePresenterMode } from '@/state/presenter';

/** The one switch for presenter mode; it also puts the `presenter` class on `<html>` for the CSS. */
export function PresenterSwitch() {
  const on = usePresenterMode();
  useEffect(() => {
    document.documentElement.classList.toggle('presenter', on);
  }, [on]);
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => setPresenterMode(!on)}
      title="Large type, high contrast, and names, emails, ids, secrets and token signatures masked on screen"
      className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium text-slate-800 aria-pressed:border-indigo-700 aria-pressed:bg-indigo-700 aria-pressed:text-white dark:border-slate-500 dark:text-slate-100 dark:aria-pressed:border-indigo-300 dark:aria-pressed:bg-indigo-300 dark:aria-pressed:text-slate-950"
    >
      Presenter mode
    </button>
  );
}
