/**
 * Child process for bench/encoder.bench.ts: a PN532 emulator on a serial port, driven by lines on
 * stdin (`place UID`, `remove`), so the latency figure includes a real process boundary.
 */
import { createInterface } from 'node:readline';
import { Pn532Emulator } from '../electron/services/encoder/pn532/emulator';
import { openSerial } from '../electron/services/encoder/transports/serial';

async function main(): Promise<void> {
  const port = process.argv[2];
  const transport = await openSerial({ path: port, baudRate: 115200 });
  const emulator = new Pn532Emulator();
  emulator.attach(transport);
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [cmd, uid] = line.trim().split(/\s+/);
    if (cmd === 'place' && uid) emulator.placeCard(uid);
    else if (cmd === 'remove') emulator.removeCard();
  });
  lines.on('close', () => {
    emulator.detach();
    void transport.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
