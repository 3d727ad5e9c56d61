/**
 * The one typed contract between the sidebar and every host. JSON in, JSON out: google.script.run
 * drops Dates, functions and undefined, so nothing else crosses. A renamed method fails to compile
 * on both sides. Types only (and one small error class), so the sidebar bundle stays small.
 */
import type { CheckReport } from '../core/check';
import type { ErrorPayload } from '../core/errors';
import type { CreateRequest, ListRequest, ListResult, RecordOut, UpdateRequest } from '../core/records';
import type { SetupReport } from '../core/setup';
import type { BuildResult, SummaryRequest, SummaryView } from '../core/summary';
import type { CorrespondenceRow } from '../core/merge/correspondence';
import type {
  MergeContinueRequest,
  MergePreviewRequest,
  MergePreviewResult,
  MergeResolveRequest,
  MergeSendRequest,
  MergeSendResult,
  MergeStatusRequest,
  MergeStatusResult,
  MergeTestSendRequest,
  MergeTestSendResult,
} from './merge';
import type { SchemaInfo } from './register';
import type {
  ChaseOverview,
  ChasePauseRequest,
  ChasePauseResult,
  ChasePlanRequest,
  ChaseRecordRequest,
  ChaseRecordResult,
  ChaseRunRequest,
  ChaseRunResult,
  ChaseScheduleRequest,
  ChaseScheduleStatus,
} from './chase';

export interface RpcContract {
  schema: { request: Record<string, never>; response: SchemaInfo };
  listRecords: { request: ListRequest; response: ListResult };
  getRecord: { request: { table: string; id: string }; response: RecordOut };
  createRecord: { request: CreateRequest; response: RecordOut };
  updateRecord: { request: UpdateRequest; response: RecordOut };
  setupRegister: {
    request: { sample?: boolean };
    response: SetupReport & { records?: Record<string, number> };
  };
  validateRegister: { request: Record<string, never>; response: CheckReport };
  /** Hosts with the 'navigation' capability: select the record's row in the sheet. */
  selectRecord: { request: { table: string; id: string }; response: { sheet: string; row: number } };
  /** The record under the cursor in the sheet, or null. */
  selectedRecord: { request: Record<string, never>; response: { table: string; id: string } | null };
  /**
   * Summary sheets (core/summary): build every report of the Reports table, or the one named, each
   * into its sheet; `today` (YYYY-MM-DD) computes the figures for another day. A broken report is
   * listed in `failed` and the others still build; a named one that fails is the error.
   */
  buildSummaries: { request: SummaryRequest; response: BuildResult };
  /** One report computed, not written: the sidebar's one-page view (headline, table, chart data). */
  summaryView: { request: SummaryRequest & { report: string }; response: SummaryView };
  /**
   * Mail merge (service/merge.ts documents every field). The flow: mergePreview (counts, quota,
   * problems per row, the first mails in full, a previewToken) -> optionally mergeTestSend (one mail
   * to yourself) -> mergeSend with the previewToken (refused with code 'conflict' if the mails
   * changed since; 'invalid' with `details.problems` if a row has a problem and excludeProblemRows
   * is not set; 'busy' with `details.running` if another merge runs). A send stops cleanly on the
   * quota or the time budget (`stoppedBecause`); mergeContinue sends what it left PENDING. While a
   * send runs, mergeStatus (read-only, no lock) shows its progress. Mails held in SENDING by an
   * interrupted run are resolved, after a look in the Sent folder, with mergeResolve.
   */
  mergePreview: { request: MergePreviewRequest; response: MergePreviewResult };
  /** One mail of the template, rendered for the record `id`, sent to the current user only. */
  mergeTestSend: { request: MergeTestSendRequest; response: MergeTestSendResult };
  mergeSend: { request: MergeSendRequest; response: MergeSendResult };
  /** Send the PENDING mails a stopped run left (the sidebar's Continue). */
  mergeContinue: { request: MergeContinueRequest; response: MergeSendResult };
  /** Correspondence rows, most recent first, with counts per state and the merge running now. */
  mergeStatus: { request: MergeStatusRequest; response: MergeStatusResult };
  /** Every mail that names the record, most recent first (the record view's Correspondence). */
  recordCorrespondence: { request: { id: string }; response: { id: string; rows: CorrespondenceRow[] } };
  /** Mark a mail held in SENDING as SENT or FAILED after checking the Sent folder. */
  mergeResolve: { request: MergeResolveRequest; response: CorrespondenceRow };
  /**
   * Supplier chases (service/chase.ts documents every field). The Chase view: chasePlan (read-only,
   * no lock) gives what goes out today and why (`mails[].why`), which records of a chase wait and
   * why (`skipped`), what went out (`recent`), what is stuck (`stuck`: SENDING rows to resolve with
   * mergeResolve after a look in the Sent folder, FAILED rows still owed), mails a stopped run left
   * (`queued`) and the paused records. chaseRun sends them ('busy' with `details.running` while
   * another chase run is live); `dryRun` plans only. A second run the same day sends nothing new.
   */
  chasePlan: { request: ChasePlanRequest; response: ChaseOverview };
  chaseRun: { request: ChaseRunRequest; response: ChaseRunResult };
  /**
   * The per-record "pause chasing" switch: ticks or unticks the record's `Chase paused` yes/no
   * field (an ordinary edit: Version, Audit). A table without the field gets it first, in Setup and
   * as a checkbox column (`fieldAdded`).
   */
  chasePause: { request: ChasePauseRequest; response: ChasePauseResult };
  /** One record's chases: where each stands today, its last attempt, and whether it is paused. */
  chaseRecord: { request: ChaseRecordRequest; response: ChaseRecordResult };
  /**
   * Settings: the daily run. Apps Script turns one installable time-driven trigger on or off (at the
   * earliest Send at hour of the enabled rules, spreadsheet time zone, owned by the current user);
   * other hosts answer `supported: false` with what to do instead (cron and the CLI).
   */
  chaseSchedule: { request: ChaseScheduleRequest; response: ChaseScheduleStatus };
  chaseScheduleStatus: { request: Record<string, never>; response: ChaseScheduleStatus };
}

export type RpcMethod = keyof RpcContract;
export type RpcRequest<M extends RpcMethod> = RpcContract[M]['request'];
export type RpcResult<M extends RpcMethod> = RpcContract[M]['response'];
export type RpcReply<M extends RpcMethod> =
  { ok: true; value: RpcResult<M> } | { ok: false; error: ErrorPayload };

/** How the sidebar talks to a host, whichever bridge carries it. Rejects with an `RpcError`. */
export interface Rpc {
  call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>>;
}

export class RpcError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'RpcError';
    this.payload = payload;
  }
}
