import { describe, expect, it } from 'vitest';
import { diagnosisDetail, localInputToIso, toLocalInput } from './format.js';

describe('schedule times in the user’s time zone', () => {
  it('reads a datetime-local value as local wall time and sends it as an ISO instant', () => {
    expect(localInputToIso('2026-12-03T09:30')).toBe(new Date(2026, 11, 3, 9, 30).toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('not a time')).toBeNull();
  });

  it('shows an instant back as the same local wall time', () => {
    expect(toLocalInput(new Date(2026, 11, 3, 9, 5).getTime())).toBe('2026-12-03T09:05');
    expect(toLocalInput(null)).toBe('');
  });
});

describe('a diagnosis’s detail beyond its summary', () => {
  const summary = 'The TikTok account must be connected again before its posts can go out; they are held, not lost.';
  it('keeps only the cause when tokpost’s message repeats the summary', () => {
    expect(diagnosisDetail({ summary, message: `${summary} (TikTok says access was removed: user disconnected the app in TikTok (reason 1).)` })).toBe('TikTok says access was removed: user disconnected the app in TikTok (reason 1).');
    expect(diagnosisDetail({ summary, message: summary })).toBeNull();
    expect(diagnosisDetail({ summary, message: null })).toBeNull();
  });
  it('keeps TikTok’s own message whole', () => {
    expect(diagnosisDetail({ summary: 'TikTok’s moderation judged the post risky and did not publish it.', message: 'TikTok took the post down after publishing it.' })).toBe('TikTok took the post down after publishing it.');
  });
});
