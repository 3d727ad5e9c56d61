// Function file entry point for the ribbon's ExecuteFunction buttons (bundled to commands.js by
// scripts/build-office.mjs, loaded by commands.html).
//
// No ribbon button of manifest.xml runs a function now: Build summaries opens the task pane on the sidebar's
// summaries view (ShowTaskpane, ?view=summaries). A function command cannot do that without a shared
// runtime (Office.addin.showAsTaskpane needs SharedRuntime 1.1, which this add-in does not use). The file
// stays for later function commands and for Office's cached copy of the older manifest, whose Build
// summaries still calls buildSummaries here: that handler says where summaries are built now. Excel has no
// notification bar for function commands (Outlook's notificationMessages does not exist here), so it says
// so in a small Office dialog; a function file may host one
// (learn.microsoft.com/office/dev/add-ins/develop/dialog-best-practices).
// event.completed() is called only once the dialog is gone, because completing a command lets Office
// unload the function file, and the dialog with it.

export {};

/** The ?view= of taskpane.html that renders the "summaries are in the task pane" notice (see notice.ts). */
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
    console.warn(
      'Backoffice Register: Build summaries opens in the task pane; Office is using an older manifest.',
    );
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

/** Ribbon of an older manifest: Build summaries (FunctionName buildSummaries). */
function buildSummaries(event: Office.AddinCommands.Event): void {
  showNotice(() => event.completed());
}

// Office.actions.associate maps the manifest's FunctionName to the function, as the current template does.
Office.actions.associate('buildSummaries', buildSummaries);

// Older Office builds look FunctionName up on the function file's global object instead (the template
// assigned its handlers to the global before Office.actions existed), so expose it there too.
(globalThis as unknown as Record<string, unknown>).buildSummaries = buildSummaries;
