// Types for build.mjs, imported by tests and the workbench.
export function buildSidebarHtml(options?: { minify?: boolean }): Promise<string>;
export function buildGas(): Promise<{ entryPoints: string[] }>;
export function buildNode(): Promise<void>;
export function buildAll(): Promise<{ entryPoints: string[] }>;
