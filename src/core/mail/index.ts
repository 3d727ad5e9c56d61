/** Mail merge, the pure part: templates, rendering, checks before sending, quota forecast. */
export * from './addresses';
export * from './checks';
export { compileTemplate, type CompiledTemplate } from './compile';
export * from './format';
export * from './quota';
export * from './render';
export * from './resolver';
export * from './starter-templates';
export * from './template';
