import { describe, expect, it } from 'vitest';
import { assertNoSecrets, findSecrets } from './support/secret-scan.js';

describe('secret scan', () => {
  it('finds known secrets and the shapes of generated credentials', () => {
    const lines = [
      '{"msg":"request refused","code":"ERR_UNAUTHORIZED"}',
      '{"msg":"oops","secret":"server-test-secret-never-logged-7b31"}',
      'Authorization: Bearer tp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde',
      'token act.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA here',
      'rft.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
      '?code=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC*0!1234.va&state=x',
      'tp_short is a prefix, not a key',
    ];
    expect(findSecrets(lines, ['server-test-secret-never-logged-7b31']).map((f) => f.what)).toEqual([
      'known secret serv…',
      'API key',
      'access token',
      'refresh token',
      'authorization code',
    ]);
  });

  it('ignores short known values and passes clean lines', () => {
    expect(findSecrets(['id 1234567'], ['1234567', undefined])).toEqual([]);
    expect(() => assertNoSecrets('clean', ['{"level":30,"msg":"ok"}'], ['never-there-secret'])).not.toThrow();
    expect(() => assertNoSecrets('leaky', ['x never-there-secret y'], ['never-there-secret'])).toThrow(/leaky: 1 line\(s\) hold a secret/);
  });
});
