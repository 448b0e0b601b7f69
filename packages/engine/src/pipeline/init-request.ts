// Turns a post into the client's init input (docs/tiktok-api.md §5.2–5.4, §6) and into the request
// summary kept on the attempt row — which never holds a media URL (it carries a capability token)
// or any other secret.
import type { PhotoInitInput, VideoPostSettings, VideoSource } from '@tokpost/tiktok';
import type { MediaAsset, Post } from '../domain/types.js';

export type InitCall =
  | { endpoint: 'video_init'; postInfo: VideoPostSettings; source: VideoSource }
  | { endpoint: 'inbox_video_init'; source: VideoSource }
  | { endpoint: 'content_init'; input: PhotoInitInput };

export interface InitPlanInput {
  post: Post;
  media: readonly MediaAsset[];
  /** PULL_FROM_URL: one URL per media item, in order. */
  pullUrls?: readonly string[];
  chunkSize?: number;
}

export function planInit({ post, media, pullUrls, chunkSize }: InitPlanInput): InitCall {
  if (post.kind === 'photo') {
    const direct = post.mode === 'direct';
    return {
      endpoint: 'content_init',
      input: {
        postMode: direct ? 'DIRECT_POST' : 'MEDIA_UPLOAD',
        postInfo: direct
          ? {
              title: post.title || undefined,
              description: post.description || undefined,
              privacyLevel: post.privacyLevel ?? undefined,
              disableComment: !post.allowComment,
              autoAddMusic: post.autoAddMusic,
              brandContentToggle: post.brandContent,
              brandOrganicToggle: post.brandOrganic,
            }
          : { title: post.title || undefined, description: post.description || undefined },
        photoImages: [...(pullUrls ?? [])],
        photoCoverIndex: post.photoCoverIndex,
        isAigc: post.aiGenerated,
      },
    };
  }
  const asset = media[0]!;
  const source: VideoSource =
    post.source === 'PULL_FROM_URL' ? { source: 'PULL_FROM_URL', videoUrl: pullUrls![0]! } : { source: 'FILE_UPLOAD', videoSize: asset.sizeBytes, ...(chunkSize ? { chunkSize } : {}) };
  if (post.mode === 'inbox') return { endpoint: 'inbox_video_init', source };
  return {
    endpoint: 'video_init',
    source,
    postInfo: {
      privacyLevel: post.privacyLevel!,
      title: post.title || undefined,
      disableComment: !post.allowComment,
      disableDuet: !post.allowDuet,
      disableStitch: !post.allowStitch,
      videoCoverTimestampMs: post.videoCoverTimestampMs ?? undefined,
      brandContentToggle: post.brandContent,
      brandOrganicToggle: post.brandOrganic,
      isAigc: post.aiGenerated,
    },
  };
}

/** The attempt row's record of what was asked (no URLs, no captions' worth of secrets). */
export function summarizeInit(call: InitCall, media: readonly MediaAsset[]): Record<string, unknown> {
  if (call.endpoint === 'content_init') {
    return {
      endpoint: call.endpoint,
      post_mode: call.input.postMode,
      privacy_level: call.input.postInfo.privacyLevel ?? null,
      photo_count: call.input.photoImages.length,
      photo_cover_index: call.input.photoCoverIndex,
      media_sha256: media.map((m) => m.sha256),
    };
  }
  const src = call.source.source === 'FILE_UPLOAD' ? { source: 'FILE_UPLOAD', video_size: call.source.videoSize } : { source: 'PULL_FROM_URL' };
  return {
    endpoint: call.endpoint,
    ...src,
    privacy_level: call.endpoint === 'video_init' ? call.postInfo.privacyLevel : null,
    media_sha256: media.map((m) => m.sha256),
  };
}
