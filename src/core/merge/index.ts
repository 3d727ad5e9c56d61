/** Mail merge runs, the pure part: keys, Correspondence as state, the running marker, the run's decisions. */
export * from './correspondence';
export * from './keys';
export * from './marker';
export * from './outgoing';
export * from './plan';
export * from './select';
