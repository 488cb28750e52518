/**
 * Naming of trained models under DATA_DIR, shared by the CLI that writes them and the
 * server that loads them. Plain files, never the server's database: a CLI may run while
 * the server holds that file.
 */
export const MODELS_DIR = 'models';
/** A one-line text file naming the current model file. */
export const LATEST_POINTER = 'latest';

export function modelFileName(version: number): string {
  return `sentiment-${version}.json`;
}

/** The version of a model file name, or undefined for any other file. */
export function parseModelFileName(name: string): number | undefined {
  const m = /^sentiment-([1-9]\d{0,8})\.json$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
