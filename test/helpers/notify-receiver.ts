import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// Binds an AF_UNIX datagram socket (Node cannot) and prints each datagram as one JSON line;
// passed descriptors (systemd-notify's barrier) are closed so that the barrier completes.
const receiverScript = `
import array, json, os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    data, ancillary, _flags, _addr = s.recvmsg(65536, socket.CMSG_SPACE(64))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds = array.array("i")
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
            for fd in fds:
                os.close(fd)
    print(json.dumps(data.decode()), flush=True)
`;

export interface Receiver {
  readonly socket: string;
  /** Datagrams received so far, barrier messages left out. */
  readonly messages: string[];
  readonly child: ChildProcess;
}

// Starts the receiver on `<dir>/notify.sock` and resolves once it is bound.
export function startReceiver(dir: string): Promise<Receiver> {
  const socket = join(dir, 'notify.sock');
  const child = spawn('/usr/bin/python3', ['-c', receiverScript, socket], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'LISTENING') resolve({ socket, messages, child });
        else if (line !== '') messages.push(JSON.parse(line) as string);
      }
    });
  });
}

// Waits (bounded) until `count` non-barrier datagrams arrived; python prints after receiving.
export async function waitForMessages(receiver: Receiver, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  const payloads = (): string[] => receiver.messages.filter((m) => m !== 'BARRIER=1');
  while (payloads().length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return payloads();
}
