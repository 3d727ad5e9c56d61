import { describeMergeBehaviour } from './merge-behaviour';
import { localHarness } from './harness';

describeMergeBehaviour('local .xlsx host, fake mailer', localHarness);
