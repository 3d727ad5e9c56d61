import { describeMergeBehaviour } from './merge-behaviour';
import { memoryHarness } from './harness';

describeMergeBehaviour('memory host, fake mailer', memoryHarness);
