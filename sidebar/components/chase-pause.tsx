/**
 * The per-record "pause chasing" switch (chasePause): a checkbox with the switch role, named after
 * its record. It reports the new state so the view around it can plan again.
 */
import { useState } from 'preact/hooks';
import { errorPayloadOf } from '../bridges/rpc-error';
import { useSidebar } from '../context';

interface ChasePauseProps {
  table: string;
  id: string;
  paused: boolean;
  /** The switch's accessible name; the visible text is "Pause chasing". */
  label?: string;
  onChange?(paused: boolean): void;
}

export function ChasePauseSwitch({ table, id, paused, label, onChange }: ChasePauseProps) {
  const { rpc, t } = useSidebar();
  const [on, setOn] = useState(paused);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const toggle = async (next: boolean) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const res = await rpc.call('chasePause', { table, id, paused: next });
      setOn(res.paused);
      onChange?.(res.paused);
    } catch (err) {
      setError(errorPayloadOf(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span class="chase-pause">
      <label>
        <input
          type="checkbox"
          role="switch"
          checked={on}
          aria-label={label}
          aria-busy={busy || undefined}
          onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t.chasePause}
      </label>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
