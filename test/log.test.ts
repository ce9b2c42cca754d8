import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import { isSensitiveKey, SecretScrubber } from '../src/secrets.js';

const credentials = JSON.stringify(
  {
    Code: 'Success',
    Type: 'AWS-HMAC',
    AccessKeyId: 'ASIAEXAMPLEKEY',
    SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
    Token: 'IQoJb3JpZ2luX2VjEXAMPLE',
  },
  null,
  2,
);

describe('secret redaction', () => {
  it('knows which keys are sensitive', () => {
    for (const key of [
      '/meta-data/iam/security-credentials/role',
      '/meta-data/iam/security-credentials',
      '/user-data',
      '/meta-data/identity-credentials/ec2/security-credentials/ec2-instance',
      '/instance/service-accounts/default/token',
    ])
      assert.ok(isSensitiveKey(key), key);
    for (const key of [
      '/meta-data/instance-id',
      '/meta-data/iam/info',
      '/meta-data/tags/instance/user-data-owner',
    ])
      assert.ok(!isSensitiveKey(key), key);
  });

  it('scrubs secret values, secret JSON fields and long lines, but not ordinary words', () => {
    const scrubber = new SecretScrubber();
    scrubber.addSensitive([
      ['/meta-data/iam/security-credentials/role', credentials],
      ['/user-data', '#!/bin/sh\nexport DB_PASSWORD=hunter2-hunter2\nfi'],
      ['/meta-data/instance-id', 'i-0123456789'],
    ]);
    const text = scrubber.scrub(
      'key ASIAEXAMPLEKEY secret wJalrXUtnFEMI/K7MDENG token IQoJb3JpZ2luX2VjEXAMPLE line export DB_PASSWORD=hunter2-hunter2 code Success fi i-0123456789',
    );
    assert.equal(
      text,
      'key [REDACTED] secret [REDACTED] token [REDACTED] line [REDACTED] code Success fi i-0123456789',
    );
  });

  it('redacts at the logger: sensitive field names and known secrets, in both formats, at debug level', () => {
    for (const format of ['json', 'text'] as const) {
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', format, write: (line) => lines.push(line) });
      logger.secrets.add('s3cr3t-value');
      logger
        .child({ component: 'test' })
        .debug(
          { token: 'abc-token', authorization: 'Bearer x', err: new Error('bad s3cr3t-value') },
          'event',
        );
      assert.equal(lines.length, 1);
      const [line = ''] = lines;
      assert.ok(
        !line.includes('abc-token') && !line.includes('Bearer x') && !line.includes('s3cr3t-value'),
        line,
      );
      assert.match(line, /component/);
      assert.match(line, /\[REDACTED\]/);
    }
  });

  it('redacts secrets that JSON would escape (quotes, line breaks)', () => {
    for (const format of ['json', 'text'] as const) {
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', format, write: (line) => lines.push(line) });
      logger.secrets.addSensitive([
        ['/user-data', '#!/bin/sh\nexport DB_PASSWORD="hunter2-secret"\nfi'],
      ]);
      logger.error({ err: new Error('line 2: export DB_PASSWORD="hunter2-secret"') }, 'event');
      logger.warn({ script: '#!/bin/sh\nexport DB_PASSWORD="hunter2-secret"\nfi' }, 'event');
      assert.equal(lines.length, 2);
      for (const line of lines) assert.ok(!line.includes('hunter2'), line);
    }
  });

  it('writes nothing below the level', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      format: 'json',
      write: (line) => lines.push(line),
    });
    logger.info({}, 'quiet');
    logger.warn({ dest: '/etc/x' }, 'loud');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as { msg: string; level: string }).msg),
      ['loud'],
    );
  });
});
