import { Fake, RT, type Runtime, instrument } from './runtime';

const USER_METHODS = ['getEmail'] as const;
const SESSION_METHODS = [
  'getActiveUser',
  'getActiveUserLocale',
  'getEffectiveUser',
  'getScriptTimeZone',
  'getTemporaryActiveUserKey',
] as const;

/** https://developers.google.com/apps-script/reference/base/user */
export class FakeUser
  extends Fake
  implements Pick<GoogleAppsScript.Base.User, (typeof USER_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly email: string,
  ) {
    super(rt);
  }

  getEmail(): string {
    return this.email;
  }
}

instrument(FakeUser, { name: 'User', qualified: 'Session.User', methods: USER_METHODS, access: 'open' });

/** https://developers.google.com/apps-script/reference/base/session */
export class FakeSession
  extends Fake
  implements Pick<GoogleAppsScript.Base.Session, (typeof SESSION_METHODS)[number]>
{
  /**
   * "the user's email address is not available in any context that allows a script to run without that user's
   * authorization, like a simple onOpen(e) or onEdit(e) trigger ... User.getEmail() returns a blank string"
   * (reference/base/session#getActiveUser()). So outside AuthMode.FULL the active user's email is ''.
   */
  getActiveUser(): GoogleAppsScript.Base.User {
    const execution = this[RT].current();
    return new FakeUser(
      this[RT],
      execution.authMode === 'FULL' ? execution.user : '',
    ) as unknown as GoogleAppsScript.Base.User;
  }

  /** "Gets the language setting of the current user as a string—for example, en for English." */
  getActiveUserLocale(): string {
    return this[RT].options.userLocale;
  }

  /** The effective user needs authorization too; in AuthMode.NONE nothing is authorized, so the email is ''. */
  getEffectiveUser(): GoogleAppsScript.Base.User {
    const execution = this[RT].current();
    return new FakeUser(
      this[RT],
      execution.authMode === 'NONE' ? '' : execution.user,
    ) as unknown as GoogleAppsScript.Base.User;
  }

  getScriptTimeZone(): string {
    return this[RT].options.timeZone;
  }

  /** A stable, opaque key per user and script ("rotates every 30 days"; constant within a test). */
  getTemporaryActiveUserKey(): string {
    const user = this[RT].current().user;
    return Buffer.from(`${this[RT].options.scriptId}:${user}`).toString('base64url');
  }
}

instrument(FakeSession, { name: 'Session', methods: SESSION_METHODS, access: 'open' });
