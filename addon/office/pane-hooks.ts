// Extension points of the task pane for the parts of issue #8 that come later. Each is a no-op today, so
// the pane runs the register; filling one in needs no change to taskpane.ts.
//
// - Mail (mail merge, chases): an AsyncMailer over Microsoft Graph sendMail / reply with a token from MSAL
//   nested app authentication, falling back to the Office dialog sign-in; it belongs in src/hosts/excel
//   beside ExcelDocument and is handed to the mail use cases where the RPC dispatcher grows them.
// - Due chases: an add-in cannot run on a timer, so chases that are due are offered when the pane opens
//   (afterOpen below); the CLI runs them headless.
// - Summaries in Excel: a use case writing summary tables (and charts, Worksheet.charts.add) through
//   ExcelDocument.apply; the ribbon's Build summaries (commands.ts) then runs it instead of its notice.
import type { ExcelDocument } from '../../src/hosts/excel';

export interface PaneHooks {
  /** Runs once the register is on screen, e.g. to offer the chases that are due. */
  afterOpen(doc: ExcelDocument): Promise<void>;
}

export const paneHooks: PaneHooks = {
  afterOpen: async () => undefined,
};
