import { Button, ButtonSet, enumName } from './enums';
import { signatureError } from './errors';
import { Fake, RT, type Runtime, instrument } from './runtime';

type Ui = GoogleAppsScript.Base.Ui;
type Menu = GoogleAppsScript.Base.Menu;

export type MenuEntry =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; menu: MenuRecord };

export interface MenuRecord {
  /** The add-on's name for createAddonMenu(), else the caption given to createMenu(). */
  caption: string;
  addon: boolean;
  entries: MenuEntry[];
}

export interface DialogRecord {
  title: string;
  html: string;
  modal: boolean;
  width: number;
  height: number;
}

export interface AlertRecord {
  title?: string;
  prompt: string;
  buttons: string;
}

type ButtonName = 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE';

/** Everything the add-on showed the user, plus the answers the test wants the user to give. */
export class UiState {
  readonly menus: MenuRecord[] = [];
  readonly sidebars: { title: string; html: string }[] = [];
  readonly dialogs: DialogRecord[] = [];
  readonly alerts: AlertRecord[] = [];
  readonly prompts: AlertRecord[] = [];
  private readonly alertAnswers: ButtonName[] = [];
  private readonly promptAnswers: { text: string; button: ButtonName }[] = [];

  constructor(
    readonly addOnName: string,
    /** Spreadsheet.toast() calls, newest last. */
    readonly toasts: { message: string; title: string; timeoutSeconds: number | null }[] = [],
  ) {}

  /** The next alert returns this button (Ui.Button member or its name); unanswered alerts get OK (or YES). */
  queueAlertResponse(button: ButtonName | GoogleAppsScript.Base.Button): void {
    this.alertAnswers.push(buttonName(button));
  }

  queuePromptResponse(text: string, button: ButtonName | GoogleAppsScript.Base.Button = 'OK'): void {
    this.promptAnswers.push({ text, button: buttonName(button) });
  }

  /** Every clickable item as 'Menu > Submenu > Item' with its function name, to call them all in a test. */
  menuItems(): { path: string; functionName: string }[] {
    const out: { path: string; functionName: string }[] = [];
    const walk = (menu: MenuRecord, prefix: string): void => {
      for (const entry of menu.entries) {
        if (entry.kind === 'item')
          out.push({ path: `${prefix}${entry.caption}`, functionName: entry.functionName });
        if (entry.kind === 'submenu') walk(entry.menu, `${prefix}${entry.menu.caption} > `);
      }
    };
    for (const menu of this.menus) walk(menu, `${menu.caption} > `);
    return out;
  }

  /** @internal */
  nextAlert(buttons: ButtonName[]): ButtonName {
    return checkAnswer(this.alertAnswers.shift() ?? (buttons[0] as ButtonName), buttons);
  }

  /** @internal */
  nextPrompt(buttons: ButtonName[]): { text: string; button: ButtonName } {
    const answer = this.promptAnswers.shift() ?? { text: '', button: buttons[0] as ButtonName };
    return { text: answer.text, button: checkAnswer(answer.button, buttons) };
  }

  /** @internal addToUi() replaces a menu with the same caption, as re-running onOpen does. */
  addMenu(menu: MenuRecord): void {
    const index = this.menus.findIndex((m) => m.addon === menu.addon && m.caption === menu.caption);
    if (index >= 0) this.menus.splice(index, 1, menu);
    else this.menus.push(menu);
  }
}

function buttonName(button: unknown): ButtonName {
  const name = enumName(button);
  if (name === 'OK' || name === 'CANCEL' || name === 'YES' || name === 'NO' || name === 'CLOSE') return name;
  throw new Error(`UiState: unknown button ${String(button)}`);
}

/** The user can always close the dialog; any other answer must be one of the dialog's buttons. */
function checkAnswer(answer: ButtonName, buttons: ButtonName[]): ButtonName {
  if (answer !== 'CLOSE' && !buttons.includes(answer)) {
    throw new Error(`UiState: the dialog has no ${answer} button (it has ${buttons.join(', ')})`);
  }
  return answer;
}

function buttonsOf(set: unknown): ButtonName[] {
  switch (enumName(set)) {
    case 'OK_CANCEL':
      return ['OK', 'CANCEL'];
    case 'YES_NO':
      return ['YES', 'NO'];
    case 'YES_NO_CANCEL':
      return ['YES', 'NO', 'CANCEL'];
    default:
      return ['OK'];
  }
}

const UI_METHODS = [
  'alert',
  'createAddonMenu',
  'createMenu',
  'prompt',
  'showModalDialog',
  'showModelessDialog',
  'showSidebar',
] as const;
const MENU_METHODS = ['addItem', 'addSeparator', 'addSubMenu', 'addToUi'] as const;
const PROMPT_METHODS = ['getResponseText', 'getSelectedButton'] as const;

/** https://developers.google.com/apps-script/reference/base/ui */
export class FakeUi extends Fake implements Pick<Ui, (typeof UI_METHODS)[number] | 'Button' | 'ButtonSet'> {
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;

  constructor(
    rt: Runtime,
    private readonly state: UiState,
  ) {
    super(rt);
  }

  /** alert(prompt), alert(prompt, buttons), alert(title, prompt, buttons); returns the button the user clicked. */
  alert(...args: unknown[]): GoogleAppsScript.Base.Button {
    const { title, prompt, buttons } = dialogArgs('alert', args);
    this.state.alerts.push({ title, prompt, buttons: enumName(buttons) ?? 'OK' });
    return Button[this.state.nextAlert(buttonsOf(buttons))];
  }

  createAddonMenu(): Menu {
    return new FakeMenu(this[RT], this.state, {
      caption: this.state.addOnName,
      addon: true,
      entries: [],
    }) as unknown as Menu;
  }

  createMenu(caption: string): Menu {
    if (typeof caption !== 'string') throw signatureError('Ui.createMenu', [caption]);
    return new FakeMenu(this[RT], this.state, { caption, addon: false, entries: [] }) as unknown as Menu;
  }

  prompt(...args: unknown[]): GoogleAppsScript.Base.PromptResponse {
    const { title, prompt, buttons } = dialogArgs('prompt', args);
    this.state.prompts.push({ title, prompt, buttons: enumName(buttons) ?? 'OK' });
    const answer = this.state.nextPrompt(buttonsOf(buttons));
    return new FakePromptResponse(
      this[RT],
      answer.text,
      answer.button,
    ) as unknown as GoogleAppsScript.Base.PromptResponse;
  }

  showModalDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.state.dialogs.push(dialogRecord(userInterface, title, true));
  }

  showModelessDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.state.dialogs.push(dialogRecord(userInterface, title, false));
  }

  /** The sidebar's title is the HtmlOutput's title (reference/base/ui#showSidebar(Object)). */
  showSidebar(userInterface: GoogleAppsScript.HTML.HtmlOutput): void {
    if (typeof userInterface?.getContent !== 'function')
      throw signatureError('Ui.showSidebar', [userInterface]);
    this.state.sidebars.push({ title: userInterface.getTitle(), html: userInterface.getContent() });
  }
}

function dialogArgs(method: string, args: unknown[]): { title?: string; prompt: string; buttons: unknown } {
  const [a, b, c] = args;
  if (args.length === 1 && typeof a === 'string') return { prompt: a, buttons: ButtonSet.OK };
  if (args.length === 2 && typeof a === 'string' && enumName(b)) return { prompt: a, buttons: b };
  if (args.length === 3 && typeof a === 'string' && typeof b === 'string' && enumName(c)) {
    return { title: a, prompt: b, buttons: c };
  }
  throw signatureError(`Ui.${method}`, args);
}

function dialogRecord(output: GoogleAppsScript.HTML.HtmlOutput, title: string, modal: boolean): DialogRecord {
  if (typeof output?.getContent !== 'function') throw signatureError('Ui.showModalDialog', [output, title]);
  return {
    title: String(title),
    html: output.getContent(),
    modal,
    width: output.getWidth(),
    height: output.getHeight(),
  };
}

/** https://developers.google.com/apps-script/reference/base/menu */
export class FakeMenu extends Fake implements Pick<Menu, (typeof MENU_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly state: UiState,
    readonly record: MenuRecord,
  ) {
    super(rt);
  }

  addItem(caption: string, functionName: string): Menu {
    if (typeof caption !== 'string' || typeof functionName !== 'string') {
      throw signatureError('Menu.addItem', [caption, functionName]);
    }
    this.record.entries.push({ kind: 'item', caption, functionName });
    return this.self();
  }

  addSeparator(): Menu {
    this.record.entries.push({ kind: 'separator' });
    return this.self();
  }

  addSubMenu(menu: Menu): Menu {
    if (!(menu instanceof FakeMenu)) throw signatureError('Menu.addSubMenu', [menu]);
    this.record.entries.push({ kind: 'submenu', menu: menu.record });
    return this.self();
  }

  addToUi(): void {
    if (this.record.entries.length === 0 && !this.record.addon) return;
    this.state.addMenu(this.record);
  }

  private self(): Menu {
    return this as unknown as Menu;
  }
}

export class FakePromptResponse
  extends Fake
  implements Pick<GoogleAppsScript.Base.PromptResponse, (typeof PROMPT_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly text: string,
    private readonly button: ButtonName,
  ) {
    super(rt);
  }

  getResponseText(): string {
    return this.text;
  }

  getSelectedButton(): GoogleAppsScript.Base.Button {
    return Button[this.button];
  }
}

instrument(FakeUi, { name: 'Ui', methods: UI_METHODS, access: 'open' });
instrument(FakeMenu, { name: 'Menu', methods: MENU_METHODS, access: 'open' });
instrument(FakePromptResponse, { name: 'PromptResponse', methods: PROMPT_METHODS, access: 'open' });
