import { withJobFlags } from '../../src/planning/job-flags.js';

describe('withJobFlags', () => {
  it("keeps the job's own flags after the profile's, so they win", () => {
    expect(withJobFlags({ CFLAGS: '-O2', NODE_ENV: 'production' }, { CFLAGS: '-Werror', NODE_ENV: 'development' })).toEqual({
      CFLAGS: '-O2 -Werror',
      NODE_ENV: 'production',
    });
  });

  it('adds nothing the profile does not set, and does not repeat a profile already applied in this job', () => {
    expect(withJobFlags({ CFLAGS: '-O2' }, { LDFLAGS: '-s' })).toEqual({ CFLAGS: '-O2' });
    expect(withJobFlags({ CFLAGS: '-O2' }, { CFLAGS: '-O2 -Werror' })).toEqual({ CFLAGS: '-O2 -Werror' });
    expect(withJobFlags({ CFLAGS: '-O2' }, { CFLAGS: '   ' })).toEqual({ CFLAGS: '-O2' });
  });
});
