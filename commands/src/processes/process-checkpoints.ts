/**
 * Where each log follower (hold expiry, ticket e-mails) keeps its place in the log. Every
 * component that follows the log creates it in its first migration, so any one can run alone.
 */
export const CREATE_PROCESS_CHECKPOINTS = `
      CREATE TABLE IF NOT EXISTS process_checkpoints (
        process text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`;
