// Errors the engine's services throw for callers to show: each carries a stable code (the API maps
// them to HTTP statuses and `ERR_*` codes) and says what is wrong and how to fix it.
export interface Issue {
  field: string;
  message: string;
}

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly code: 'invalid_input' | 'not_found' | 'conflict' | 'locked' | 'too_large',
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

export const invalidInput = (issues: Issue[]): EngineError =>
  new EngineError('invalid_input', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

export const notFound = (what: string, id: string): EngineError => new EngineError('not_found', `${what} ${id} does not exist`);

export const conflict = (message: string, issues: Issue[] = []): EngineError => new EngineError('conflict', message, issues);

/** A file (or a declared size) over the upload limit. */
export const tooLarge = (message: string): EngineError => new EngineError('too_large', message);
