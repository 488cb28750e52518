import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureChromium } from './chromium';

/** The integration suite runs the built server (`npm test` builds first) and real services it provisions here. */
export default function setup(): void {
  const main = resolve(__dirname, '../../dist/apps/api/src/main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run "npm run build" (npm test does it for you).`);
  }
  ensureChromium();
}
