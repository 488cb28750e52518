import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { API_MAIN, ROOT } from '../support/server';

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: '/nonexistent-should-not-be-created', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('a wrong setting stops the process at start, naming it', () => {
  it.each([
    [{ STORE: 'mongo' }, /STORE: .*got "mongo"/],
    [{ QUEUE: 'kafka' }, /QUEUE: .*got "kafka"/],
    [{ STORE: 'elasticsearch' }, /ELASTICSEARCH_URL: is required when STORE=elasticsearch/],
    [{ PORT: '99999' }, /PORT: .*got "99999"/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD: must be at least 8 characters/],
    [{ ADMIN_PASSWORD: 'eleven-char' }, /ADMIN_PASSWORD: password must be at least 12 characters, got 11/],
    [{ ADMIN_PASSWORD: 'password123456' }, /ADMIN_PASSWORD: password is too common or too easy to guess/],
    [{ ADMIN_PASSWORD: 'tangerine-orbit-paddle', PASSWORD_MIN_LENGTH: '40' }, /ADMIN_PASSWORD: password must be at least 40 characters/],
    [{ PASSWORD_MIN_LENGTH: '4' }, /PASSWORD_MIN_LENGTH: .*got "4"/],
    [{ LOGIN_MAX_FAILURES: 'ten' }, /LOGIN_MAX_FAILURES: .*got "ten"/],
    [{ SOURCES_FILE: '/nonexistent/sources.json' }, /SOURCES_FILE: cannot read \/nonexistent\/sources.json/],
    [{ SOURCES_KEY: 'not-hex' }, /SOURCES_KEY: must be 64 hex characters/],
  ])('%o', (env, message) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration/);
    expect(result.stderr).toMatch(message);
  });
});
