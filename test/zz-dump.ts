import { Client, Connection } from '@temporalio/client';
import { buildApp } from '../src/api/app';
import { loadSettings } from '../src/config';
import { createLogger } from '../src/log';
import { examplesProject } from '../test/helpers/examples';
(async () => {
  const settings = loadSettings({ CONVEYOR_LOG_LEVEL: 'fatal' });
  const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:9' }) });
  const app = await buildApp({ client: nowhere, registry: (await examplesProject()).registry, settings, log: createLogger('x', settings.log) });
  await app.ready();
  const doc = app.swagger() as any;
  for (const [p, ms] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(ms)) {
    const params = (op.parameters ?? []).map((x: any) => `${x.in}:${x.name}${x.schema?.enum ? '(enum)' : ''}${x.schema?.pattern ? '(pat)' : ''}`).join(',');
    console.log(m.toUpperCase(), p, Object.entries<any>(op.responses).map(([c, r]) => `${c}[${Object.keys(r.content ?? {}).join('|')}]`).join(' '), '|', params);
  }
  await app.close();
})();
