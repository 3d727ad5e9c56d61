// Function file entry point for the ribbon's ExecuteFunction buttons (bundled to commands.js by
// scripts/build-office.mjs, loaded by commands.html).
//
// Build summaries is not implemented for Excel yet. Excel has no notification bar for function commands
// (Outlook's notificationMessages does not exist here), so the honest way to say so is a small Office
// dialog; a function file may host one (learn.microsoft.com/office/dev/add-ins/develop/dialog-best-practices).
// event.completed() is called only once the dialog is gone, because completing a command lets Office
// unload the function file, and the dialog with it.

export {};

/** The ?view= of taskpane.html that renders the "not available yet" notice (see taskpane.ts). */
const NOTICE_URL = 'taskpane.html?view=summaries-unavailable';

/** Shows the notice in a dialog where the Dialog API exists, then calls `done` exactly once. */
function showNotice(done: () => void): void {
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    done();
  };

  if (!Office.context.requirements.isSetSupported('DialogApi', '1.1')) {
    console.warn('Backoffice Register: Build summaries is not available in Excel yet.');
    finish();
    return;
  }

  // The dialog must be on the add-in's own origin: resolve against this page rather than hard-coding one.
  const url = new URL(NOTICE_URL, window.location.href).href;
  Office.context.ui.displayDialogAsync(url, { height: 30, width: 30, displayInIframe: true }, (result) => {
    if (result.status === Office.AsyncResultStatus.Failed) {
      console.warn(`Backoffice Register: could not open the notice dialog: ${result.error.message}`);
      finish();
      return;
    }
    const dialog = result.value;
    // The notice's Close button sends a message; closing it with its X raises DialogEventReceived (12006).
    dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => {
      dialog.close();
      finish();
    });
    dialog.addEventHandler(Office.EventType.DialogEventReceived, finish);
  });
}

/** Ribbon: Build summaries (manifest.xml, FunctionName buildSummaries). */
function buildSummaries(event: Office.AddinCommands.Event): void {
  showNotice(() => event.completed());
}

// Office.actions.associate maps the manifest's FunctionName to the function, as the current template does.
Office.actions.associate('buildSummaries', buildSummaries);

// Older Office builds look FunctionName up on the function file's global object instead (the template
// assigned its handlers to the global before Office.actions existed), so expose it there too.
(globalThis as unknown as Record<string, unknown>).buildSummaries = buildSummaries;
