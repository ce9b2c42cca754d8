import type { Argv, CommandModule } from 'yargs';
import { startEmulator } from '../../backends/emulator/start-emulator.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../log.js';

interface EmulateArgs {
  provider: 'aws' | 'azure' | 'gcp';
  data?: string;
  listen: string;
  latency?: number;
  'error-rate'?: number;
  'throttle-rps'?: number;
  'token-ttl-cap'?: number;
  imdsv1?: boolean;
  'instance-id'?: string;
  'availability-zone'?: string;
  hostname?: string;
  'private-ip'?: string;
  'vpc-id'?: string;
  'role-name'?: string;
}

const overrideGroup = 'Overrides (aws-mock-metadata style):';
const faultGroup = 'Fault injection:';

/** `confd-ts emulate`: serve a metadata service emulator until SIGTERM or SIGINT. */
export const emulateCommand: CommandModule<object, EmulateArgs> = {
  command: 'emulate',
  describe:
    'Serve an instance metadata service emulator (AWS, Azure or GCP) for tests and local runs',
  builder: (yargs) => addEmulateOptions(yargs),
  handler: async (argv) => {
    refuseAwsOnlyOptions(argv);
    const logger = createLogger({ level: 'info', format: 'text' });
    const emulator = await startEmulator({
      provider: argv.provider,
      data: argv.data,
      listen: argv.listen,
      latencyMs: argv.latency,
      errorRate: argv['error-rate'],
      throttleRps: argv['throttle-rps'],
      tokenTtlCapSeconds: argv['token-ttl-cap'],
      imdsv1: argv.imdsv1,
      overrides: {
        instanceId: argv['instance-id'],
        availabilityZone: argv['availability-zone'],
        hostname: argv.hostname,
        privateIp: argv['private-ip'],
        vpcId: argv['vpc-id'],
        roleName: argv['role-name'],
      },
      onWarning: (message) => logger.warn({ provider: argv.provider }, message),
    });
    process.stdout.write(`listening on ${emulator.url}\n`);
    await waitForSignal(['SIGTERM', 'SIGINT']);
    await emulator.close();
  },
};

const awsOnlyOptions = [
  'imdsv1',
  'token-ttl-cap',
  'instance-id',
  'availability-zone',
  'hostname',
  'private-ip',
  'vpc-id',
  'role-name',
] as const;

// The IMDSv2 token and aws-mock-metadata overrides mean nothing to Azure or GCP: refuse, never ignore.
function refuseAwsOnlyOptions(argv: EmulateArgs): void {
  if (argv.provider === 'aws') return;
  const given = awsOnlyOptions.filter((name) => argv[name] !== undefined);
  if (given.length > 0) {
    throw new ConfigError(`--${given.join(', --')}: only for --provider aws, not ${argv.provider}`);
  }
}

function addEmulateOptions(yargs: Argv): Argv<EmulateArgs> {
  return yargs
    .options({
      provider: {
        type: 'string',
        choices: ['aws', 'azure', 'gcp'],
        default: 'aws',
        describe: 'Cloud to emulate',
      },
      data: {
        type: 'string',
        describe:
          'JSON data file, or a directory mirroring URL paths (DIR/latest/meta-data/...); reloaded on change',
      },
      listen: {
        type: 'string',
        default: '127.0.0.1:0',
        describe: 'HOST:PORT to listen on (port 0 picks a free one)',
      },
      imdsv1: { type: 'boolean', describe: 'Also answer GETs without a session token' },
      latency: {
        type: 'number',
        group: faultGroup,
        describe: 'Delay every answer by MS milliseconds',
      },
      'error-rate': {
        type: 'number',
        group: faultGroup,
        describe: 'Answer this fraction (0..1) of requests with 500',
      },
      'throttle-rps': {
        type: 'number',
        group: faultGroup,
        describe: 'Answer 429 beyond N requests per second',
      },
      'token-ttl-cap': {
        type: 'number',
        group: faultGroup,
        describe: 'Grant session tokens for at most S seconds',
      },
      'instance-id': {
        type: 'string',
        group: overrideGroup,
        describe: 'Instance id (also in the identity document)',
      },
      'availability-zone': {
        type: 'string',
        group: overrideGroup,
        describe: 'Availability zone; the region follows',
      },
      hostname: { type: 'string', group: overrideGroup, describe: 'hostname and local-hostname' },
      'private-ip': {
        type: 'string',
        group: overrideGroup,
        describe: 'local-ipv4 (also in the identity document)',
      },
      'vpc-id': {
        type: 'string',
        group: overrideGroup,
        describe: 'VPC id of every network interface',
      },
      'role-name': {
        type: 'string',
        group: overrideGroup,
        describe: 'IAM role name under iam/security-credentials/',
      },
    })
    .example('$0 emulate', 'Serve the built-in AWS data set on a free port (see the first line)')
    .example('$0 emulate --listen 127.0.0.1:8080 --imdsv1', 'A fixed port, tokens optional')
    .example(
      '$0 emulate --data ./imds-data --instance-id i-0abc',
      'Serve a data directory, with an override',
    )
    .example(
      '$0 emulate --error-rate 0.2 --latency 200',
      'Exercise retries against a flaky, slow service',
    ) as Argv<EmulateArgs>;
}

function waitForSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const name of signals) process.off(name, onSignal);
      resolve(signal);
    };
    for (const name of signals) process.on(name, onSignal);
  });
}
