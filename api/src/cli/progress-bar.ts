/** A one-line progress bar on a terminal, a line per second otherwise (CI logs stay readable). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastLine = 0;
  return {
    update({ done, total, eventsPerSecond, etaSeconds }: { done: number; total: number; eventsPerSecond: number; etaSeconds: number }): void {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(share * width);
      const text = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  `
        + `${done.toLocaleString('en')}/${total.toLocaleString('en')} events  ${Math.round(eventsPerSecond).toLocaleString('en')} events/s  ETA ${formatSeconds(etaSeconds)}`;
      if (stream.isTTY) {
        stream.write(`\r${text}\u001b[K`);
      } else if (Date.now() - lastLine >= 1_000) {
        lastLine = Date.now();
        stream.write(`${text}\n`);
      }
    },
    finish(summary: string): void {
      stream.write(`${stream.isTTY ? '\r\u001b[K' : ''}${label} ${summary}\n`);
    },
  };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}
