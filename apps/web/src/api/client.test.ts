import { describe, expect, it } from 'vitest';
import { errorFromBody } from './client.js';

describe('API errors', () => {
  it('carry the server’s code, message and field issues', () => {
    const e = errorFromBody(400, { error: { code: 'ERR_VALIDATION', message: 'The post is not valid.', issues: [{ field: 'privacyLevel', message: "required: choose one of the creator's privacy options" }] } });
    expect([e.status, e.code, e.message]).toEqual([400, 'ERR_VALIDATION', 'The post is not valid.']);
    expect(e.full).toBe("The post is not valid. · privacyLevel: required: choose one of the creator's privacy options");
  });

  it('do not repeat an issue the message already says', () => {
    const e = errorFromBody(400, { error: { code: 'ERR_VALIDATION', message: 'appId: required: 2 apps are registered, name the one to connect with', issues: [{ field: 'appId', message: 'required: 2 apps are registered, name the one to connect with' }] } });
    expect(e.full).toBe('appId: required: 2 apps are registered, name the one to connect with');
  });

  it('say so when the server gave no explanation', () => {
    const e = errorFromBody(502, null);
    expect([e.code, e.message]).toEqual(['HTTP_502', 'The server answered 502 without an explanation.']);
  });
});
