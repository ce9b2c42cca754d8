import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';

/** Answers for the test DNS server: A records and SRV records by query name. */
export interface DnsZone {
  readonly a?: Record<string, string[]>;
  readonly srv?: Record<string, SrvEntry[]>;
}

interface SrvEntry {
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** A tiny UDP DNS server on 127.0.0.1 (port 0): A and SRV answers from `zone`, NXDOMAIN otherwise. */
export async function startDnsResponder(
  zone: DnsZone,
): Promise<{ address: string; close(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    socket.send(buildAnswer(query, zone), peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

// Builds the response to one query: header, the question echoed, then the answers.
function buildAnswer(query: Buffer, zone: DnsZone): Buffer {
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const records =
    type === 1
      ? buildARecords(zone.a?.[name])
      : type === 33
        ? buildSrvRecords(zone.srv?.[name])
        : undefined;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(records === undefined ? 0x8183 : 0x8180, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records?.length ?? 0, 6);
  return Buffer.concat([
    header,
    question,
    ...(records ?? []).map((rdata) => buildResourceRecord(type, rdata)),
  ]);
}

function buildARecords(addresses: string[] | undefined): Buffer[] | undefined {
  return addresses?.map((a) => Buffer.from(a.split('.').map(Number)));
}

function buildSrvRecords(entries: SrvEntry[] | undefined): Buffer[] | undefined {
  return entries?.map((e) => {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt16BE(e.priority, 0);
    fixed.writeUInt16BE(e.weight, 2);
    fixed.writeUInt16BE(e.port, 4);
    return Buffer.concat([fixed, encodeName(e.target)]);
  });
}

// NAME as a pointer to the question's name, TYPE, CLASS IN, TTL 60, RDLENGTH, RDATA.
function buildResourceRecord(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  for (let length = message[at] ?? 0; length > 0; length = message[at] ?? 0) {
    labels.push(message.toString('ascii', at + 1, at + 1 + length));
    at += length + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: at + 1 };
}

function encodeName(name: string): Buffer {
  const parts = name
    .split('.')
    .filter(Boolean)
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}
