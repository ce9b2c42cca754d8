/**
 * The api-versions Azure IMDS knows, shared by the client (what it pins) and the emulator (what it
 * accepts). `/metadata/instance`, `/metadata/loadbalancer` and `/metadata/identity` take the
 * service's versions; `/metadata/scheduledevents` has its own; `/metadata/versions` takes none.
 */
export const imdsApiVersions: readonly string[] = [
  ...['2017-03-01', '2017-04-02', '2017-08-01', '2017-10-01', '2017-12-01', '2018-02-01'],
  ...['2018-04-02', '2018-10-01', '2019-02-01', '2019-03-11', '2019-04-30', '2019-06-01'],
  ...['2019-06-04', '2019-08-01', '2019-08-15', '2019-11-01', '2020-06-01', '2020-07-15'],
  ...['2020-09-01', '2020-10-01', '2020-12-01', '2021-01-01', '2021-02-01', '2021-03-01'],
  ...['2021-05-01', '2021-08-01', '2021-10-01', '2021-11-01', '2021-11-15', '2021-12-13'],
  '2023-07-01',
];

/** Versions of the scheduled events API. */
export const scheduledEventsApiVersions: readonly string[] = [
  ...['2017-03-01', '2017-08-01', '2017-11-01', '2019-01-01', '2019-08-01', '2020-07-01'],
];

/** The instance and load balancer api-version the client pins unless told otherwise. */
export const defaultApiVersion = '2023-07-01';

/** The scheduled events api-version the client pins. */
export const defaultScheduledEventsApiVersion = '2020-07-01';
