import { describeMergeBehaviour } from './merge-behaviour';
import { gasHarness } from './harness';

describeMergeBehaviour('Apps Script (real bundle in the emulator, GasMailer over MailApp)', gasHarness);
