import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapToRestNames, toJsonName, toRestName } from '../../../backends/gcp/names.js';

describe('toRestName', () => {
  const cases: { parent: string[]; json: string; rest: string }[] = [
    { parent: ['instance'], json: 'machineType', rest: 'machine-type' },
    { parent: ['instance'], json: 'networkInterfaces', rest: 'network-interfaces' },
    {
      parent: ['instance', 'network-interfaces', '0'],
      json: 'accessConfigs',
      rest: 'access-configs',
    },
    {
      parent: ['instance', 'network-interfaces', '0', 'access-configs', '0'],
      json: 'externalIp',
      rest: 'external-ip',
    },
    {
      parent: ['instance', 'network-interfaces', '0'],
      json: 'externalIpv6',
      rest: 'external-ipv6',
    },
    { parent: ['instance'], json: 'maintenanceEvent', rest: 'maintenance-event' },
    { parent: ['instance'], json: 'guestAttributes', rest: 'guest-attributes' },
    { parent: ['instance'], json: 'zone', rest: 'zone' },
    { parent: ['project'], json: 'numericProjectId', rest: 'numeric-project-id' },
    { parent: ['instance', 'shutdown-details'], json: 'TargetState', rest: 'target-state' },
    // Names users chose stay as they are.
    { parent: ['instance', 'attributes'], json: 'enable-oslogin', rest: 'enable-oslogin' },
    { parent: ['instance', 'attributes'], json: 'myCamelKey', rest: 'myCamelKey' },
    { parent: ['project', 'attributes'], json: 'sshKeys', rest: 'sshKeys' },
    {
      parent: ['instance', 'service-accounts'],
      json: 'metadata-sa@my-project.iam.gserviceaccount.com',
      rest: 'metadata-sa@my-project.iam.gserviceaccount.com',
    },
    { parent: ['instance', 'service-accounts'], json: 'default', rest: 'default' },
    { parent: ['instance', 'guest-attributes'], json: 'hostKeys', rest: 'hostKeys' },
    { parent: ['instance', 'guest-attributes', 'hostKeys'], json: 'sshRsa', rest: 'sshRsa' },
    { parent: ['instance', 'partner-attributes', 'ns'], json: 'someKey', rest: 'someKey' },
  ];
  for (const { parent, json, rest } of cases) {
    it(`${parent.join('/')}/${json} -> ${rest}`, () => {
      assert.equal(toRestName(parent, json), rest);
    });
  }

  it('maps the members of a service account, not the account name', () => {
    assert.equal(toRestName(['instance', 'service-accounts', 'sa@p.iam'], 'aliases'), 'aliases');
    assert.equal(
      toRestName(['instance', 'service-accounts', 'default'], 'someField'),
      'some-field',
    );
  });
});

describe('toJsonName', () => {
  it('is the inverse for GCE names and leaves user names alone', () => {
    assert.equal(toJsonName(['instance'], 'machine-type'), 'machineType');
    assert.equal(toJsonName(['project'], 'numeric-project-id'), 'numericProjectId');
    assert.equal(toJsonName(['instance', 'attributes'], 'enable-oslogin'), 'enable-oslogin');
    assert.equal(toJsonName(['instance', 'service-accounts'], 'sa@p.iam'), 'sa@p.iam');
  });
});

describe('mapToRestNames', () => {
  it('renames a recursive tree, keeping user keys, account emails and array order', () => {
    const tree = {
      machineType: 'projects/1/machineTypes/e2-small',
      attributes: { 'enable-oslogin': 'TRUE', myCamelKey: 'v' },
      networkInterfaces: [{ accessConfigs: [{ externalIp: '1.2.3.4' }], dnsServers: ['x'] }],
      serviceAccounts: { 'sa@p.iam': { email: 'sa@p.iam', aliases: ['default'] } },
    };
    assert.deepEqual(mapToRestNames(tree, ['instance']), {
      'machine-type': 'projects/1/machineTypes/e2-small',
      attributes: { 'enable-oslogin': 'TRUE', myCamelKey: 'v' },
      'network-interfaces': [
        { 'access-configs': [{ 'external-ip': '1.2.3.4' }], 'dns-servers': ['x'] },
      ],
      'service-accounts': { 'sa@p.iam': { email: 'sa@p.iam', aliases: ['default'] } },
    });
  });
});
