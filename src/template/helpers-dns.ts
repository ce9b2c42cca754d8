import { argString, type HelperTable } from './helpers-define.js';

/**
 * confd's DNS helpers: `lookupIP host` (all addresses, sorted as strings), `lookupIPV4`,
 * `lookupIPV6`, `lookupSRV service proto name` (`_service._proto.name`; with service and proto
 * both "" it queries `name` as is). Answers come from the render's DnsLookups table: render.ts
 * renders again once the queries are resolved. A failed lookup renders as an empty list.
 */
export const dnsHelpers: HelperTable = {
  lookupIP: { min: 1, fn: ([host], { state }) => state.dns.ip(argString(host, 'host')) },
  lookupIPV4: {
    min: 1,
    fn: ([host], { state }) => state.dns.ip(argString(host, 'host')).filter((a) => a.includes('.')),
  },
  lookupIPV6: {
    min: 1,
    fn: ([host], { state }) => state.dns.ip(argString(host, 'host')).filter((a) => a.includes(':')),
  },
  lookupSRV: {
    min: 3,
    fn: ([service, proto, name], { state }) =>
      state.dns.srv(
        buildSrvName(
          argString(service, 'service'),
          argString(proto, 'proto'),
          argString(name, 'name'),
        ),
      ),
  },
};

// Go's net.LookupSRV naming rule.
function buildSrvName(service: string, proto: string, name: string): string {
  return service === '' && proto === '' ? name : `_${service}._${proto}.${name}`;
}
