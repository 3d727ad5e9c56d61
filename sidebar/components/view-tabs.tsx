/**
 * The top-level switch between the sidebar's views: a WAI-ARIA tab list (arrow keys move between
 * tabs and show them, Home/End jump), one tab stop in the page's Tab order. Labels are short so four
 * fit 300 px; the bar scrolls sideways rather than wrap if a language needs more room.
 */
import { useRef } from 'preact/hooks';
import type { TopView } from '../navigation';

export interface ViewTab {
  view: TopView;
  label: string;
}

interface ViewTabsProps {
  label: string;
  tabs: ViewTab[];
  current: TopView;
  onSelect(view: TopView): void;
}

export const tabId = (view: TopView) => `view-tab-${view}`;
export const panelId = (view: TopView) => `view-panel-${view}`;

export function ViewTabs({ label, tabs, current, onSelect }: ViewTabsProps) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.view === current);
    let next = -1;
    if (e.key === 'ArrowRight') next = (at + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (at - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const view = tabs[next]!.view;
    onSelect(view);
    // The tab exists already (only its selection changes): focus it now, with the key press.
    listRef.current?.querySelector<HTMLButtonElement>(`#${tabId(view)}`)?.focus();
  };

  return (
    <div class="view-tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.view === current;
        return (
          <button
            key={tab.view}
            id={tabId(tab.view)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelId(tab.view)}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(tab.view)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
