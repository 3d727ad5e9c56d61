/**
 * Summary sheets as use cases: "Build summaries" (every report, or one) and the sidebar's one-page
 * view of a report. Both read every table once (a report may name any of them, and which ones is
 * only known once the Reports table is read), compute in core, and the build plans one write per
 * report sheet.
 */
import { emptyPlan } from '../core/plan';
import {
  decideSummaries,
  summarySheets,
  summaryView,
  type BuildResult,
  type SummaryRequest,
  type SummaryView,
} from '../core/summary';
import type { UseCase } from './use-case';

export type { BuildResult, SummaryRequest, SummaryView } from '../core/summary';

export function buildSummaries(req: SummaryRequest = {}): UseCase<BuildResult> {
  return {
    sheets: summarySheets,
    decide: (snap) => decideSummaries(snap, req),
  };
}

export function viewSummary(req: SummaryRequest & { report: string }): UseCase<SummaryView> {
  return {
    readOnly: true,
    sheets: summarySheets,
    decide: (snap) => ({ plan: emptyPlan(), result: summaryView(snap, req) }),
  };
}
