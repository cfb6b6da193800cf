import { ProjectionDatabase, projectionDatabase } from '../testing/projection-database';
import { saveCheckpoint } from './checkpoints';
import { checkReadSideOrigin, ReadModelsFromAnotherLog, recordReadSideOrigin } from './read-side-origin';

let db: ProjectionDatabase;
beforeEach(async () => {
  db = await projectionDatabase('read_side_origin', []);
});
afterEach(() => db.close());

const recorded = async () => (await db.pool.query<{ store_id: string }>('SELECT store_id FROM read_side_origin')).rows.map((r) => r.store_id);

describe('the event log the read models were built from', () => {
  it('is adopted on first use and accepted again after that', async () => {
    await checkReadSideOrigin(db.pool, 'log-a');
    await saveCheckpoint(db.pool, 'catalogue', { commit: 10n, prepare: 3n });
    await checkReadSideOrigin(db.pool, 'log-a');
    expect(await recorded()).toEqual(['log-a']);
  });

  it('refuses another log once checkpoints were taken in the first, naming the way out', async () => {
    await checkReadSideOrigin(db.pool, 'log-a');
    await saveCheckpoint(db.pool, 'catalogue', { commit: 10n, prepare: 3n });

    const refusal = await checkReadSideOrigin(db.pool, 'log-b').then(() => null, (error: unknown) => error);

    expect(refusal).toBeInstanceOf(ReadModelsFromAnotherLog);
    expect((refusal as Error).message).toContain('npm run projections -- rebuild all');
    expect(await recorded()).toEqual(['log-a']);
  });

  it('lets read models without any checkpoint follow a new log', async () => {
    await checkReadSideOrigin(db.pool, 'log-a');
    await checkReadSideOrigin(db.pool, 'log-b');
    expect(await recorded()).toEqual(['log-b']);
  });

  it('moves to the new log once everything was rebuilt from it', async () => {
    await checkReadSideOrigin(db.pool, 'log-a');
    await saveCheckpoint(db.pool, 'catalogue', { commit: 10n, prepare: 3n });
    await recordReadSideOrigin(db.pool, 'log-b');
    await checkReadSideOrigin(db.pool, 'log-b');
    expect(await recorded()).toEqual(['log-b']);
  });
});
