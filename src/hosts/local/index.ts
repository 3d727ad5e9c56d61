export {
  LocalDocument,
  openLocalDocument,
  snapshotOf,
  DEFAULT_LOCK_TIMEOUT_MS,
  type LocalDocumentOptions,
} from './local-document';
export { LISTS_SHEET } from './apply-plan';
export { localMergeRuntime, type LocalMergeRuntime } from './merge-runtime';
export * from './mail';
