import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Screenshots of the browser tests (gitignored). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../../test-output/console');

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** Debian's Chromium from the PATH (`.ci/run` installs it with apt-get when it is missing). */
export function chromiumExecutable(): string {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(directory, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error(`No Chromium on the PATH (looked for ${NAMES.join(', ')}): apt-get install -y chromium`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
