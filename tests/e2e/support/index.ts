export { startServer, freshPgDatabase, type RunningServer, type StartOptions } from './server';
export { launchBrowser, newAppContext, login, watchConsole, screenshot, DEMO_PASSWORD, CHROMIUM, type ConsoleWatch } from './browser';
export { apiLogin, metric, type ApiSession } from './api';
export { browserSuite, type BrowserSuite, type SignedIn, type SignInOptions, type SuiteChecks, type SuiteOptions } from './suite';
