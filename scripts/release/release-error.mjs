/** A release that cannot go ahead for a reason the maintainer can fix: printed as one line, never with a stack. */
export class ReleaseError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ReleaseError';
  }
}
