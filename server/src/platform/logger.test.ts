import { captureLogger } from './testing';

describe('logger', () => {
  it('redacts credentials and phone numbers wherever they sit', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1' } },
        user: { phone: '13800138000', profile: { password: 'pw' } },
        password: 'top',
      },
      'x',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/Bearer abc|sid=1|13800138000|"pw"|"top"/);
    expect(text).toContain('[redacted]');
  });
});
