// Small IMDSv2 request helpers shared by the emulator tests (no test cases here).

/** Status, body and headers of one answer. */
export interface ImdsAnswer {
  status: number;
  body: string;
  headers: Headers;
}

/** PUT /latest/api/token with the given headers (TTL 21600 unless given). */
export async function putToken(
  baseUrl: string,
  headers: Record<string, string> = { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
): Promise<ImdsAnswer> {
  const response = await fetch(`${baseUrl}/latest/api/token`, { method: 'PUT', headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** A fresh valid token; fails the test if the emulator refuses. */
export async function getToken(baseUrl: string): Promise<string> {
  const answer = await putToken(baseUrl);
  if (answer.status !== 200) throw new Error(`token PUT answered ${answer.status}`);
  return answer.body;
}

/** A request to `path` with the token header when a token is given. */
export async function imdsRequest(
  baseUrl: string,
  path: string,
  token?: string,
  method = 'GET',
): Promise<ImdsAnswer> {
  const headers: Record<string, string> =
    token === undefined ? {} : { 'X-aws-ec2-metadata-token': token };
  const response = await fetch(`${baseUrl}${path}`, { method, headers });
  return { status: response.status, body: await response.text(), headers: response.headers };
}
