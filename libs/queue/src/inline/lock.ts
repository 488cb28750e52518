import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isCode } from './journal';

/** Directories this process holds, since a pid check cannot tell two of our own instances apart. */
const heldHere = new Set<string>();

/**
 * Two writers on one journal would interleave lines and lose jobs, so a queue directory is owned
 * by one process. The lock is a file naming the owner's pid; a lock whose pid is gone (kill -9,
 * power loss) is taken over.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'LOCK');
  if (heldHere.has(path)) throw new Error(`queue directory ${dir} is already open in this process`);
  heldHere.add(path);
  try {
    for (let tries = 0; ; tries++) {
      try {
        const handle = await open(path, 'wx');
        try {
          await handle.writeFile(`${process.pid}\n`);
        } finally {
          await handle.close();
        }
        break;
      } catch (error) {
        if (!isCode(error, 'EEXIST') || tries > 2) throw error;
      }
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `queue directory ${dir} is in use by process ${owner}; stop it first ` +
            `(or delete ${path} if no such process uses this directory)`,
        );
      }
      await rm(path, { force: true });
    }
  } catch (error) {
    heldHere.delete(path);
    throw error;
  }
  return async () => {
    heldHere.delete(path);
    await rm(path, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means the lock is held.
    return isCode(error, 'EPERM');
  }
}
