/**
 * Sidebar entry: find the host's bridge, style for that host, pick the language, render.
 * The same file runs in the Google Sheets sidebar, the Excel task pane and the local workbench.
 */
import { render } from 'preact';
import { App } from './app';
import { pickBridge, type SidebarWindow } from './bridges/pick';
import { pickMessages } from './i18n';
import './styles.css';

const bridge = pickBridge(window as unknown as SidebarWindow);
const t = pickMessages(window.location.search, navigator.languages ?? [navigator.language]);

document.documentElement.dataset.host = bridge.host;
document.documentElement.lang = t.lang;
document.title = t.appName;

const root = document.getElementById('app');
if (root) render(<App rpc={bridge.rpc} t={t} navigation={bridge.navigation} />, root);
