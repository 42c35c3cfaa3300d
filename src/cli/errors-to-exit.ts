// The one place that maps errors to a one-line message and an exit code.

import { DeclutterError, toDeclutterError } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_INPUT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export interface ErrorReport {
  message: string;
  exitCode: number;
}

/** Turns anything thrown into one line for stderr and the exit code it deserves. */
export function reportError(error: unknown): ErrorReport {
  const declutterError: DeclutterError = toDeclutterError(error);
  const message = oneLine(declutterError.message);
  switch (declutterError.code) {
    case 'usage':
    case 'invalid-rule':
      return { message, exitCode: EXIT_USAGE };
    case 'input':
    case 'no-article':
    case 'too-large':
    case 'timeout':
    case 'internal':
      return { message, exitCode: EXIT_INPUT_FAILED };
  }
}

/**
 * `subject: message`, naming the subject once: library messages often start with the path or URL already
 * (`a.html: permission denied`, `stdin is empty`), others do not (`no article content found`).
 */
export function aboutInput(subject: string, message: string): string {
  return message.startsWith(`${subject}: `) || message.startsWith(`${subject} `) || message === subject
    ? message
    : `${subject}: ${message}`;
}

/** Collapses a message to one printable line: no newlines, no terminal control sequences. */
export function oneLine(message: string): string {
  return stripControl(message).replace(/\s+/g, ' ').trim();
}

/** Removes ANSI/OSC escape sequences and other C0/C1 controls so page text cannot drive a terminal. */
export function stripControl(text: string): string {
  return text
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
