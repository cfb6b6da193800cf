/**
 * The configuration is unusable. The message lists every bad variable at once, one human sentence
 * each, so an operator fixes the environment in one pass instead of one restart per mistake.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Marquee cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
