// `npm start`: build the Node bundle (the CLI and the workbench server) and run the workbench.
// The workbench builds its page and the sidebar in memory when it starts, so it needs nothing else
// from dist/; `npm run build` still builds every target (dist/gas, dist/office, dist/node).
// Environment: BACKOFFICE_WORKBOOK (default data/register.xlsx), PORT (default 8080); for mail, as
// with `backoffice merge`: BACKOFFICE_SMTP_URL (default: .eml files in outbox/ beside the workbook),
// BACKOFFICE_DAILY_QUOTA (recipients a day for the outbox), BACKOFFICE_USER (the sender).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNode } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await buildNode();
await import(pathToFileURL(path.join(root, 'dist/node/workbench.mjs')).href);
