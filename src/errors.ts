// The error family the library throws; the CLI maps `code` to a message and an exit code in one place.

export type DeclutterErrorCode =
  'usage' | 'input' | 'no-article' | 'invalid-rule' | 'too-large' | 'timeout' | 'internal';

// Each class names itself: the bundle (scripts/build-dist.ts) does not keep class names, and may rename a class
// whose name another bundled module also uses.
export class DeclutterError extends Error {
  override name = 'DeclutterError';
  readonly code: DeclutterErrorCode;
  constructor(code: DeclutterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Bad command-line arguments or options (exit 2). */
export class UsageError extends DeclutterError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** An input that cannot be read or converted (exit 1, the batch goes on). */
export class InputError extends DeclutterError {
  override name = 'InputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('input', message, options);
  }
}

/** An input larger than the configured cap. */
export class InputTooLargeError extends DeclutterError {
  override name = 'InputTooLargeError';
  constructor(message: string) {
    super('too-large', message);
  }
}

/** The page parsed, but Readability found no article in it. */
export class NoArticleError extends DeclutterError {
  override name = 'NoArticleError';
  constructor(message = 'no article content found') {
    super('no-article', message);
  }
}

/** A rule file that does not follow the rule format; the message names file, rule and field. */
export class InvalidRuleError extends DeclutterError {
  override name = 'InvalidRuleError';
  /** Every problem found, one line each (the message names the first); just the message when not given. */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [message]) {
    super('invalid-rule', message);
    this.problems = problems;
  }
}

/** A bug: something we did not expect. Carries the original error as `cause`. */
export class InternalError extends DeclutterError {
  override name = 'InternalError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, options);
  }
}

const ERROR_CODES: ReadonlySet<unknown> = new Set<DeclutterErrorCode>([
  'usage',
  'input',
  'no-article',
  'invalid-rule',
  'too-large',
  'timeout',
  'internal',
]);

/**
 * One of ours, by class or by shape: the CLI's two bundles (scripts/build-dist.ts) each hold a copy of these
 * classes, so what the converting half throws is no instance of the copy the rest of the CLI checks against.
 */
function isDeclutterError(error: unknown): error is DeclutterError {
  return (
    error instanceof DeclutterError || (error instanceof Error && ERROR_CODES.has((error as { code?: unknown }).code))
  );
}

/** Wraps anything thrown into a DeclutterError so callers see one family. */
export function toDeclutterError(error: unknown): DeclutterError {
  if (isDeclutterError(error)) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new InputError('page is nested too deeply to process (stack overflow)', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InternalError(`internal error: ${message}`, { cause: error });
}

/** A file-system error as a short phrase for a one-line message. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EFBIG':
      return 'file too large for this file system or limit';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return 'not valid gzip data';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
