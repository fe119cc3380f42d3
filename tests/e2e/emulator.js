// Starts the Bot API emulator on 127.0.0.1 at the port given as the first argument (0 picks a
// free one), prints "ready <port>" once listening, and stops when its standard input closes.
'use strict';
const TelegramServer = require('telegram-test-api');

async function main() {
  const net = require('net');
  let port = Number(process.argv[2] || 0);
  if (!port) {
    port = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.listen(0, '127.0.0.1', () => {
        const chosen = probe.address().port;
        probe.close(() => resolve(chosen));
      });
    });
  }
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
  await server.start();
  process.stdout.write(`ready ${port}\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`emulator failed: ${error}\n`);
  process.exit(1);
});
