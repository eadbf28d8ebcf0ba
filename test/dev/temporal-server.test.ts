import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTemporalServer, TEMPORAL_SERVER_VERSION } from '../../dev/temporal-server';

describe('resolveTemporalServer', () => {
  let dir: string;
  const schemaDir = '/schemas/postgresql/v12';

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relance-temporal-server-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function executable(...parts: string[]): Promise<string> {
    const file = path.join(dir, ...parts);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o755);
    return file;
  }

  it('takes the paths given by TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH first', async () => {
    const server = await executable('given', 'server');
    const sqlTool = await executable('given', 'sql');
    await executable('bin', 'temporal-server');
    await executable('bin', 'temporal-sql-tool');

    const found = await resolveTemporalServer({
      env: {
        TEMPORAL_SERVER_PATH: server,
        TEMPORAL_SQL_TOOL_PATH: sqlTool,
        PATH: path.join(dir, 'bin'),
        TEMPORAL_SCHEMA_DIR: schemaDir,
      },
      cacheRoot: path.join(dir, 'cache'),
    });

    expect(found).toEqual({
      server: { path: server, source: 'env' },
      sqlTool: { path: sqlTool, source: 'env' },
      postgresSchemaDir: schemaDir,
    });
  });

  it('then the binaries on PATH, then the copies cached for this release', async () => {
    const onPath = await executable('bin', 'temporal-server');
    const cached = await executable('cache', `temporal-server-${TEMPORAL_SERVER_VERSION}`, 'temporal-sql-tool');

    const found = await resolveTemporalServer({
      env: { PATH: path.join(dir, 'bin'), TEMPORAL_SCHEMA_DIR: schemaDir },
      cacheRoot: path.join(dir, 'cache'),
    });

    expect(found.server).toEqual({ path: onPath, source: 'path' });
    expect(found.sqlTool).toEqual({ path: cached, source: 'cache' });
  });

  it('refuses an explicit path that is not an executable file', async () => {
    await expect(
      resolveTemporalServer({
        env: { TEMPORAL_SERVER_PATH: path.join(dir, 'missing'), TEMPORAL_SCHEMA_DIR: schemaDir },
        cacheRoot: path.join(dir, 'cache'),
      }),
    ).rejects.toThrow(`TEMPORAL_SERVER_PATH=${path.join(dir, 'missing')} is not an executable file`);
  });
});
