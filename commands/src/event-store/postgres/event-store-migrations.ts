import { Migration } from '../../postgres/migrator';
import { CREATE_SNAPSHOT_TABLE } from '../../snapshots/snapshot-migrations';

/**
 * Why `transaction_id`: a bigserial position is taken at insert but becomes visible at commit,
 * out of order, so "position > last" readers skip late commits. Readers instead take only rows
 * whose transaction is below the oldest still-running one (pg_snapshot_xmin) and page by
 * (transaction_id, global_position), which only ever grows for visible rows.
 */
export const eventStoreMigrations: Migration[] = [
  {
    version: 1,
    name: 'streams, events and the append function',
    sql: `
      CREATE TABLE es_streams (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL
      );
      CREATE TABLE es_events (
        global_position bigserial NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream_id, revision),
        UNIQUE (stream_id, event_id)
      );
      CREATE INDEX es_events_global_order ON es_events (transaction_id, global_position);

      -- Appends a batch in one statement. The stream row is locked first, so concurrent writers
      -- with expected revision 'any' queue up instead of failing.
      CREATE FUNCTION es_append(p_stream text, p_expected text, p_events jsonb)
      RETURNS TABLE (outcome text, revision bigint, commit_position text, prepare_position bigint)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_current bigint;
        v_count bigint := jsonb_array_length(p_events);
        v_first_id uuid := (p_events->0->>'id')::uuid;
        v_found bigint;
        v_last bigint;
        v_position bigint;
      BEGIN
        INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, -1) ON CONFLICT DO NOTHING;
        SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;

        -- EventStoreDB's idempotence: the same ids already stand where the writer expected them.
        IF v_first_id IS NOT NULL THEN
          SELECT e.revision INTO v_found FROM es_events e WHERE e.stream_id = p_stream AND e.event_id = v_first_id;
          IF v_found IS NOT NULL THEN
            IF (p_expected IN ('any', 'stream_exists')
                OR (p_expected = 'no_stream' AND v_found = 0)
                OR (p_expected ~ '^-?[0-9]+$' AND p_expected::bigint = v_found - 1))
               AND v_count = (SELECT count(*) FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(event, ord)
                              JOIN es_events e ON e.stream_id = p_stream AND e.revision = v_found + i.ord - 1
                                              AND e.event_id = (i.event->>'id')::uuid) THEN
              SELECT e.revision, e.transaction_id::text, e.global_position
                INTO v_last, commit_position, prepare_position
                FROM es_events e WHERE e.stream_id = p_stream AND e.revision = v_found + v_count - 1;
              RETURN QUERY SELECT 'repeated'::text, v_last, commit_position, prepare_position;
              RETURN;
            END IF;
            RETURN QUERY SELECT 'wrong_expected_revision'::text, v_current, NULL::text, NULL::bigint;
            RETURN;
          END IF;
        END IF;

        IF NOT (p_expected = 'any'
                OR (p_expected = 'no_stream' AND v_current = -1)
                OR (p_expected = 'stream_exists' AND v_current >= 0)
                OR (p_expected ~ '^-?[0-9]+$' AND p_expected::bigint = v_current)) THEN
          RETURN QUERY SELECT 'wrong_expected_revision'::text, v_current, NULL::text, NULL::bigint;
          RETURN;
        END IF;

        IF v_count = 0 THEN
          RETURN QUERY SELECT 'appended'::text, v_current, NULL::text, NULL::bigint;
          RETURN;
        END IF;

        WITH inserted AS (
          INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
          SELECT p_stream, v_current + i.ord, (i.event->>'id')::uuid, i.event->>'type',
                 COALESCE(i.event->'data', 'null'::jsonb), COALESCE(i.event->'metadata', '{}'::jsonb)
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(event, ord)
          RETURNING global_position
        )
        SELECT max(global_position) INTO v_position FROM inserted;

        UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream;
        PERFORM pg_notify('es_appended', '');
        RETURN QUERY SELECT 'appended'::text, v_current + v_count, pg_current_xact_id()::text, v_position;
      END;
      $$;
    `,
  },
  {
    version: 2,
    name: 'snapshots beside their streams',
    // The snapshots migration creates the same table when the events live in EventStoreDB, and a
    // database may come back to Postgres events later: hence IF NOT EXISTS, in one shared statement.
    sql: CREATE_SNAPSHOT_TABLE,
  },
];
