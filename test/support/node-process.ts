import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export const ROOT = repoRoot();
/** The `escucha` command as a user runs it. */
export const ESCUCHA_BIN = join(ROOT, 'bin/escucha.js');

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node <args>` from the repository root, with `stdin` written and closed and `env` over this
 * process's environment; resolves with the exit code and everything printed.
 */
export function runNode(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<ProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
