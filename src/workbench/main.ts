/**
 * `npm start`: open (or create, with the sample register) the workbook named by BACKOFFICE_WORKBOOK
 * and serve the workbench on PORT. Mail from merges goes to `outbox/` beside the workbook, or through
 * SMTP when BACKOFFICE_SMTP_URL is set (BACKOFFICE_DAILY_QUOTA, BACKOFFICE_USER: as for the CLI).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setupRegister } from '../service/register';
import { runAsync } from '../service/use-case';
import { startWorkbench } from './server';
import { openWorkbookDocument } from './workbook-document';

const DEFAULT_WORKBOOK = 'data/register.xlsx';
const DEFAULT_PORT = 8080;

function portFromEnv(): number {
  const raw = process.env.PORT?.trim();
  if (!raw) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  const workbook = process.env.BACKOFFICE_WORKBOOK?.trim() || DEFAULT_WORKBOOK;
  const port = portFromEnv();
  const doc = openWorkbookDocument(workbook);
  if (!existsSync(workbook)) {
    // A first run should show a register with something in it, not an empty grid.
    await mkdir(path.dirname(path.resolve(workbook)), { recursive: true });
    const report = await runAsync(doc, setupRegister({ sample: true }));
    const records = Object.values(report.records ?? {}).reduce((a, b) => a + b, 0);
    console.log(`Created ${workbook} with the starter register and ${records} sample records.`);
  }
  const workbench = await startWorkbench({ workbook, port, document: doc });
  console.log(`Backoffice Register workbench: ${workbench.url} (workbook: ${workbook})`);
  // Said at start, so nobody sends a real merge believing it goes to the outbox, or the reverse.
  console.log(
    workbench.mail.destination === 'smtp'
      ? 'Mail goes out through SMTP (BACKOFFICE_SMTP_URL).'
      : `Mail is written to ${workbench.mail.outbox} (set BACKOFFICE_SMTP_URL to send it).`,
  );
  const stop = () => {
    workbench.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`The port is already in use: set PORT to another one (e.g. PORT=8081 npm start).`);
  else console.error(`The workbench did not start: ${message}`);
  process.exit(1);
});
