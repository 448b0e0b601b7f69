// What the API shows of a media asset: what it is (probe), what TikTok would say (findings), and
// the state of its latest fix. The server's file paths stay out of it (they are the operator's
// business, and the probe carries one too).
import type { Finding, ProbeResult } from '@tokpost/media';
import type { MediaAsset, MediaFix, MediaFixStatus } from '../domain/types.js';

export interface MediaFixView {
  id: string;
  status: MediaFixStatus;
  /** 0..1. */
  progress: number;
  /** The new asset, once the fix is done. */
  fixedMediaId?: string;
  /** Why the fix failed. */
  error?: string;
}

export interface MediaView {
  id: string;
  kind: MediaAsset['kind'];
  contentType: string | null;
  sizeBytes: number;
  sha256: string;
  probe: Omit<ProbeResult, 'path'>;
  findings: Finding[];
  createdAt: number;
  /** The latest fix, when one was asked for. */
  fix?: MediaFixView;
}

export function viewFix(f: MediaFix): MediaFixView {
  return {
    id: f.id,
    status: f.status,
    progress: f.progress,
    ...(f.fixedMediaId ? { fixedMediaId: f.fixedMediaId } : {}),
    ...(f.error ? { error: f.error } : {}),
  };
}

export function viewMedia(asset: MediaAsset, fix?: MediaFix): MediaView {
  const { path: _path, ...probe } = asset.probe;
  return {
    id: asset.id,
    kind: asset.kind,
    contentType: asset.contentType,
    sizeBytes: asset.sizeBytes,
    sha256: asset.sha256,
    probe,
    findings: asset.findings,
    createdAt: asset.createdAt,
    ...(fix ? { fix: viewFix(fix) } : {}),
  };
}
