import { describe, expect, it } from 'vitest';
import { parseLosslessJson, toIdList, toIdString } from './lossless-json.js';

describe('parseLosslessJson', () => {
  it('keeps 19-digit int64 ids exact where JSON.parse rounds them', () => {
    const text = '{"data":{"publicaly_available_post_id":[7602997517160123666, 9223372036854775807],"uploaded_bytes":10000},"error":{"code":"ok","message":"","log_id":"202210112248442CB9319E1FB30C1073F3"}}';
    expect(String((JSON.parse(text) as { data: { publicaly_available_post_id: number[] } }).data.publicaly_available_post_id[0])).not.toBe('7602997517160123666');
    const v = parseLosslessJson(text) as { data: { publicaly_available_post_id: unknown[]; uploaded_bytes: unknown } };
    expect(v.data.publicaly_available_post_id).toEqual([7602997517160123666n, 9223372036854775807n]);
    expect(v.data.uploaded_bytes).toBe(10000);
    expect(toIdList(v.data.publicaly_available_post_id)).toEqual(['7602997517160123666', '9223372036854775807']);
  });

  it('parses like JSON.parse for everything else (escapes, floats, exponents, nesting, __proto__)', () => {
    const docs = [
      '{"a":"x\\"y\\\\z\\u00e9\\n","b":[1.5,-2e3,0,-0.25,true,false,null],"c":{"d":[[]],"e":{}},"long":"12345678901234567890"}',
      ' [ 1 , "2" , { "k" : 12345678901234 } ] ',
      '{"__proto__":{"x":1},"n":-9007199254740991}',
      '"just a string with 1234567890123456789 digits"',
    ];
    for (const d of docs) expect(parseLosslessJson(d)).toEqual(JSON.parse(d));
    const proto = parseLosslessJson(docs[2]!) as Record<string, unknown>;
    expect(Object.keys(proto)).toContain('__proto__');
  });

  it('turns negative and exponent forms correctly: only plain unsafe integers become bigint', () => {
    const text = '[-9223372036854775808, 1.2345678901234567e30, 12345678901234567.5]';
    const [big, exp, frac] = parseLosslessJson(text) as unknown[];
    expect(big).toBe(-9223372036854775808n);
    expect(exp).toBe(Number('1.2345678901234567e30'));
    expect(frac).toBe(Number('12345678901234567.5'));
  });

  it('rejects malformed JSON with a SyntaxError', () => {
    for (const bad of ['{"a":1234567890123456789', '[1234567890123456789,]', '{"a" 1234567890123456789}', '[01234567890123456789]', '12345678901234567890 x']) {
      expect(() => parseLosslessJson(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe('toIdString / toIdList', () => {
  it('accepts an array, a scalar, numbers, bigints and strings', () => {
    expect(toIdList(['7602997517160123666', 7602997517160123666n, 42])).toEqual(['7602997517160123666', '7602997517160123666', '42']);
    expect(toIdList('7602997517160123666')).toEqual(['7602997517160123666']);
    expect(toIdList(7602997517160123666n)).toEqual(['7602997517160123666']);
    expect(toIdList([])).toEqual([]);
    expect(toIdList(undefined)).toEqual([]);
    expect(toIdString('  ')).toBeUndefined();
    expect(toIdString(123)).toBe('123');
  });
});
