import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './cli';
import { toolPath } from './tools';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Where screenshots of each page go (gitignored): CI keeps them as the run's artefacts. */
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: toolPath('chromium'), args: CHROMIUM_FLAGS, headless: true });
}

/**
 * A page that records every console error, uncaught exception and Content-Security-Policy violation, for the tests to assert none
 * (and React's development-build note, which a build made under an inherited NODE_ENV would print).
 * A request the test makes fail on purpose is logged by the browser as a failed resource; the
 * test names those statuses in `expectedStatuses` of {@link consoleErrors}.
 */
export async function openPage(browser: Browser, options: { width?: number } = {}): Promise<{ page: Page; consoleErrors: (expectedStatuses?: number[]) => string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    // Only React's development build prints this: the dashboard served must be the production build.
    else if (message.text().includes('React DevTools')) errors.push(`development build served: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  // The API's Content-Security-Policy blocks what the dashboard must not need (inline scripts and
  // styles, other hosts): each violation is an error here, whether or not the browser also logs it.
  await page.exposeFunction('reportCspViolation', (text: string) => errors.push(`CSP violation: ${text}`));
  // A string: this file is compiled without the DOM's types; the script runs in the page.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
    window.reportCspViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')'))`);
  return {
    page,
    consoleErrors: (expectedStatuses = []) =>
      errors.filter((text) => !expectedStatuses.some((status) => text.includes(`Failed to load resource: the server responded with a status of ${status}`))),
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
