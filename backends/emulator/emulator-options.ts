import type { EmulatorFaults } from './fault-injection.js';

/** Values the AWS emulator puts in place of its data set's, as aws-mock-metadata's flags do. */
export interface AwsOverrides {
  instanceId?: string;
  /** Also sets placement/region and the identity document's zone and region. */
  availabilityZone?: string;
  /** Sets hostname and local-hostname. */
  hostname?: string;
  /** Sets local-ipv4 and the identity document's privateIp. */
  privateIp?: string;
  /** Sets vpc-id of every network interface. */
  vpcId?: string;
  /** Renames the IAM role under iam/security-credentials/ and in iam/info's profile ARN. */
  roleName?: string;
}

/** How to start an emulator (see `startEmulator`), with the faults it starts with. */
export interface EmulatorOptions extends EmulatorFaults {
  provider: 'aws' | 'azure' | 'gcp';
  /** Path to a JSON data file or a directory mirroring URL paths; absent = built-in data set. */
  data?: string;
  /** `HOST:PORT`, default `127.0.0.1:0` (a free port). */
  listen?: string;
  /** Serve GETs without a session token, as IMDS with `HttpTokens: optional` does. */
  imdsv1?: boolean;
  overrides?: AwsOverrides;
  /** How many of the most recent requests `RunningEmulator.requests` keeps; 10,000 by default. */
  requestLogLimit?: number;
  /** Receives data reload errors and the like; default silent. */
  onWarning?: (message: string) => void;
}
