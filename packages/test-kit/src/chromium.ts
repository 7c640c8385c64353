import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (`CHROMIUM_PATH` or /usr/bin/chromium), headless; never a downloaded
 * browser. Background networking is off: this machine's closed network refuses it noisily.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
