// Uploads a file with XMLHttpRequest, whose upload events give a progress bar (fetch has none):
// small files in one POST /api/media, large ones through the resumable upload in chunks, each
// PUT with its Content-Range, so a big video never has to fit one request.
import { authHeaders, errorFromBody, ApiError, post } from './client.js';
import type { MediaView } from './types.js';

/** Files above this go through the resumable upload. */
export const RESUMABLE_FROM_BYTES = 32 * 1024 * 1024;
export const CHUNK_BYTES = 8 * 1024 * 1024;

export function uploadMedia(file: File, onProgress: (fraction: number) => void): { done: Promise<MediaView>; abort: () => void } {
  return file.size > RESUMABLE_FROM_BYTES ? uploadInChunks(file, onProgress) : uploadWhole(file, onProgress);
}

function send(xhr: XMLHttpRequest, body: XMLHttpRequestBodyInit, onProgress: (loaded: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, body: parsed });
      else reject(errorFromBody(xhr.status, parsed));
    };
    xhr.onerror = () => reject(new ApiError(0, 'ERR_NETWORK', 'The upload was interrupted: check the connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'ERR_ABORTED', 'The upload was cancelled.'));
    xhr.send(body);
  });
}

function uploadInChunks(file: File, onProgress: (fraction: number) => void): { done: Promise<MediaView>; abort: () => void } {
  let current: XMLHttpRequest | null = null;
  let aborted = false;
  const done = (async () => {
    const { uploadId } = await post<{ uploadId: string; received: number }>('/api/media/uploads', { fileName: file.name, size: file.size });
    let offset = 0;
    for (;;) {
      if (aborted) throw new ApiError(0, 'ERR_ABORTED', 'The upload was cancelled.');
      const end = Math.min(offset + CHUNK_BYTES, file.size);
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('PUT', `/api/media/uploads/${encodeURIComponent(uploadId)}`);
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.setRequestHeader('content-range', `bytes ${offset}-${end - 1}/${file.size}`);
      const start = offset;
      const r = await send(xhr, file.slice(offset, end), (loaded) => onProgress((start + loaded) / file.size));
      if (r.status === 201) {
        onProgress(1);
        return r.body as MediaView;
      }
      const received = (r.body as { received?: number } | null)?.received;
      offset = typeof received === 'number' && received > offset ? received : end;
      if (offset >= file.size) throw new ApiError(0, 'ERR_UPLOAD', 'The server took every byte but did not finish the upload: try again.');
    }
  })();
  return { done, abort: () => { aborted = true; current?.abort(); } };
}

function uploadWhole(file: File, onProgress: (fraction: number) => void): { done: Promise<MediaView>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/media');
  const form = new FormData();
  form.append('file', file, file.name);
  const done = send(xhr, form, (loaded) => onProgress(Math.min(1, loaded / Math.max(1, file.size)))).then((r) => {
    onProgress(1);
    return r.body as MediaView;
  });
  return { done, abort: () => xhr.abort() };
}
