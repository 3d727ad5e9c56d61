/** The `backoffice` executable: bin/backoffice.js imports the bundle of this file. */
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  columns: process.stdout.columns,
});
