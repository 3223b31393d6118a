/**
 * Debian's Chromium driven by playwright-core: the editor as a person sees it. Chromium is
 * installed from Debian's packages on first use; nothing is downloaded by Playwright.
 */
import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackage } from './debianPackage';

const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
	ensureDebianPackage(CHROMIUM, 'chromium', 'the editor tests');
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		// as root in a sandbox-less container, on a machine with no network but loopback
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
