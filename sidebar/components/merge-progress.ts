/**
 * Progress of a send. mergeSend answers only when the run ends (minutes, in Apps Script), so the
 * sidebar asks mergeStatus (read-only, no lock: it never slows the run) every few seconds how many
 * of the template's mails are SENT or FAILED now, against the count just before the run began.
 * A host that runs one call at a time simply answers the polls after the send.
 */
import { useRef, useState } from 'preact/hooks';
import type { Rpc } from '../../src/service/rpc-contract';
import type { Messages } from '../i18n';

/** Short runs never poll; long ones are asked every few seconds (each poll is an execution). */
const FIRST_POLL_MS = 2_000;
const POLL_MS = 3_000;

export interface SendProgress {
  done: number;
  total: number;
  /** Begin a run's progress; the function returned ends it. */
  start(rpc: Rpc, template: string, total: number): Promise<() => void>;
  text(t: Messages): string;
}

export function useSendProgress(): SendProgress {
  const [state, setState] = useState({ done: 0, total: 0 });
  const generation = useRef(0);

  const start = async (rpc: Rpc, template: string, total: number) => {
    const run = ++generation.current;
    const live = () => generation.current === run;
    setState({ done: 0, total });
    const finished = (s: { counts: { SENT: number; FAILED: number } }) => s.counts.SENT + s.counts.FAILED;
    let base: number;
    try {
      base = finished(await rpc.call('mergeStatus', { template, limit: 1 }));
    } catch {
      // No baseline, no progress: the send itself matters more.
      return () => void ++generation.current;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      rpc.call('mergeStatus', { template, limit: 1 }).then(
        (s) => {
          if (!live()) return;
          setState({ done: Math.min(total, Math.max(0, finished(s) - base)), total });
          timer = setTimeout(poll, POLL_MS);
        },
        () => {
          if (live()) timer = setTimeout(poll, POLL_MS);
        },
      );
    };
    timer = setTimeout(poll, FIRST_POLL_MS);
    return () => {
      ++generation.current;
      clearTimeout(timer);
    };
  };

  return { ...state, start, text: (t) => t.sendingProgress(state.done, state.total) };
}
