/**
 * The MongoDB wire messages this store speaks, decoded from and encoded to buffers.
 *
 * Every message starts with a 16-byte little-endian header:
 *   int32 messageLength (including the header) | int32 requestID | int32 responseTo | int32 opCode
 * We read OP_MSG (everything the modern driver sends) and OP_QUERY (the legacy handshake the driver
 * still opens each connection with), and write OP_MSG and OP_REPLY.
 */
import { deserialize, serialize, type Document } from 'bson';
import { FAITHFUL_DESERIALIZE } from './bson-options';
import { crc32c } from './crc32c';

export const HEADER_SIZE = 16;
/** What we advertise as maxMessageSizeBytes; anything larger is refused before it is buffered. */
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MSG_FLAG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_FLAG_MORE_TO_COME = 1 << 1;
export const MSG_FLAG_EXHAUST_ALLOWED = 1 << 16;
/** Bits 0-15 are "required": a flag there we do not know means we must not guess what it asks. */
const MSG_KNOWN_REQUIRED_FLAGS = MSG_FLAG_CHECKSUM_PRESENT | MSG_FLAG_MORE_TO_COME;

/** OP_REPLY responseFlags bit 1: the query failed and the single document is `{ $err }`. */
export const REPLY_FLAG_QUERY_FAILURE = 1 << 1;

export class ProtocolError extends Error {}

export interface MessageHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface OpMsgRequest {
  kind: 'msg';
  header: MessageHeader;
  flagBits: number;
  /** The kind-0 body with every kind-1 document sequence merged in as an array under its identifier. */
  command: Document;
  moreToCome: boolean;
  exhaustAllowed: boolean;
}

export interface OpQueryRequest {
  kind: 'query';
  header: MessageHeader;
  flags: number;
  fullCollectionName: string;
  numberToSkip: number;
  numberToReturn: number;
  query: Document;
}

export type Request = OpMsgRequest | OpQueryRequest;

export function readHeader(buf: Buffer, offset = 0): MessageHeader {
  return {
    messageLength: buf.readInt32LE(offset),
    requestId: buf.readInt32LE(offset + 4),
    responseTo: buf.readInt32LE(offset + 8),
    opCode: buf.readInt32LE(offset + 12),
  };
}

/** Decodes one complete message (header included). Throws ProtocolError on anything malformed. */
export function decodeMessage(message: Buffer): Request {
  if (message.length < HEADER_SIZE) throw new ProtocolError('message shorter than its header');
  const header = readHeader(message);
  if (header.messageLength !== message.length) throw new ProtocolError('message length mismatch');
  switch (header.opCode) {
    case OP_MSG:
      return decodeOpMsg(header, message);
    case OP_QUERY:
      return decodeOpQuery(header, message);
    case OP_COMPRESSED:
      // We never advertise compression in hello, so a conforming client never sends this.
      throw new ProtocolError('OP_COMPRESSED is not supported (no compressors were negotiated)');
    default:
      throw new ProtocolError(`unsupported opCode ${header.opCode}`);
  }
}

function bsonLength(buf: Buffer, offset: number, end: number): number {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('BSON document overruns its message');
  return size;
}

function readDocument(buf: Buffer, offset: number, end: number): { doc: Document; size: number } {
  const size = bsonLength(buf, offset, end);
  try {
    return { doc: deserialize(buf.subarray(offset, offset + size), FAITHFUL_DESERIALIZE), size };
  } catch (err) {
    throw new ProtocolError(`invalid BSON: ${(err as Error).message}`);
  }
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const nul = buf.indexOf(0, offset);
  if (nul < 0 || nul >= end) throw new ProtocolError('unterminated C string');
  return { value: buf.toString('utf8', offset, nul), next: nul + 1 };
}

function decodeOpMsg(header: MessageHeader, message: Buffer): OpMsgRequest {
  if (message.length < HEADER_SIZE + 4) throw new ProtocolError('OP_MSG too short');
  const flagBits = message.readUInt32LE(HEADER_SIZE);
  const unknownRequired = flagBits & 0xffff & ~MSG_KNOWN_REQUIRED_FLAGS;
  if (unknownRequired)
    throw new ProtocolError(`OP_MSG has unknown required flag bits 0x${unknownRequired.toString(16)}`);

  let end = message.length;
  if (flagBits & MSG_FLAG_CHECKSUM_PRESENT) {
    end -= 4;
    if (end < HEADER_SIZE + 4) throw new ProtocolError('OP_MSG too short for its checksum');
    const expected = message.readUInt32LE(end);
    if (crc32c(message, 0, end) !== expected) throw new ProtocolError('OP_MSG checksum mismatch');
  }

  let body: Document | undefined;
  const sequences: Array<{ identifier: string; docs: Document[] }> = [];
  let offset = HEADER_SIZE + 4;
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const { doc, size } = readDocument(message, offset, end);
      body = doc;
      offset += size;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const sectionSize = message.readInt32LE(offset);
      const sectionEnd = offset + sectionSize;
      if (sectionSize < 5 || sectionEnd > end)
        throw new ProtocolError('document sequence overruns its message');
      const { value: identifier, next } = readCString(message, offset + 4, sectionEnd);
      const docs: Document[] = [];
      let p = next;
      while (p < sectionEnd) {
        const { doc, size } = readDocument(message, p, sectionEnd);
        docs.push(doc);
        p += size;
      }
      sequences.push({ identifier, docs });
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG has no body section');
  for (const { identifier, docs } of sequences) {
    // The spec forbids the same name in both places; merging would silently drop one of them.
    if (identifier in body)
      throw new ProtocolError(`document sequence '${identifier}' duplicates a body field`);
    body[identifier] = docs;
  }
  return {
    kind: 'msg',
    header,
    flagBits,
    command: body,
    moreToCome: (flagBits & MSG_FLAG_MORE_TO_COME) !== 0,
    exhaustAllowed: (flagBits & MSG_FLAG_EXHAUST_ALLOWED) !== 0,
  };
}

function decodeOpQuery(header: MessageHeader, message: Buffer): OpQueryRequest {
  const end = message.length;
  let offset = HEADER_SIZE;
  if (offset + 4 > end) throw new ProtocolError('OP_QUERY too short');
  const flags = message.readInt32LE(offset);
  const { value: fullCollectionName, next } = readCString(message, offset + 4, end);
  offset = next;
  if (offset + 8 > end) throw new ProtocolError('OP_QUERY too short');
  const numberToSkip = message.readInt32LE(offset);
  const numberToReturn = message.readInt32LE(offset + 4);
  offset += 8;
  // A returnFieldsSelector may follow; it means nothing for commands, so it is not read.
  const { doc: query } = readDocument(message, offset, end);
  return { kind: 'query', header, flags, fullCollectionName, numberToSkip, numberToReturn, query };
}

/**
 * Turns a legacy OP_QUERY on `<db>.$cmd` into the command document the engine understands:
 * unwraps `{ $query: {...}, $readPreference }` and adds `$db` the way OP_MSG carries it.
 * Returns null for a query on an ordinary collection (legacy find), which we do not serve.
 */
export function commandFromOpQuery(req: OpQueryRequest): Document | null {
  const dot = req.fullCollectionName.indexOf('.');
  if (dot < 0 || req.fullCollectionName.slice(dot + 1) !== '$cmd') return null;
  const db = req.fullCollectionName.slice(0, dot);
  const wrapped = req.query.$query ?? req.query.query;
  const command: Document =
    wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)
      ? { ...(wrapped as Document) }
      : { ...req.query };
  if (command.$db === undefined) command.$db = db;
  return command;
}

function writeHeader(buf: Buffer, requestId: number, responseTo: number, opCode: number): void {
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
}

/** OP_MSG with a single kind-0 body. */
export function encodeOpMsg(body: Document, requestId: number, responseTo: number, flagBits = 0): Buffer {
  const bson = serialize(body);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 4 + 1 + bson.length);
  writeHeader(out, requestId, responseTo, OP_MSG);
  out.writeUInt32LE(flagBits, HEADER_SIZE);
  out[HEADER_SIZE + 4] = 0;
  out.set(bson, HEADER_SIZE + 5);
  return out;
}

/** OP_REPLY carrying the given documents (one, for a command answer). */
export function encodeOpReply(
  docs: Document[],
  requestId: number,
  responseTo: number,
  responseFlags = 0,
): Buffer {
  const bsons = docs.map((d) => serialize(d));
  const bodySize = bsons.reduce((n, b) => n + b.length, 0);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 20 + bodySize);
  writeHeader(out, requestId, responseTo, OP_REPLY);
  out.writeInt32LE(responseFlags, HEADER_SIZE);
  out.writeBigInt64LE(0n, HEADER_SIZE + 4); // cursorID: commands never leave a legacy cursor open
  out.writeInt32LE(0, HEADER_SIZE + 12); // startingFrom
  out.writeInt32LE(docs.length, HEADER_SIZE + 16); // numberReturned
  let offset = HEADER_SIZE + 20;
  for (const b of bsons) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

/** For tests and tools: an OP_MSG request as a client would write it. */
export function encodeOpMsgRequest(
  body: Document,
  requestId: number,
  options: { flagBits?: number; sequences?: Record<string, Document[]>; checksum?: boolean } = {},
): Buffer {
  let flagBits = options.flagBits ?? 0;
  if (options.checksum) flagBits |= MSG_FLAG_CHECKSUM_PRESENT;
  const parts: Uint8Array[] = [Buffer.from([0]), serialize(body)];
  for (const [identifier, docs] of Object.entries(options.sequences ?? {})) {
    const name = Buffer.from(identifier + '\0', 'utf8');
    const payloads = docs.map((d) => serialize(d));
    const size = 4 + name.length + payloads.reduce((n, b) => n + b.length, 0);
    const sizeBuf = Buffer.alloc(4);
    sizeBuf.writeInt32LE(size);
    parts.push(Buffer.from([1]), sizeBuf, name, ...payloads);
  }
  const sections = Buffer.concat(parts);
  const total = HEADER_SIZE + 4 + sections.length + (options.checksum ? 4 : 0);
  const out = Buffer.alloc(total);
  writeHeader(out, requestId, 0, OP_MSG);
  out.writeUInt32LE(flagBits >>> 0, HEADER_SIZE);
  out.set(sections, HEADER_SIZE + 4);
  if (options.checksum) out.writeUInt32LE(crc32c(out, 0, total - 4), total - 4);
  return out;
}

/** For tests and tools: a legacy OP_QUERY as the driver's handshake writes it. */
export function encodeOpQueryRequest(fullCollectionName: string, query: Document, requestId: number): Buffer {
  const name = Buffer.from(fullCollectionName + '\0', 'utf8');
  const bson = serialize(query);
  const out = Buffer.alloc(HEADER_SIZE + 4 + name.length + 8 + bson.length);
  writeHeader(out, requestId, 0, OP_QUERY);
  let offset = HEADER_SIZE;
  out.writeInt32LE(0, offset);
  offset += 4;
  out.set(name, offset);
  offset += name.length;
  out.writeInt32LE(0, offset);
  out.writeInt32LE(-1, offset + 4);
  out.set(bson, offset + 8);
  return out;
}

/** Decodes a reply (OP_MSG or OP_REPLY) into its first document; for tests and tools. */
export function decodeReply(message: Buffer): { header: MessageHeader; flagBits: number; doc: Document } {
  const header = readHeader(message);
  if (header.opCode === OP_MSG) {
    const { doc } = readDocument(message, HEADER_SIZE + 5, message.length);
    return { header, flagBits: message.readUInt32LE(HEADER_SIZE), doc };
  }
  if (header.opCode === OP_REPLY) {
    const { doc } = readDocument(message, HEADER_SIZE + 20, message.length);
    return { header, flagBits: message.readInt32LE(HEADER_SIZE), doc };
  }
  throw new ProtocolError(`not a reply opCode: ${header.opCode}`);
}
