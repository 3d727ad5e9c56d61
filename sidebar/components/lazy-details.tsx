/**
 * A section of a record's form that loads when it is opened, not with the form, so that opening a
 * record stays one round trip: "Loading…", then what `render` makes of the answer, or the error.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';

type Loaded<T> =
  { status: 'idle' | 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

export function LazyDetails<T>({
  summary,
  load,
  render,
}: {
  summary: string;
  load: () => Promise<T>;
  render: (value: T) => ComponentChildren;
}) {
  const { t } = useSidebar();
  const [loaded, setLoaded] = useState<Loaded<T>>({ status: 'idle' });
  const start = () => {
    setLoaded({ status: 'loading' });
    load().then(
      (value) => setLoaded({ status: 'ready', value }),
      (err) => setLoaded({ status: 'failed', message: errorPayloadOf(err).message }),
    );
  };
  return (
    <details
      class="record-mail"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open && loaded.status !== 'loading') start();
      }}
    >
      <summary>{summary}</summary>
      <div aria-live="polite">
        {loaded.status === 'loading' && <p class="help">{t.loading}</p>}
        {loaded.status === 'failed' && <p class="error">{loaded.message}</p>}
        {loaded.status === 'ready' && render(loaded.value)}
      </div>
    </details>
  );
}
