/**
 * The add-on menu, declared once: onOpen builds it from this list, and the bundle test checks that
 * every function named here is a top-level function of Code.js.
 */
export const MENU_ITEMS = [
  { caption: 'Open sidebar', functionName: 'menuOpenSidebar' },
  { caption: 'New record', functionName: 'menuNewRecord' },
  { caption: 'Mail merge', functionName: 'menuMailMerge' },
  { caption: 'Run chases now', functionName: 'menuRunChasesNow' },
  { caption: 'Build summaries', functionName: 'menuBuildSummaries' },
  null,
  { caption: 'Set up register', functionName: 'menuSetUpRegister' },
  { caption: 'Settings', functionName: 'menuSettings' },
  { caption: 'Help', functionName: 'menuHelp' },
] as const;

export const SIDEBAR_TITLE = 'Backoffice Register';
export const SIDEBAR_FILE = 'Sidebar';
