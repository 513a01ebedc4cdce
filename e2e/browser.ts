/** Debian's Chromium driven by playwright-core (no browser download). */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run "npm test" (installs it as root) or "apt-get install chromium", or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

const E2E_PASSWORD = 'E2e-Passw0rd-long';

/**
 * Creates an account with this role (through the API, as the test's admin) and signs in
 * through the dashboard's own sign-in form, as a person would.
 */
export async function signInAs(
  page: Page,
  gw: { url: string; fetch(path: string, init?: RequestInit): Promise<Response> },
  username: string,
  role: string,
): Promise<void> {
  const made = await gw.fetch('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, displayName: username, role, password: E2E_PASSWORD }),
  });
  if (made.status !== 201 && made.status !== 409) throw new Error(`cannot create ${username}: ${await made.text()}`);
  await page.goto(`${gw.url}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(E2E_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}
