/**
 * The sidebar's top-level views, in tab order: one line each (a new view also adds its id to
 * navigation.ts TOP_VIEWS and its tab label to i18n).
 */
import type { ComponentChild } from 'preact';
import { ChaseView } from './components/chase-view';
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
  { view: 'chase', label: (t) => t.tabChase, render: () => <ChaseView /> },
];
