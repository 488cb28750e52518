import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCUCHA_BIN, runNode } from '../support/node-process';
import { TestServer } from '../support/server';

const run = (args: string[], env: Record<string, string>) => runNode([ESCUCHA_BIN, ...args], { env });

/** `escucha customers import` goes through a running server's API, as an admin's script would. */
describe('escucha customers import', () => {
  const server = new TestServer({ SERVE_WEB: 'off', DEMO: 'off' });
  const dir = mkdtempSync(join(tmpdir(), 'escucha-customers-cli-'));
  let token: string;

  beforeAll(async () => {
    await server.start();
    token = await server.login();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the good rows, reports the bad one with its line, and exits 1', async () => {
    const file = join(dir, 'crm.csv');
    writeFileSync(file, 'id,name,emails,phones,city\nC100,Lucía Pérez,lucia@mail.com,011 4555-1234,Rosario\nC101,,broken@mail.com,,\nC102,Tomás Díaz,tomas@mail.com,,Salta\n');
    const result = await run(['customers', 'import', '--input', file, '--url', server.url], { ESCUCHA_TOKEN: token });
    expect(result.code, result.stderr).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/line 3/);
    const lucia = await server.get<{ id: string; phones: string[] }>('/api/v1/customers/C100');
    expect(lucia.status).toBe(200);
    expect(lucia.body.phones).toEqual(['+541145551234']);
    expect((await server.get('/api/v1/customers/C102')).status).toBe(200);
    expect((await server.get('/api/v1/customers/C101')).status).toBe(404);
  });

  it('exits 0 when every row is imported, and 2 on a usage error', async () => {
    const file = join(dir, 'crm.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'C200', name: 'Ana Gómez', emails: ['ana@mail.com'] })}\n`);
    expect((await run(['customers', 'import', '--input', file, '--url', server.url], { ESCUCHA_TOKEN: token })).code).toBe(0);
    expect((await server.get('/api/v1/customers/C200')).status).toBe(200);
    expect((await run(['customers', 'import'], { ESCUCHA_TOKEN: token })).code).toBe(2);
  });

  it('says what is wrong without a valid token, and imports nothing', async () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'C300', name: 'Sin Token' })}\n`);
    const result = await run(['customers', 'import', '--input', file, '--url', server.url], { ESCUCHA_TOKEN: 'not-a-token' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401|token|sign/i);
    expect((await server.get('/api/v1/customers/C300')).status).toBe(404);
  });
});
