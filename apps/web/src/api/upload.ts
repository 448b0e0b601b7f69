// Uploads a file to POST /api/media with XMLHttpRequest, whose upload events give a progress bar
// (fetch has none).
import { authHeaders, errorFromBody, ApiError } from './client.js';
import type { MediaView } from './types.js';

export function uploadMedia(file: File, onProgress: (fraction: number) => void): { done: Promise<MediaView>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<MediaView>((resolve, reject) => {
    xhr.open('POST', '/api/media');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as MediaView);
      } else reject(errorFromBody(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, 'ERR_NETWORK', 'The upload was interrupted: check the connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'ERR_ABORTED', 'The upload was cancelled.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
