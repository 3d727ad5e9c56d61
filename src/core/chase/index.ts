/** The supplier chase engine, the pure part: rules, the due-step rule, state from the log, run plans. */
export * from './addresses';
export * from './condition';
export * from './days';
export * from './due';
export * from './plan';
export * from './render';
export * from './rules';
export * from './starter-rules';
export * from './state';
