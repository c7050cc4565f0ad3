/** A picture, recording or file as the chat adapter downloaded it. */
export interface Download {
  bytes: Buffer;
  /** the name WeChat gave it (may be empty) */
  name: string;
  /** what WeChat said it is (often application/octet-stream) */
  mediaType: string;
}

/**
 * Where content comes from: the Wechaty adapter (message.toFileBox()) in production and in the
 * mock world. The core knows messages by id only, so a download can be retried long after receipt.
 */
export interface MediaSource {
  download(msgId: string, maxBytes: number): Promise<Download>;
}

/** Larger than MEDIA_MAX_BYTES: not downloaded, and not tried again. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
  constructor(readonly size: number | null, readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes${size ? ` (${size})` : ''}`);
  }
}

/** Fewer (or other) bytes arrived than WeChat announced: a download cut short. */
export class TruncatedError extends Error {
  override name = 'TruncatedError';
  constructor(detail: string) {
    super(`truncated download: ${detail}`);
  }
}
