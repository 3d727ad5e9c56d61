/** Names shared by the merge tests and the benchmark (no vitest here: the bench runs outside it). */
export const TEMPLATE = 'Welcome';
export const USER = 'anna@backoffice.example';
export const START = Date.parse('2026-03-30T08:00:00Z');
export const email = (i: number) => `c${i}@example.com`;
export const customerId = (i: number) => `CUS-${String(i).padStart(4, '0')}`;
