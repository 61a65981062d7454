export { startServer, freshPgDatabase, type RunningServer, type StartOptions } from './server';
export { launchBrowser, newAppContext, login, watchConsole, screenshot, DEMO_PASSWORD, CHROMIUM, type ConsoleWatch } from './browser';
export { apiLogin, metric, type ApiSession } from './api';
