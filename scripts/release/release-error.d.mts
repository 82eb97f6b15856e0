/** A release that cannot go ahead for a reason the maintainer can fix: printed as one line, never with a stack. */
export declare class ReleaseError extends Error {
  constructor(message: string);
}
