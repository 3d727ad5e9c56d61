/**
 * The sidebar's top-level views, in tab order: one line each. The Chase view joins here (and its id
 * in navigation.ts TOP_VIEWS, and its tab label in i18n), e.g.
 *   { view: 'chase', label: (t) => t.tabChase, render: () => <ChaseView /> },
 */
import type { ComponentChild } from 'preact';
import { MergeView } from './components/merge-view';
import { RecordList } from './components/record-list';
import { SummariesView } from './components/summaries-view';
import type { Messages } from './i18n';
import type { TopView } from './navigation';

export interface ViewDef {
  view: TopView;
  label(t: Messages): string;
  render(): ComponentChild;
}

export const VIEWS: ViewDef[] = [
  { view: 'records', label: (t) => t.tabRecords, render: () => <RecordList /> },
  { view: 'merge', label: (t) => t.tabMerge, render: () => <MergeView /> },
  { view: 'summaries', label: (t) => t.tabSummaries, render: () => <SummariesView /> },
];
