// Small pieces every page uses: a state badge, an error note, a loading line.
import { useState, type ReactNode } from 'react';
import { messageOf } from '../api/client.js';
import type { CheckStatus, PostState } from '../api/types.js';

export const STATE_LABELS: Record<PostState, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  processing: 'Processing at TikTok',
  inbox_pending: 'Waiting in the inbox',
  published: 'Published',
  failed: 'Failed',
  needs_action: 'Needs action',
  missed: 'Missed',
  cancelled: 'Cancelled',
};

export function StateBadge({ state }: { state: PostState }) {
  return <span className={`badge state-${state}`}>{STATE_LABELS[state] ?? state}</span>;
}

const CHECK_MARK: Record<CheckStatus, string> = { ok: '✓', warning: '!', failing: '✕' };
const CHECK_WORD: Record<CheckStatus, string> = { ok: 'OK', warning: 'Warning', failing: 'Failing' };

export function CheckMark({ status }: { status: CheckStatus }) {
  return (
    <span className={`check check-${status}`} role="img" aria-label={CHECK_WORD[status]} title={CHECK_WORD[status]}>
      {CHECK_MARK[status]}
    </span>
  );
}

export function ErrorNote({ error, children }: { error?: unknown; children?: ReactNode }) {
  if (!error && !children) return null;
  return (
    <div className="note note-error" role="alert">
      {children ?? messageOf(error)}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress-row">
      <progress max={100} value={pct} aria-label={label} />
      <span className="small">{pct}%</span>
    </div>
  );
}

/** The creator's picture, or their initial when TikTok's URL has expired (it lives 2 hours). */
export function Avatar({ url, name, size }: { url: string; name: string; size: number }) {
  const [broken, setBroken] = useState(false);
  if (!url || broken) {
    return (
      <span className="avatar avatar-initial" aria-hidden="true" style={{ width: size, height: size }}>
        {(name.trim()[0] ?? '?').toUpperCase()}
      </span>
    );
  }
  return <img className="avatar" src={url} alt="" width={size} height={size} onError={() => setBroken(true)} />;
}
