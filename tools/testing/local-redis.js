// Starts a throwaway redis-server (the Debian package's binary) on a free loopback port, for test
// and benchmark runs on a machine where REDIS_URL is not set. Nothing is persisted.
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');
const { freePort } = require('./free-port');


function answersPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function startLocalRedis() {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('REDIS_URL is not set and there is no redis-server to start: install the redis-server package (apt-get install redis-server) or set REDIS_URL.');
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  for (let waited = 0; !(await answersPing(port)); waited += 50) {
    if (child.exitCode !== null || waited > 10_000) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

module.exports = { startLocalRedis };
