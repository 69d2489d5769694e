import { describe, expect, it } from 'vitest';
import { oversizedReply, readMessage } from './jsonrpc-checks.js';

const LIMIT = 16 * 1024 * 1024;
const filler = 'QUJD'.repeat(2048);

describe('oversizedReply: the id of a message of which only the ends were kept', () => {
  it.each([
    [
      'first, as the Python SDK writes it',
      `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"arguments":{"content":"${filler}`,
      'AAA"}}}',
      7,
    ],
    [
      'last, as the TypeScript SDK writes it',
      `{"method":"tools/call","params":{"arguments":{"content":"${filler}`,
      `${filler}"}},"jsonrpc":"2.0","id":12}`,
      12,
    ],
    [
      'before the last scalar members',
      '{"method":"tools/call","params":{"x":"',
      `AAA"},"id":"r-1","jsonrpc":"2.0"}`,
      'r-1',
    ],
    ['a string with an escaped quote', '{"method":"x","params":{"a":"', 'AA"},"id":"a\\"b","jsonrpc":"2.0"}', 'a"b'],
    ['nested in the params only, at the start', `{"params":{"arguments":{"id":4,"content":"${filler}`, 'AAA"}}}', null],
    ['nested in the params only, at the end', '{"jsonrpc":"2.0","method":"x","params":{"a":"', 'AAA","id":4}}', null],
    ['a fraction, which is no request id', '{"jsonrpc":"2.0","id":1.5,"method":"x","params":{"a":"', 'AAA"}}', null],
    ['inside a string that looks like JSON', '{"method":"x","params":{"a":"{\\"id\\":3,', 'AAA"}}', null],
    ['cut off by the kept head', '{"jsonrpc":"2.0","id":"abc', 'AAA"}}', null],
  ])('finds an id %s', (_where, head, tail, id) => {
    const reply = oversizedReply({ bytes: LIMIT + 1, head, tail }, LIMIT);
    expect(reply.id).toBe(id);
    expect(reply.error).toMatchObject({ code: -32600, data: { limit_bytes: LIMIT, message_bytes: LIMIT + 1 } });
    expect(reply.error.message).toMatch(/over the 16 MiB limit .*upload_document’s file_path/);
  });
});

describe('readMessage', () => {
  it('passes well-formed requests, notifications and responses through as the SDK parses them', () => {
    for (const message of [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x', arguments: { id: null } } },
      { jsonrpc: '2.0', id: 'a', method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 3, result: {} },
      { jsonrpc: '2.0', id: 4, error: { code: -1, message: 'declined' } },
    ]) {
      expect(readMessage(JSON.stringify(message))).toEqual({ kind: 'message', message });
    }
  });

  it('drops a malformed response without answering it (answers are never answered)', () => {
    expect(readMessage('{"jsonrpc":"2.0","id":3,"result":5}')).toMatchObject({
      kind: 'ignore',
      problem: expect.stringMatching(/malformed response/),
    });
  });
});
